package audio

import "math"

// The K-weighting filter of ITU-R BS.1770-4 is published only as two biquads for 48 kHz.
// Resampling every buffer to 48 kHz just to measure it would cost more than the measurement,
// so the coefficients are rederived for the buffer's own rate from the analog prototype
// they came from. The prototype's parameters are the ones that reproduce the published
// 48 kHz coefficients to about 1e-8 (the same values libebur128 and pyloudnorm use);
// TestKWeightingMatchesPublished48kCoefficients pins that.
const (
	// Stage 1: a high shelf of about +4 dB above ~1.7 kHz that models the acoustic
	// effect of the head.
	kShelfF0   = 1681.974450955533 // Hz, centre of the shelf's transition
	kShelfGain = 3.999843853973347 // dB, gain of the shelf at high frequencies
	kShelfQ    = 0.7071752369554196
	// kShelfVbExp sets the gain of the band-pass term of the shelf, as Vb = Vh^kShelfVbExp.
	// It is not 0.5 exactly because the published filter was fitted, not designed.
	kShelfVbExp = 0.4996667741545416

	// Stage 2: the "RLB" second-order high-pass that discounts the lowest frequencies.
	kHighPassF0 = 38.13547087602444 // Hz
	kHighPassQ  = 0.5003270373238773
)

// kStage is one second-order IIR section of the K-weighting filter, normalised so that
// a0 = 1.
type kStage struct {
	b0, b1, b2, a1, a2 float64
}

// kWeighting returns the shelf and high-pass stages for the sample rate in Hz.
func kWeighting(sampleRate int) (shelf, highPass kStage) {
	fs := float64(sampleRate)

	// Bilinear transform with the frequency pre-warped at f0, so the transition sits at
	// the same frequency at every rate.
	k := math.Tan(math.Pi * kShelfF0 / fs)
	vh := math.Pow(10, kShelfGain/20)
	vb := math.Pow(vh, kShelfVbExp)
	a0 := 1 + k/kShelfQ + k*k
	shelf = kStage{
		b0: (vh + vb*k/kShelfQ + k*k) / a0,
		b1: 2 * (k*k - vh) / a0,
		b2: (vh - vb*k/kShelfQ + k*k) / a0,
		a1: 2 * (k*k - 1) / a0,
		a2: (1 - k/kShelfQ + k*k) / a0,
	}

	k = math.Tan(math.Pi * kHighPassF0 / fs)
	a0 = 1 + k/kHighPassQ + k*k
	// The standard publishes the numerator as exactly 1, -2, 1 rather than divided by a0,
	// which leaves the pass band a hair above 0 dB; matching it keeps readings identical
	// to other BS.1770 meters.
	highPass = kStage{
		b0: 1, b1: -2, b2: 1,
		a1: 2 * (k*k - 1) / a0,
		a2: (1 - k/kHighPassQ + k*k) / a0,
	}
	return shelf, highPass
}

// gainAt is the magnitude of the section's response at f Hz for the sample rate fs; the
// tests use it to predict what a tone should read.
func (q kStage) gainAt(f, fs float64) float64 {
	w := 2 * math.Pi * f / fs
	// H(z) evaluated on the unit circle at z = e^{jw}.
	z1 := complex(math.Cos(w), -math.Sin(w)) // z^-1
	z2 := z1 * z1
	num := complex(q.b0, 0) + complex(q.b1, 0)*z1 + complex(q.b2, 0)*z2
	den := 1 + complex(q.a1, 0)*z1 + complex(q.a2, 0)*z2
	r := num / den
	return math.Hypot(real(r), imag(r))
}

// kFilter runs both K-weighting stages over one channel of an interleaved buffer, keeping
// its state between calls so a long buffer can be processed segment by segment.
type kFilter struct {
	shelf, highPass kStage
	// Direct form I state: the last two inputs and outputs of each stage. DF I rather than
	// transposed DF II because the high-pass has poles within 0.005 of z = 1, where DF I
	// in float64 keeps the low-frequency error negligible.
	x1, x2, y1, y2 float64 // shelf
	z1, z2, w1, w2 float64 // high-pass (its input is the shelf's output y)
}

func newKFilter(sampleRate int) *kFilter {
	f := &kFilter{}
	f.shelf, f.highPass = kWeighting(sampleRate)
	return f
}

// sumSquares filters samples[offset], samples[offset+stride], ... and returns the sum of
// the squared outputs.
func (f *kFilter) sumSquares(samples []float32, offset, stride int) float64 {
	s, h := f.shelf, f.highPass
	x1, x2, y1, y2 := f.x1, f.x2, f.y1, f.y2
	z1, z2, w1, w2 := f.z1, f.z2, f.w1, f.w2
	var sum float64
	for i := offset; i < len(samples); i += stride {
		x := float64(samples[i])
		y := s.b0*x + s.b1*x1 + s.b2*x2 - s.a1*y1 - s.a2*y2
		x2, x1 = x1, x
		y2, y1 = y1, y
		w := h.b0*y + h.b1*z1 + h.b2*z2 - h.a1*w1 - h.a2*w2
		z2, z1 = z1, y
		w2, w1 = w1, w
		sum += w * w
	}
	f.x1, f.x2, f.y1, f.y2 = x1, x2, y1, y2
	f.z1, f.z2, f.w1, f.w2 = z1, z2, w1, w2
	return sum
}
