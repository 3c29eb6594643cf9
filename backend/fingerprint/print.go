package fingerprint

import (
	"fmt"
	"math"
	"sync"
	"time"

	"stableaudio/backend/audio"
	"stableaudio/backend/audio/analysis"
)

// analysisRate is the rate every input is resampled to before analysis. Pitches and the
// harmonics that identify a recording sit below 4 kHz, and the 8 kHz rate makes the
// spectrogram a fifth of what it would be at 44.1 kHz.
const analysisRate = 8000

// FrameRate is the number of print frames a second: Hash.Frame counts in these.
const FrameRate = float64(analysisRate) / hop

// Input limits. Below 8 kHz half the analysed band would be missing; above 192 kHz the
// decimation filter grows for nothing any recording needs.
const (
	MinSampleRate = analysisRate
	MaxSampleRate = 192000
	// MinDuration is the shortest audio Compute accepts: a second holds only a few
	// dozen hashes, about the least a match can rest on.
	MinDuration = time.Second
)

// Hash is one landmark: a pair of spectral peaks.
type Hash struct {
	Key   uint32 // the two peaks' frequencies and their distance in time, below 1<<21
	Frame uint32 // when the first peak occurs, in frames of 1/FrameRate seconds
}

// Print is the fingerprint of a recording: its hashes, sorted by frame and then key.
type Print struct {
	Frames int // the recording's length in frames
	Hashes []Hash
}

// Duration is the length of the fingerprinted audio, to within a frame (16 ms) short:
// frame t is centred on t/FrameRate seconds, and the last one on the audio's end or
// before it.
func (p *Print) Duration() time.Duration {
	return frameDuration(float64(max(p.Frames-1, 0)))
}

func frameDuration(frames float64) time.Duration {
	return time.Duration(frames / FrameRate * float64(time.Second))
}

// Compute fingerprints the buffer. Any rate from MinSampleRate to MaxSampleRate and any
// number of channels will do; channels are mixed down first. Silence gives a print
// without hashes, which matches nothing. It uses every core, and may be called from
// several goroutines at once.
func Compute(b *audio.Buffer) (*Print, error) {
	if b == nil {
		return nil, fmt.Errorf("%w: the buffer is nil", ErrNoAudio)
	}
	if err := b.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoAudio, err)
	}
	if b.SampleRate < MinSampleRate || b.SampleRate > MaxSampleRate {
		return nil, fmt.Errorf("%w: the sample rate %d Hz is outside %d–%d Hz; resample the audio first",
			ErrNoAudio, b.SampleRate, MinSampleRate, MaxSampleRate)
	}
	if b.Duration() < MinDuration {
		return nil, fmt.Errorf("%w: %v of audio, need at least %v", ErrTooShort, b.Duration(), MinDuration)
	}
	var x []float32
	switch {
	case b.SampleRate != analysisRate && b.Channels == 1:
		x = decimatorFor(b.SampleRate).run(b.Samples) // a new slice: b is left as it is
	case b.SampleRate != analysisRate:
		x = decimatorFor(b.SampleRate).run(analysis.Mono(b))
	default:
		x = analysis.Mono(b)
	}
	return fromAnalysisRate(x), nil
}

// fromAnalysisRate fingerprints the mono signal x at analysisRate, which it may change.
func fromAnalysisRate(x []float32) *Print {
	// A NaN or an infinity would spread through every sum it enters, from the frame it
	// is in to the whole of the salience table; as silence it costs a few milliseconds.
	for i, v := range x {
		if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
			x[i] = 0
		}
	}
	return &Print{Frames: frameCount(len(x)), Hashes: pairUp(findPeaks(x))}
}

// frameCount is the number of spectrogram frames over n samples at analysisRate: frame
// t is centred on sample t·hop, as in analysis.NewSpectrogram.
func frameCount(n int) int { return n/hop + 1 }

var decimators sync.Map // sample rate → *decimator

// decimatorFor returns the shared decimator for a rate: its table takes longer to build
// than a short query takes to fingerprint.
func decimatorFor(rate int) *decimator {
	if d, ok := decimators.Load(rate); ok {
		return d.(*decimator)
	}
	d, _ := decimators.LoadOrStore(rate, newDecimator(rate))
	return d.(*decimator)
}

// maxFrames bounds a print's length (about 200 days) so that offsets between two prints
// always fit in 32 bits.
const maxFrames = 1 << 30

// validate reports a print that Compute could not have made: the matching relies on
// hashes in order and keys in range.
func (p *Print) validate() error {
	if p == nil {
		return fmt.Errorf("%w: the print is nil", ErrCorrupt)
	}
	if p.Frames < 0 || p.Frames > maxFrames {
		return fmt.Errorf("%w: %d frames is out of range", ErrCorrupt, p.Frames)
	}
	for i, h := range p.Hashes {
		switch {
		case h.Key >= 1<<keyBits:
			return fmt.Errorf("%w: hash %d has key %#x, above %d bits", ErrCorrupt, i, h.Key, keyBits)
		case int64(h.Frame) >= int64(p.Frames):
			return fmt.Errorf("%w: hash %d is at frame %d of %d", ErrCorrupt, i, h.Frame, p.Frames)
		case i > 0 && compareHashes(p.Hashes[i-1], h) >= 0:
			return fmt.Errorf("%w: hash %d is out of order or repeated", ErrCorrupt, i)
		}
	}
	return nil
}
