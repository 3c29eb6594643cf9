package audio

import "math"

// The oversampler is a polyphase windowed-sinc interpolator. Annex 2's example filter has
// 12 taps per phase, which under-reads tones near the top of the band by up to ~0.5 dB.
// Images of a 20 kHz tone at 44.1 kHz start at 24.1 kHz, so the filter must turn from
// pass to stop within ±2 kHz of the Nyquist frequency: 48 taps per phase with a Kaiser
// window of β = 7 does that, keeping every oversampled value within 0.01 dB of the true
// waveform up to 20 kHz (TestTruePeakAcrossTheBand); 32 taps were 0.8 dB out at 20 kHz.
// The phase that falls on a sample is the sample itself, since sinc is zero at every
// other whole sample, so only the in-between phases are computed.
const (
	truePeakTaps = 48 // taps per phase, even: the window spans ±24 input samples
	truePeakHalf = truePeakTaps / 2
	truePeakBeta = 7.0 // Kaiser window shape: ~70 dB stop band, so images cannot add to peaks
)

// peakOversampler computes the in-between values of a 2× or 4× oversampler. The filter is
// symmetric, which halves the work: the half-way phase is symmetric itself, and the
// ¾ phase is the ¼ phase reversed, so both come from one sum over the symmetric part of
// the ¼ phase's taps and one over its antisymmetric part.
type peakOversampler struct {
	// mid[k] is the half-way phase's tap for the pair of inputs k and truePeakTaps−1−k.
	mid []float64
	// even and odd are the symmetric and antisymmetric halves of the ¼ phase, folded the
	// same way; nil for 2× oversampling.
	even, odd []float64
	// gainBound is the largest Σ|h| over the phases: no interpolated value exceeds the
	// largest input in its window by more than this factor, which lets the scan skip
	// stretches that cannot hold a new peak.
	gainBound float64
}

// newPeakOversampler builds the oversampler for a factor of 2 or 4.
func newPeakOversampler(factor int) *peakOversampler {
	half := phaseTaps(0.5)
	ip := &peakOversampler{mid: make([]float64, truePeakHalf), gainBound: tapsL1(half)}
	for k := range ip.mid {
		ip.mid[k] = half[k]
	}
	if factor == 4 {
		quarter := phaseTaps(0.25)
		ip.gainBound = max(ip.gainBound, tapsL1(quarter))
		ip.even = make([]float64, truePeakHalf)
		ip.odd = make([]float64, truePeakHalf)
		for k := range truePeakHalf {
			r := quarter[truePeakTaps-1-k]
			ip.even[k] = (quarter[k] + r) / 2
			ip.odd[k] = (quarter[k] - r) / 2
		}
	}
	return ip
}

// phaseTaps returns the taps that compute the signal at time n + frac from the inputs
// n−truePeakHalf+1 … n+truePeakHalf.
func phaseTaps(frac float64) []float64 {
	h := make([]float64, truePeakTaps)
	var sum float64
	for k := range h {
		d := frac + truePeakHalf - 1 - float64(k) // distance from input to output, in samples
		h[k] = kaiserSinc(d)
		sum += h[k]
	}
	// Unit DC gain per phase, so a constant reads the same on and between samples.
	for k := range h {
		h[k] /= sum
	}
	return h
}

// peakBetween returns the largest absolute in-between value for the window of
// truePeakTaps inputs around the sample. It is where TruePeak spends its time.
func (ip *peakOversampler) peakBetween(x []float64) float64 {
	x = x[:truePeakTaps]
	mid := ip.mid[:truePeakHalf]
	if ip.even == nil {
		var m float64
		for k, h := range mid {
			m += h * (x[k] + x[truePeakTaps-1-k])
		}
		return math.Abs(m)
	}
	even, odd := ip.even[:truePeakHalf], ip.odd[:truePeakHalf]
	var m, e, o float64
	for k := range truePeakHalf {
		v, u := x[k], x[truePeakTaps-1-k]
		s := v + u
		m += mid[k] * s
		e += even[k] * s
		o += odd[k] * (v - u)
	}
	// The ¼ phase is e + o, the ¾ phase e − o.
	return max(math.Abs(m), math.Abs(e+o), math.Abs(e-o))
}

// tapsL1 is Σ|h|, the most a filter can amplify a signal bounded by 1.
func tapsL1(h []float64) float64 {
	var s float64
	for _, v := range h {
		s += math.Abs(v)
	}
	return s
}

// kaiserSinc is the ideal low-pass at the input's Nyquist frequency, sin(πd)/(πd), at d
// samples from its centre, under a Kaiser window that spans the filter.
func kaiserSinc(d float64) float64 {
	x := d / truePeakHalf
	if x <= -1 || x >= 1 {
		return 0
	}
	w := KaiserWindow(x, truePeakBeta)
	if d == 0 {
		return w
	}
	return w * math.Sin(math.Pi*d) / (math.Pi * d)
}
