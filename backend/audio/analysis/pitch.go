package analysis

import (
	"fmt"
	"math"
	"time"

	"stableaudio/backend/audio"
)

// PitchOptions tune Pitch. The zero value suits humming, singing and whistling.
type PitchOptions struct {
	MinHz float64 // lowest pitch searched, Hz; 0 = 50 (below a low male hum)
	// MaxHz is the highest pitch searched, Hz; 0 = 4000 (a high whistle), or a quarter
	// of the sample rate if that is lower.
	MaxHz float64
	Hop   time.Duration // time between estimates; 0 = 10 ms
	// Threshold is YIN's aperiodicity threshold, 0–1; 0 = 0.15. Higher values find a
	// pitch in breathier sound but risk octave errors.
	Threshold float64
	// SilenceDBFS is the frame RMS level, in dB of full scale, below which a frame is
	// unvoiced whatever its periodicity; 0 = −50 dBFS.
	SilenceDBFS float64
}

func (o PitchOptions) withDefaults(rate float64) PitchOptions {
	if o.MinHz <= 0 {
		o.MinHz = 50
	}
	if o.MaxHz <= 0 {
		o.MaxHz = min(4000, rate/4)
	}
	if o.Hop <= 0 {
		o.Hop = 10 * time.Millisecond
	}
	if o.Threshold <= 0 {
		o.Threshold = 0.15
	}
	if o.SilenceDBFS == 0 {
		o.SilenceDBFS = -50
	}
	return o
}

// PitchTrack is a pitch contour: one estimate per hop.
type PitchTrack struct {
	FrameRate float64   // estimates per second
	Hz        []float64 // fundamental frequency of estimate i, 0 where unvoiced
}

// Time is the moment estimate i describes (the centre of its analysis window).
func (p PitchTrack) Time(i int) time.Duration {
	return time.Duration(float64(i) / p.FrameRate * float64(time.Second))
}

// Pitch tracks the fundamental frequency of a monophonic recording with YIN (de
// Cheveigné & Kawahara, 2002). YIN rather than plain autocorrelation because its
// cumulative-mean normalisation stops the lag-0 peak and the peaks at 2, 3, … periods
// from winning, which is where autocorrelation makes octave errors on hummed vowels.
func Pitch(b *audio.Buffer, opt PitchOptions) (PitchTrack, error) {
	x, err := monoOf(b)
	if err != nil {
		return PitchTrack{}, err
	}
	rate := float64(b.SampleRate)
	opt = opt.withDefaults(rate)
	// Above a quarter of the sample rate a period is under four samples, too few to
	// interpolate to within 1 %.
	if opt.MinHz >= opt.MaxHz || opt.MaxHz > rate/4 {
		return PitchTrack{}, fmt.Errorf("%w: pitch range %g–%g Hz must be increasing and at most "+
			"a quarter of the %d Hz sample rate", ErrBadOptions, opt.MinHz, opt.MaxHz, b.SampleRate)
	}
	hop := max(1, int(math.Round(opt.Hop.Seconds()*rate)))
	track := PitchTrack{FrameRate: rate / float64(hop), Hz: make([]float64, len(x)/hop+1)}
	parallelChunks(len(track.Hz), func(lo, hi int) {
		y := newYIN(int(rate/opt.MaxHz), int(math.Ceil(rate/opt.MinHz))+1, opt)
		for i := lo; i < hi; i++ {
			start := i*hop - y.span()/2
			period := y.period(x, start)
			if period == 0 {
				continue
			}
			// The samples compared at lag τ are centred (τmax−τ)/2 before the frame
			// centre: 9 ms for an 800 Hz note, which in a glide of an octave a second is
			// 0.6 %. A second pass, shifted by that much, measures the pitch at the
			// frame's own time.
			if again := y.period(x, start+(y.tauMax-int(period))/2); again > 0 {
				period = again
			}
			track.Hz[i] = rate / period
		}
	})
	return track, nil
}

