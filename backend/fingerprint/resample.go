package fingerprint

import (
	"math"
	"sync"

	"stableaudio/backend/audio"
)

// The decimation filter is a polyphase Kaiser-windowed sinc with its cut-off at the
// analysis Nyquist frequency (4 kHz). Ten output samples either side give a transition
// band of about ±500 Hz: 40 dB down at 4.5 kHz, 56 dB from 6 kHz (measured). What folds
// back lands above 3.5 kHz, where no peak is picked (maxBin), and the band the peaks
// come from is clean.
//
// Its length grows with the input rate (112 taps an output from 44.1 kHz), and the
// multiplications are most of what fingerprinting a file costs. So an even rate of
// 40 kHz or more is first halved by a 15-tap half-band filter, which needs 4
// multiplications an output: every other tap of a half-band filter is zero, and the
// rest come in equal pairs. It passes 0–4 kHz within 0.2 % and leaves what would fold
// back below 4.5 kHz (from 17.55 kHz up at 44.1 kHz) 56 dB down; the polyphase filter
// then runs at half the rate with half the taps.
const (
	halfBandTaps = 15  // 2·halfBandReach+1; the odd offsets up to ±7 carry the weight
	halfBandBeta = 5.0 // Kaiser shape: 56.9 dB from 44.1 kHz, 60 dB and more from 48 kHz
	halveFrom    = 40000

	filterReach = 10  // output samples the filter spans on each side of its centre
	filterBeta  = 4.0 // Kaiser window shape: 40 dB at the edge of the stop band, more beyond
	// maxPhases bounds the table for rates with an awkward ratio to 8 kHz (44101 Hz needs
	// 8000 phases); placing outputs to 1/1024 of an input sample instead moves them by
	// less than a microsecond.
	maxPhases = 1024
)

const halfBandReach = halfBandTaps / 2

// decimator resamples from one input rate to analysisRate.
type decimator struct {
	fileRate int       // the rate of the input
	halve    bool      // the input is halved first, and inRate is half of fileRate
	band     []float32 // the half-band filter's weights at offsets 0, ±1, ±3, ±5, ±7
	// The polyphase stage.
	inRate int
	half   int       // taps on each side of the output position, in input samples
	phases int       // distinct fractional positions of an output sample between inputs
	taps   []float32 // phases × 2·half coefficients, phase by phase
	// The phases repeat every period outputs, which span stride inputs (441 for 80
	// outputs from 44.1 kHz); period is 0 when maxPhases rounds the phases instead.
	period, stride int
}

