package fingerprint

import (
	"math"

	"stableaudio/backend/audio"
)

// The decimation filter is a polyphase Kaiser-windowed sinc with its cut-off at the
// analysis Nyquist frequency (4 kHz). Ten output samples either side give a transition
// band of about ±500 Hz, so everything above 4.5 kHz is at least 45 dB down: what folds
// back lands above 3.5 kHz, where no peak is picked (maxBin), and the band the peaks
// come from is clean.
const (
	filterReach = 10  // output samples the filter spans on each side of its centre
	filterBeta  = 4.0 // Kaiser window shape for ~45 dB of stop band
	// maxPhases bounds the table for rates with an awkward ratio to 8 kHz (44101 Hz needs
	// 8000 phases); placing outputs to 1/1024 of an input sample instead moves them by
	// less than a microsecond.
	maxPhases = 1024
)

// decimator resamples from one input rate to analysisRate.
type decimator struct {
	inRate int
	half   int       // taps on each side of the output position, in input samples
	phases int       // distinct fractional positions of an output sample between inputs
	taps   []float32 // phases × 2·half coefficients, phase by phase
	// The phases repeat every period outputs, which span stride inputs (441 for 80
	// outputs from 44.1 kHz); period is 0 when maxPhases rounds the phases instead.
	period, stride int
}

func newDecimator(inRate int) *decimator {
	g := gcd(inRate, analysisRate)
	d := &decimator{
		inRate: inRate,
		half:   int(math.Ceil(filterReach * float64(inRate) / analysisRate)),
		phases: min(analysisRate/g, maxPhases),
	}
	if analysisRate/g <= maxPhases {
		d.period, d.stride = analysisRate/g, inRate/g
	}
	width := 2 * d.half
	d.taps = make([]float32, d.phases*width)
	cut := float64(analysisRate) / float64(inRate) // cut-off relative to the input's Nyquist
	v := make([]float64, width)
	for p := range d.phases {
		h := d.taps[p*width : (p+1)*width]
		var sum float64
		for j := range v {
			// Distance from input half−1−j places before the output to the output.
			dist := float64(p)/float64(d.phases) + float64(d.half-1-j)
			v[j] = sinc(cut*dist) * audio.KaiserWindow(dist/float64(d.half), filterBeta)
			sum += v[j]
		}
		// Unit gain at DC for every phase, so a steady level does not ripple with position.
		for j := range v {
			h[j] = float32(v[j] / sum)
		}
	}
	return d
}

// run low-passes and resamples x, splitting the output between the cores.
func (d *decimator) run(x []float32) []float32 {
	out := make([]float32, d.outputs(int64(len(x))))
	forEach(chunks(len(out), analysisRate), func(_ int, s span) {
		d.runRange(out[s.lo:s.hi], s.lo, signal{x: x})
	})
	return out
}

// outputs is the number of output samples for n input samples.
func (d *decimator) outputs(n int64) int {
	return int((n*analysisRate + int64(d.inRate) - 1) / int64(d.inRate))
}

// firstInput is the first input sample output i is computed from.
func (d *decimator) firstInput(i int) int64 {
	return int64(i)*int64(d.inRate)/analysisRate - int64(d.half) + 1
}

// signal is a stretch of the input: x holds samples base to base+len(x), and the
// signal is silence outside them.
type signal struct {
	x    []float32
	base int64
}

// runRange computes outputs lo to lo+len(out) into out.
func (d *decimator) runRange(out []float32, lo int, x signal) {
	i, hi := lo, lo+len(out)
	if d.period > 0 {
		// Outputs a period apart have the same taps on inputs a stride apart, so four
		// of them at a time load each tap once instead of four times.
		for ; i+4*d.period <= hi; i += 4 * d.period {
			for j := i; j < i+d.period; j++ {
				d.four(out[j-lo:], x, j)
			}
		}
	}
	for ; i < hi; i++ {
		out[i-lo] = d.one(x, i)
	}
}

// window returns the taps for output i and where in x they start. Output i sits at
// input position i·inRate/analysisRate, kept as an exact fraction so long inputs do
// not drift.
func (d *decimator) window(x signal, i int) (taps []float32, first int) {
	pos := int64(i) * int64(d.inRate)
	phase := int(pos%analysisRate) * d.phases / analysisRate
	width := 2 * d.half
	return d.taps[phase*width : (phase+1)*width], int(d.firstInput(i) - x.base)
}

// four computes outputs i, i+period, i+2·period and i+3·period into out[0],
// out[period]…. Each is summed in the same order as by one, so an output does not
// depend on which computes it, nor the print on how the work was split between cores.
func (d *decimator) four(out []float32, x signal, i int) {
	h, first := d.window(x, i)
	p := d.period
	if first < 0 || first+3*d.stride+len(h) > len(x.x) {
		for k := range 4 {
			out[k*p] = d.one(x, i+k*p)
		}
		return
	}
	x0 := x.x[first:][:len(h)]
	x1 := x.x[first+d.stride:][:len(h)]
	x2 := x.x[first+2*d.stride:][:len(h)]
	x3 := x.x[first+3*d.stride:][:len(h)]
	var s0, s1, s2, s3 float32
	for j, c := range h {
		s0 += c * x0[j]
		s1 += c * x1[j]
		s2 += c * x2[j]
		s3 += c * x3[j]
	}
	out[0], out[p], out[2*p], out[3*p] = s0, s1, s2, s3
}

// one computes output i, taking the signal as silence outside x.
func (d *decimator) one(x signal, i int) float32 {
	h, first := d.window(x, i)
	var sum float32
	for j, c := range h {
		if k := first + j; k >= 0 && k < len(x.x) {
			sum += c * x.x[k]
		}
	}
	return sum
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// sinc is sin(πx)/(πx).
func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}
