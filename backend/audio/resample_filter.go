package audio

import "math"

// The resampler's low-pass is a Kaiser-windowed sinc, designed at the lower of the two
// rates, since that rate's Nyquist frequency is what both anti-aliasing (going down) and
// anti-imaging (going up) must respect. Its transition band lies wholly under that
// Nyquist frequency, from 0.91 to 1.0 of it: nothing above the lower Nyquist frequency
// can alias or image into the result at more than −100 dB, and the band up to 0.91 of it
// (20.06 kHz at 44.1 kHz) stays flat to ±0.0001 dB, the Kaiser design's ripple at 100 dB.
// A wider transition would need fewer taps; one straddling the Nyquist frequency would
// fold a little of 22–24 kHz into 20–22 kHz. Kaiser's formula sizes the filter for this
// at 142.5 samples of the lower rate: 144 taps an output when going up, ~156 from 48 kHz.
const (
	resamplePass  = 0.91  // pass-band edge, a fraction of the lower Nyquist frequency
	resampleStop  = 1.0   // stop-band edge, the same
	resampleAtten = 100.0 // stop-band attenuation and pass-band ripple, dB

	// resampleMaxTable caps the exact polyphase table, in taps. A ratio of small whole
	// numbers (48000→44100 is 147/160: 147 phases) gets one row of taps per phase. An
	// awkward one (44056→44100 is 11025/11014) would need tens of thousands of rows, so
	// it gets a grid of sub-sample steps instead, and each output blends the sums of the
	// two nearest rows, at twice the cost.
	resampleMaxTable = 1 << 20
	// resampleGridSteps is the grid's steps per sample of the lower rate. Interpolating
	// linearly between rows 1/1024 of a sample apart errs by (π/1024)²/8 ≈ −118 dB of a
	// tap at the band edge, out of sight under the 100 dB stop band.
	resampleGridSteps = 1024
)

// resampleBeta is the Kaiser window's shape for resampleAtten (Kaiser's empirical
// formula), and resampleHalfSpan the window's half length in samples of the lower rate,
// from his estimate of the order needed for the transition band.
const (
	resampleBeta     = 0.1102 * (resampleAtten - 8.7)
	resampleHalfSpan = (resampleAtten - 7.95) / (2.285 * math.Pi * (resampleStop - resamplePass)) / 2
)

// resampleFilter is the polyphase form of the low-pass for one pair of rates. Output
// frame j falls at input time j·down/up, between input frames n and n+1 at the fraction
// phase/up; its taps weigh the inputs n−half+1 … n+half.
type resampleFilter struct {
	up, down int // the ratio of the rates in lowest terms: up outputs for every down inputs
	half     int // inputs each side of an output's time; even, so the taps come in fours
	taps     int // 2·half, the taps of one row

	// rows holds the taps row after row. With grid == 0 row p is phase p exactly.
	// Otherwise row r is for the fraction r/grid, r = 0 … grid, and an output between
	// two rows blends their sums.
	rows []float32
	grid int

	cutoff float64 // the −6 dB point, cycles per input sample
	span   float64 // the window's half length, input samples
}

func newResampleFilter(inRate, outRate int) *resampleFilter {
	g := gcdInt(inRate, outRate)
	scale := min(1, float64(outRate)/float64(inRate)) // the lower rate per input sample
	f := &resampleFilter{
		up:     outRate / g,
		down:   inRate / g,
		cutoff: 0.5 * scale * (resamplePass + resampleStop) / 2,
		span:   resampleHalfSpan / scale,
	}
	f.half = int(math.Ceil(f.span))
	f.half += f.half % 2
	f.taps = 2 * f.half

	rows := f.up
	if f.up*f.taps > resampleMaxTable {
		f.grid = max(1, int(math.Ceil(resampleGridSteps*scale)))
		rows = f.grid + 1
	}
	f.rows = make([]float32, rows*f.taps)
	step := float64(f.up)
	if f.grid > 0 {
		step = float64(f.grid)
	}
	for r := range rows {
		f.fillRow(f.rows[r*f.taps:(r+1)*f.taps], float64(r)/step)
	}
	return f
}

