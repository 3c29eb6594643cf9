package synthgraph

import (
	"errors"
	"fmt"
	"math"
)

// ErrBadControls is returned (wrapped) for Controls that cannot be rendered;
// the message names the voice, the field and the frame.
var ErrBadControls = errors.New("synthgraph: invalid controls")

// Controls is a whole track's performance at the control rate: frame i of
// every row sits at sample i·Hop, and the synthesiser interpolates linearly
// between frames. Voice v is row v of every field; a Config with more voices
// than given leaves the rest silent, and an empty row means all zeros.
type Controls struct {
	F0    [][]float32 // Hz, ≥ 0; above 0.45 of the sample rate a voice is silent
	Amp   [][]float32 // harmonic amplitude, ≥ 0: the waveform's peak bound
	Noise [][]float32 // noise level, ≥ 0: its RMS

	Harmonics  [][]float32 // per voice, up to K relative amplitudes (≥ 0) of harmonics 1, 2, …; none = a sine
	Pan        []float32   // per voice, −1 (left) … 1 (right), constant power
	NoiseColor []float32   // per voice, −1 (first sum: dull) … 0 (white) … 1 (first difference: hi-hat bright)
}

// Frames is the number of control frames: the length of the longest row of
// F0, Amp and Noise (Validate requires the non-empty rows to agree).
func (c *Controls) Frames() int {
	n := 0
	for _, rows := range [][][]float32{c.F0, c.Amp, c.Noise} {
		for _, r := range rows {
			n = max(n, len(r))
		}
	}
	return n
}

// Validate checks c against cfg: row counts, equal frame counts, finite
// values and ranges. Render calls it before doing any work.
func (c *Controls) Validate(cfg Config) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrBadControls, fmt.Sprintf(format, args...))
	}
	frames := c.Frames()
	if frames == 0 {
		return bad("no control frames; give at least one voice an F0, Amp or Noise row")
	}
	series := []struct {
		name string
		rows [][]float32
	}{{"F0", c.F0}, {"Amp", c.Amp}, {"Noise", c.Noise}}
	for _, s := range series {
		if len(s.rows) > cfg.Voices {
			return bad("%s has %d voices; the graph has %d", s.name, len(s.rows), cfg.Voices)
		}
		for v, r := range s.rows {
			if len(r) != 0 && len(r) != frames {
				return bad("%s voice %d has %d frames, other rows have %d; give every row the same length", s.name, v, len(r), frames)
			}
			if i, x := firstOutside(r, 0, math.Inf(1)); i >= 0 {
				return bad("%s voice %d frame %d is %v; it must be finite and ≥ 0", s.name, v, i, x)
			}
		}
	}
	if len(c.Harmonics) > cfg.Voices {
		return bad("Harmonics has %d voices; the graph has %d", len(c.Harmonics), cfg.Voices)
	}
	for v, h := range c.Harmonics {
		if len(h) > cfg.Harmonics {
			return bad("Harmonics voice %d has %d harmonics; the graph has %d", v, len(h), cfg.Harmonics)
		}
		if i, x := firstOutside(h, 0, math.Inf(1)); i >= 0 {
			return bad("Harmonics voice %d harmonic %d is %v; it must be finite and ≥ 0", v, i+1, x)
		}
	}
	perVoice := []struct {
		name   string
		vals   []float32
		lo, hi float64
	}{{"Pan", c.Pan, -1, 1}, {"NoiseColor", c.NoiseColor, -1, 1}}
	for _, p := range perVoice {
		if len(p.vals) > cfg.Voices {
			return bad("%s has %d voices; the graph has %d", p.name, len(p.vals), cfg.Voices)
		}
		if v, x := firstOutside(p.vals, p.lo, p.hi); v >= 0 {
			return bad("%s of voice %d is %v; it must be in [%g, %g]", p.name, v, x, p.lo, p.hi)
		}
	}
	return nil
}

// firstOutside returns the index and value of the first element that is
// NaN or outside [lo, hi], or -1.
func firstOutside(xs []float32, lo, hi float64) (int, float32) {
	for i, x := range xs {
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) || f < lo || f > hi {
			return i, x
		}
	}
	return -1, 0
}

// fillFrames copies frames [first, first+len(row of dst)) of rows into dst,
// [V, C+1] row-major, holding each row's last frame past its end (so the
// final chunk, which may reach past the track, sustains rather than jumps)
// and writing zeros for missing voices and empty rows.
func fillFrames(dst []float32, rows [][]float32, voices, width, first int) {
	for v := range voices {
		out := dst[v*width : (v+1)*width]
		var r []float32
		if v < len(rows) {
			r = rows[v]
		}
		if len(r) == 0 {
			clear(out)
			continue
		}
		n := copy(out, r[min(first, len(r)):])
		for i := n; i < width; i++ {
			out[i] = r[len(r)-1]
		}
	}
}

// fillHarmonics copies per-voice harmonic rows into dst [V, K], zero-padding
// short rows; a voice without a row gets the fundamental alone (a sine), the
// natural default for a voice that only has an F0.
func fillHarmonics(dst []float32, rows [][]float32, voices, k int) {
	for v := range voices {
		out := dst[v*k : (v+1)*k]
		clear(out)
		if v < len(rows) && len(rows[v]) > 0 {
			copy(out, rows[v])
		} else {
			out[0] = 1
		}
	}
}

// fillPerVoice copies up to len(dst) values, zero-padding missing voices.
func fillPerVoice(dst, vals []float32) {
	clear(dst)
	copy(dst, vals)
}