func newDecimator(fileRate int) *decimator {
	inRate := fileRate
	halve := fileRate >= halveFrom && fileRate%2 == 0
	if halve {
		inRate /= 2
	}
	g := gcd(inRate, analysisRate)
	d := &decimator{
		fileRate: fileRate,
		halve:    halve,
		band:     halfBand(),
		inRate:   inRate,
		half:     int(math.Ceil(filterReach * float64(inRate) / analysisRate)),
		phases:   min(analysisRate/g, maxPhases),
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

// halfBand returns the weights of the Kaiser-windowed half-band sinc at offsets 0 and
// ±1, ±3, ±5, ±7 (the even ones are zero), scaled to unit gain at DC.
func halfBand() []float32 {
	w := make([]float64, halfBandReach/2+2)
	w[0] = 1
	sum := w[0]
	for m := 1; m < len(w); m++ {
		dist := float64(2*m - 1)
		w[m] = sinc(dist/2) * audio.KaiserWindow(dist/(halfBandReach+1), halfBandBeta)
		sum += 2 * w[m]
	}
	out := make([]float32, len(w))
	for m := range w {
		out[m] = float32(w[m] / sum)
	}
	return out
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
	if d.halve {
		n = (n + 1) / 2
	}
	return int((n*analysisRate + int64(d.inRate) - 1) / int64(d.inRate))
}

// firstInput is the first input sample output i is computed from, and inputs how many
// from there it takes.
func (d *decimator) firstInput(i int) int64 {
	first := d.firstHalved(i)
	if d.halve {
		return 2*first - halfBandReach
	}
	return first
}

func (d *decimator) inputs() int {
	if d.halve {
		return 2*(2*d.half-1) + halfBandTaps
	}
	return 2 * d.half
}

// firstHalved is the first sample of the polyphase stage's input (the halved signal, or
// the input itself) that output i is computed from.
func (d *decimator) firstHalved(i int) int64 {
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
	if d.halve && len(out) > 0 {
		from, end := d.firstHalved(lo), d.firstHalved(lo+len(out)-1)+int64(2*d.half)
		buf := halvedBuffers.Get().(*[]float32)
		defer halvedBuffers.Put(buf)
		if cap(*buf) < int(end-from) {
			*buf = make([]float32, end-from)
		}
		x = d.halved((*buf)[:end-from], x, from)
	}
	d.polyphase(out, lo, x)
}

// halvedBuffers keeps the halved signal's buffers from one block to the next: a
// three-minute file goes through sixty blocks.
var halvedBuffers = sync.Pool{New: func() any { return new([]float32) }}

// halved writes samples from to from+len(out) of the input halved into out: sample j of
// the halved signal is centred on input 2j. The halved signal of an input of n samples
// is (n+1)/2 long and silence outside; x ends where the input does or past what is asked
// for, so x tells n.
func (d *decimator) halved(out []float32, x signal, from int64) signal {
	end := from + int64(len(out))
	n := (x.base + int64(len(x.x)) + 1) / 2
	lo, hi := min(max(from, 0), end), max(min(end, n), from)
	clear(out[:lo-from]) // silence before the signal starts and after it ends
	clear(out[hi-from:])
	// Sample j is centred on x[2j−base]; inside [inLo, inHi) all 15 inputs are in x (>>1
	// halves rounding down, negative numbers too).
	inLo := min(max(lo, (x.base+halfBandReach+1)>>1), hi)
	inHi := max(min(hi, (x.base+int64(len(x.x))-halfBandReach+1)>>1), inLo)
	for j := lo; j < inLo; j++ {
		out[j-from] = d.halvedAtEdge(x.x, int(2*j-x.base))
	}
	c0, c1, c2, c3, c4 := d.band[0], d.band[1], d.band[2], d.band[3], d.band[4]
	dst := out[inLo-from : inHi-from]
	src := x.x[2*inLo-x.base-halfBandReach:]
	for i := range dst {
		v := src[2*i : 2*i+halfBandTaps : 2*i+halfBandTaps]
		// Summed as a tree rather than a chain, so the additions overlap.
		dst[i] = (c0*v[7] + c1*(v[6]+v[8])) + (c2*(v[4]+v[10]) + (c3*(v[2]+v[12]) + c4*(v[0]+v[14])))
	}
	for j := inHi; j < hi; j++ {
		out[j-from] = d.halvedAtEdge(x.x, int(2*j-x.base))
	}
	return signal{x: out, base: from}
}

// halvedAtEdge is one halved sample centred on x[at], with silence outside x, summed as
// in halved.
func (d *decimator) halvedAtEdge(x []float32, at int) float32 {
	get := func(k int) float32 {
		if k < 0 || k >= len(x) {
			return 0
		}
		return x[k]
	}
	c := d.band
	return (c[0]*get(at) + c[1]*(get(at-1)+get(at+1))) + (c[2]*(get(at-3)+get(at+3)) +
		(c[3]*(get(at-5)+get(at+5)) + c[4]*(get(at-7)+get(at+7))))
}

// polyphase computes outputs lo to lo+len(out) of the polyphase stage from its input x.
func (d *decimator) polyphase(out []float32, lo int, x signal) {
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
	return d.taps[phase*width : (phase+1)*width], int(d.firstHalved(i) - x.base)
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
