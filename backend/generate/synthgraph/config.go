package synthgraph

import (
	"errors"
	"fmt"
)

// ErrBadConfig is returned (wrapped) for a Config the graph cannot be built
// from; the message names the field and the allowed range.
var ErrBadConfig = errors.New("synthgraph: invalid config")

// Config fixes the graph's shape. Every tensor in the graph has a size known
// at build time, so ORT plans its memory once and reuses it for every chunk.
type Config struct {
	Voices         int // V: parallel voices (drums and tonal parts), e.g. 12
	Harmonics      int // K: harmonics per voice in the wavetable, e.g. 24
	TableSize      int // T: wavetable length in samples per cycle, a power of two, e.g. 2048
	Hop            int // H: audio samples per control frame, e.g. 147 (300 frames/s at 44.1 kHz)
	FramesPerChunk int // C: control frames per graph run; a chunk is C·H samples
	SampleRate     int // audio samples per second, e.g. 44100
}

// DefaultConfig is the product's configuration: 12 voices of 24 harmonics,
// 300 control frames per second and one-second chunks at 44.1 kHz.
func DefaultConfig() Config {
	return Config{
		Voices:         12,
		Harmonics:      24,
		TableSize:      2048,
		Hop:            147,
		FramesPerChunk: 300,
		SampleRate:     44100,
	}
}

// FrameRate is the control rate: frames per second.
func (c Config) FrameRate() float64 { return float64(c.SampleRate) / float64(c.Hop) }

// FramesFor is the number of control frames a track of samples needs, so
// that Controls with that many frames render at least that long.
func (c Config) FramesFor(samples int) int { return (samples + c.Hop - 1) / c.Hop }

// ChunkSamples is N = C·H, the audio samples one graph run renders.
func (c Config) ChunkSamples() int { return c.FramesPerChunk * c.Hop }

// ChunkFrames is C+1: a chunk reads one frame past its end, so that linear
// interpolation reaches the next chunk's first frame and the seam is smooth.
func (c Config) ChunkFrames() int { return c.FramesPerChunk + 1 }

// maxPhaseUnits bounds the float32 within-frame phase, in table samples.
// The oscillator adds up to Hop/2 cycles (f0 ≤ sr/2) to a wrapped start in
// [0, 1) in float32; below 2^18 its resolution is 1/64 of a table sample or
// better, which keeps the phase noise under −90 dB.
const maxPhaseUnits = 1 << 18

// Validate reports the first field out of range, wrapping ErrBadConfig.
func (c Config) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrBadConfig, fmt.Sprintf(format, args...))
	}
	switch {
	case c.Voices < 1 || c.Voices > 256:
		return bad("Voices is %d; use 1 to 256", c.Voices)
	case c.Harmonics < 1 || c.Harmonics > 256:
		return bad("Harmonics is %d; use 1 to 256", c.Harmonics)
	case c.TableSize < 64 || c.TableSize > 1<<16 || c.TableSize&(c.TableSize-1) != 0:
		// A power of two lets the graph wrap the phase with a BitwiseAnd,
		// which is ten times cheaper in ORT than a floating-point Mod.
		return bad("TableSize is %d; use a power of two from 64 to 65536", c.TableSize)
	case c.TableSize < 4*c.Harmonics:
		return bad("TableSize %d is too small for %d harmonics; use at least %d", c.TableSize, c.Harmonics, 4*c.Harmonics)
	case c.SampleRate < 8000 || c.SampleRate > 384000:
		return bad("SampleRate is %d; use 8000 to 384000", c.SampleRate)
	case c.Hop < 1:
		return bad("Hop is %d; it must be at least 1", c.Hop)
	case c.TableSize*(c.Hop/2+1) > maxPhaseUnits:
		return bad("TableSize %d × Hop %d loses float32 phase precision; keep TableSize·(Hop/2+1) ≤ %d",
			c.TableSize, c.Hop, maxPhaseUnits)
	case c.FramesPerChunk < 1:
		return bad("FramesPerChunk is %d; it must be at least 1", c.FramesPerChunk)
	case c.ChunkSamples() > 1<<22:
		return bad("a chunk of %d samples is too long; keep FramesPerChunk·Hop ≤ %d", c.ChunkSamples(), 1<<22)
	}
	return nil
}