// fillRow computes the taps for an output frac of the way from input n to n+1, scaled
// to a DC gain of 1 (to float32 precision) so that no phase lifts or lowers a constant.
func (f *resampleFilter) fillRow(row []float32, frac float64) {
	h := make([]float64, len(row))
	var sum float64
	for k := range h {
		h[k] = f.tap(frac + float64(f.half-1-k))
		sum += h[k]
	}
	for k := range h {
		row[k] = float32(h[k] / sum)
	}
}

// tap is the windowed sinc d input samples from an output's time, before scaling.
func (f *resampleFilter) tap(d float64) float64 {
	x := d / f.span
	if x <= -1 || x >= 1 {
		return 0
	}
	w := KaiserWindow(x, resampleBeta)
	if d == 0 {
		return w
	}
	a := 2 * math.Pi * f.cutoff * d
	return w * math.Sin(a) / a
}

// position is the input frame n at or before output frame j, and j's phase there.
// j·down cannot overflow: it is about frames·outRate/gcd, which Resample bounds.
func (f *resampleFilter) position(j int) (n, phase int) {
	return j * f.down / f.up, j * f.down % f.up
}

// run writes output frames [j0, j1) of every channel of dst from src, using win as
// scratch, and returns win, grown if it had to be.
func (f *resampleFilter) run(src, dst *Buffer, j0, j1 int, win []float32) []float32 {
	ch, frames := src.Channels, src.Frames()
	first, phase0 := f.position(j0)
	last, _ := f.position(j1 - 1)
	lo := first - f.half + 1 // the input frame win[0] holds
	n := last + f.half - lo + 1
	if cap(win) < n {
		win = make([]float32, n)
	}
	win = win[:n]
	stepN, stepP := f.down/f.up, f.down%f.up
	for c := range ch {
		// The input frames the window needs, zero outside the buffer: the output near
		// either end is what the signal would give if it were silent beyond them.
		from, to := max(lo, 0), min(lo+n, frames)
		if from >= to {
			clear(win)
		} else {
			clear(win[:from-lo])
			clear(win[to-lo:])
			for i, s := from-lo, from*ch+c; i < to-lo; i, s = i+1, s+ch {
				win[i] = src.Samples[s]
			}
		}
		at, phase := 0, phase0 // at: where in win the current output's inputs start
		out := dst.Samples[j0*ch+c:]
		for j := range j1 - j0 {
			x := win[at : at+f.taps]
			var y float32
			if f.grid == 0 {
				y = tapsDot(f.rows[phase*f.taps:(phase+1)*f.taps], x)
			} else {
				// pos/up is the fraction in grid steps: row r, then a of the way to r+1.
				pos := phase * f.grid
				r := pos / f.up
				a := float32(pos-r*f.up) / float32(f.up)
				s0, s1 := tapsDot2(f.rows[r*f.taps:(r+1)*f.taps], f.rows[(r+1)*f.taps:(r+2)*f.taps], x)
				y = s0 + a*(s1-s0)
			}
			out[j*ch] = y
			at += stepN
			if phase += stepP; phase >= f.up {
				phase -= f.up
				at++
			}
		}
	}
	return win
}

// tapsDot is Σ h[k]·x[k] over len(h) taps, a multiple of 4, in four running sums so the
// additions do not wait on each other.
func tapsDot(h, x []float32) float32 {
	x = x[:len(h)]
	var s0, s1, s2, s3 float32
	for len(h) >= 4 {
		hh, xx := h[:4:4], x[:4:4]
		s0 += hh[0] * xx[0]
		s1 += hh[1] * xx[1]
		s2 += hh[2] * xx[2]
		s3 += hh[3] * xx[3]
		h, x = h[4:], x[4:]
	}
	return (s0 + s1) + (s2 + s3)
}

// tapsDot2 is tapsDot of x with two rows at once, reading x once.
func tapsDot2(h0, h1, x []float32) (float32, float32) {
	h1, x = h1[:len(h0)], x[:len(h0)]
	var a0, a1, b0, b1 float32
	for len(h0) >= 2 {
		g0, g1, xx := h0[:2:2], h1[:2:2], x[:2:2]
		a0 += g0[0] * xx[0]
		a1 += g0[1] * xx[1]
		b0 += g1[0] * xx[0]
		b1 += g1[1] * xx[1]
		h0, h1, x = h0[2:], h1[2:], x[2:]
	}
	return a0 + a1, b0 + b1
}

func gcdInt(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
