package fingerprint

import (
	"math"
	"runtime"
	"sync"
)

// The decimation filter is a polyphase Kaiser-windowed sinc with its cut-off at the
// analysis Nyquist frequency (4 kHz). Ten output samples either side give a transition
// band of about ±500 Hz, so everything above 4.5 kHz is at least 45 dB down: what folds
// back lands above 3.5 kHz, where no peak is picked (maxHz), and the band the peaks
// come from is clean.
const (
	filterReach = 10  // output samples the filter spans on each side of its centre
	filterBeta  = 4.0 // Kaiser window shape for ~45 dB of stop band
	// maxPhases bounds the table for rates with an awkward ratio to 8 kHz (44101 Hz needs
	// 8000 phases); rounding the position to 1/1024 of an input sample moves a peak by
	// under 2 µs.
	maxPhases = 1024
)

// decimator resamples from one input rate to analysisRate.
type decimator struct {
	inRate int
	half   int       // taps on each side of the output position, in input samples
	phases int       // distinct fractional positions of an output sample between inputs
	taps   []float32 // phases × 2·half coefficients, phase by phase
}

func newDecimator(inRate int) *decimator {
	g := gcd(inRate, analysisRate)
	d := &decimator{
		inRate: inRate,
		half:   int(math.Ceil(filterReach * float64(inRate) / analysisRate)),
		phases: min(analysisRate/g, maxPhases),
	}
	width := 2 * d.half
	d.taps = make([]float32, d.phases*width)
	cut := float64(analysisRate) / float64(inRate) // cut-off relative to the input's Nyquist
	for p := range d.phases {
		h := d.taps[p*width : (p+1)*width]
		var sum float64
		v := make([]float64, width)
		for j := range v {
			// Distance from input half−1−j places before the output to the output.
			dist := float64(p)/float64(d.phases) + float64(d.half-1-j)
			v[j] = sinc(cut*dist) * kaiser(dist/float64(d.half))
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
	n := int((int64(len(x))*analysisRate + int64(d.inRate) - 1) / int64(d.inRate))
	out := make([]float32, n)
	workers := min(runtime.GOMAXPROCS(0), max(1, n/(1<<14)))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Go(func() { d.runRange(out, x, lo, hi) })
	}
	wg.Wait()
	return out
}

// runRange computes out[lo:hi]. Output i sits at input position i·inRate/analysisRate,
// kept as an exact fraction so long inputs do not drift.
func (d *decimator) runRange(out, x []float32, lo, hi int) {
	width := 2 * d.half
	for i := lo; i < hi; i++ {
		pos := int64(i) * int64(d.inRate)
		base := int(pos / analysisRate)
		phase := int(pos%analysisRate) * d.phases / analysisRate
		h := d.taps[phase*width : (phase+1)*width]
		first := base - d.half + 1
		var sum float32
		if first >= 0 && first+width <= len(x) {
			src := x[first : first+width]
			h = h[:len(src)]
			for j, v := range src {
				sum += v * h[j]
			}
		} else {
			// Near the ends the signal is taken as silence outside it.
			for j, c := range h {
				if k := first + j; k >= 0 && k < len(x) {
					sum += x[k] * c
				}
			}
		}
		out[i] = sum
	}
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

// kaiser is the Kaiser window at x ∈ [−1, 1], zero outside.
func kaiser(x float64) float64 {
	if x <= -1 || x >= 1 {
		return 0
	}
	return besselI0(filterBeta*math.Sqrt(1-x*x)) / besselI0(filterBeta)
}

// besselI0 is the modified Bessel function of the first kind, order 0, by its power
// series, which converges quickly for the arguments a window needs.
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 50 && term > sum*1e-17; k++ {
		term *= (x / (2 * float64(k))) * (x / (2 * float64(k)))
		sum += term
	}
	return sum
}