// yin holds the settings and scratch buffers of one YIN worker. The integration window
// is as long as the longest period: the shortest that still sees a whole cycle of the
// lowest note.
type yin struct {
	tauMin, tauMax int     // lag range, samples
	window         int     // integration window, samples
	threshold      float64 // on d'(τ)
	minEnergy      float64 // mean square below which a frame is silent

	seg  []float64    // the frame: window plus the longest lag
	cum  []float64    // prefix sums of seg², for the energy at every lag
	buf  []complex128 // FFT scratch, then the cross-correlation
	prod []complex128 // spectrum product
	diff []float64    // difference function d(τ)
	cmnd []float64    // cumulative-mean-normalised difference d'(τ)
}

func (y *yin) span() int { return y.window + y.tauMax }

func newYIN(tauMin, tauMax int, opt PitchOptions) *yin {
	y := &yin{
		tauMin:    max(2, tauMin),
		tauMax:    tauMax,
		window:    tauMax,
		threshold: opt.Threshold,
		minEnergy: math.Pow(10, opt.SilenceDBFS/10),
	}
	n := 1
	for n < y.span() {
		n <<= 1
	}
	y.seg = make([]float64, y.span())
	y.cum = make([]float64, y.span()+1)
	y.buf = make([]complex128, n)
	y.prod = make([]complex128, n)
	y.cmnd = make([]float64, y.tauMax+1)
	y.diff = make([]float64, y.tauMax+1)
	return y
}

// period returns the period, in samples, of the frame starting at x[start], or 0 if
// the frame is silent or not periodic enough.
func (y *yin) period(x []float32, start int) float64 {
	for j := range y.seg {
		y.seg[j] = 0
		if n := start + j; n >= 0 && n < len(x) {
			y.seg[j] = float64(x[n])
		}
		y.cum[j+1] = y.cum[j] + y.seg[j]*y.seg[j]
	}
	w := y.window
	e0 := y.cum[w]
	if e0/float64(w) < y.minEnergy {
		return 0
	}
	y.crossCorrelate()
	// d(τ) = Σ (x_j − x_{j+τ})² over the window = e0 + e_τ − 2·c(τ), all from the FFT.
	var running float64
	y.cmnd[0] = 1
	for tau := 1; tau <= y.tauMax; tau++ {
		d := max(0, e0+y.cum[tau+w]-y.cum[tau]-2*real(y.buf[tau]))
		y.diff[tau] = d
		running += d
		y.cmnd[tau] = 1
		if running > 0 {
			y.cmnd[tau] = d * float64(tau) / running
		}
	}
	// The first dip below the threshold, followed down to its minimum: the first rather
	// than the deepest, because the dips at 2, 3, … periods are often as deep.
	for tau := y.tauMin; tau < y.tauMax; tau++ {
		if y.cmnd[tau] >= y.threshold {
			continue
		}
		for tau+1 < y.tauMax && y.cmnd[tau+1] < y.cmnd[tau] {
			tau++
		}
		a, b, c := y.diff[tau-1], y.diff[tau], y.diff[tau+1]
		shift := 0.0
		if den := a - 2*b + c; den > 0 {
			shift = 0.5 * (a - c) / den
		}
		return float64(tau) + max(-1, min(1, shift))
	}
	return 0
}

// crossCorrelate leaves c(τ) = Σ_{j<window} seg[j]·seg[j+τ] in real(y.buf[τ]). Both
// real inputs share one complex FFT (the window in the real part, the whole segment in
// the imaginary part) and are separated by conjugate symmetry; the FFT size exceeds
// window + τmax, so the circular correlation does not wrap.
func (y *yin) crossCorrelate() {
	n := len(y.buf)
	for j := range y.buf {
		var a, b float64
		if j < y.window {
			a = y.seg[j]
		}
		if j < len(y.seg) {
			b = y.seg[j]
		}
		y.buf[j] = complex(a, b)
	}
	FFT(y.buf)
	for k := range y.buf {
		z, zm := y.buf[k], y.buf[(n-k)%n]
		zmc := complex(real(zm), -imag(zm))
		A := (z + zmc) * 0.5
		B := (z - zmc) * complex(0, -0.5)
		y.prod[k] = complex(real(A), -imag(A)) * B
	}
	copy(y.buf, y.prod)
	InverseFFT(y.buf)
}
