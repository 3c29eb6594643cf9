package analysis

import (
	"fmt"
	"math"
	"math/bits"
	"sync"
)

// fftPlan holds the twiddle factors and bit-reversal permutation for one transform size.
// An STFT runs thousands of transforms of the same size, so computing the sines once per
// size instead of once per frame is most of what makes the transform cheap.
type fftPlan struct {
	n       int
	twiddle []complex128 // exp(-2πik/n) for k < n/2
	stages  []complex128 // the twiddles of every stage, laid out contiguously (see below)
	rev     []int32      // bit-reversed index of every position
}

var fftPlans sync.Map // int → *fftPlan

func isPowerOfTwo(n int) bool { return n > 0 && n&(n-1) == 0 }

// planFor returns the shared plan for size n, building it on first use.
func planFor(n int) *fftPlan {
	if p, ok := fftPlans.Load(n); ok {
		return p.(*fftPlan)
	}
	if !isPowerOfTwo(n) {
		panic(fmt.Sprintf("analysis: FFT size %d is not a power of two", n))
	}
	p := &fftPlan{n: n, twiddle: make([]complex128, n/2), rev: make([]int32, n)}
	for k := range p.twiddle {
		s, c := math.Sincos(-2 * math.Pi * float64(k) / float64(n))
		p.twiddle[k] = complex(c, s)
	}
	// A stage combining blocks of size s needs exp(-2πij/s) for j < s/2. Storing each
	// stage's factors side by side (at offset s/2) lets the butterfly loop read them
	// sequentially instead of striding through the full table.
	p.stages = make([]complex128, max(n, 2))
	for size := 2; size <= n; size <<= 1 {
		step := n / size
		for j := range size / 2 {
			p.stages[size/2+j] = p.twiddle[j*step]
		}
	}
	shift := 64 - bits.TrailingZeros(uint(n))
	for i := range p.rev {
		if n > 1 {
			p.rev[i] = int32(bits.Reverse64(uint64(i)) >> shift)
		}
	}
	actual, _ := fftPlans.LoadOrStore(n, p)
	return actual.(*fftPlan)
}

// transform is the iterative Cooley–Tukey radix-2 decimation-in-time FFT, in place, with
// its stages taken in pairs.
func (p *fftPlan) transform(x []complex128) {
	n := p.n
	x = x[:n]
	for i, j := range p.rev {
		if int(j) > i {
			x[i], x[j] = x[j], x[i]
		}
	}
	// The first two stages' twiddles are 1 and −i, so they are done together as one
	// radix-4 pass without multiplies: the general loop is at its slowest on blocks this
	// short.
	size := 2
	if n >= 4 {
		for i := 0; i+3 < n; i += 4 {
			q := x[i : i+4 : i+4]
			a, b, c, d := q[0]+q[1], q[0]-q[1], q[2]+q[3], q[2]-q[3]
			d = complex(imag(d), -real(d)) // d·(−i)
			q[0], q[2] = a+c, a-c
			q[1], q[3] = b+d, b-d
		}
		size = 8
	} else if n == 2 {
		x[0], x[1] = x[0]+x[1], x[0]-x[1]
		size = 4
	}
	// The remaining stages go two at a time (radix 2²): each element is loaded and
	// stored once per pair of stages instead of once per stage, and the second stage's
	// odd twiddle is the even one times −i, which costs nothing.
	for ; 2*size <= n; size <<= 2 {
		h := size / 2
		tw1 := p.stages[h:size]
		tw2 := p.stages[size : size+h]
		for start := 0; start < n; start += 2 * size {
			q0 := x[start : start+h]
			q1 := x[start+h : start+2*h][:len(q0)]
			q2 := x[start+2*h : start+3*h][:len(q0)]
			q3 := x[start+3*h : start+4*h][:len(q0)]
			w1s, w2s := tw1[:len(q0)], tw2[:len(q0)]
			for j := range q0 {
				w1, w2 := w1s[j], w2s[j]
				t1, t3 := w1*q1[j], w1*q3[j]
				b0, b1 := q0[j]+t1, q0[j]-t1
				b2, b3 := q2[j]+t3, q2[j]-t3
				u, v := w2*b2, w2*b3
				v = complex(imag(v), -real(v))
				q0[j], q2[j] = b0+u, b0-u
				q1[j], q3[j] = b1+v, b1-v
			}
		}
	}
	if size <= n {
		// One stage left over when log2(n) is odd.
		half := size >> 1
		tw := p.stages[half:size]
		for start := 0; start < n; start += size {
			lo := x[start : start+half]
			hi := x[start+half : start+size][:len(lo)]
			tw := tw[:len(lo)]
			for j := range lo {
				t := tw[j] * hi[j]
				hi[j] = lo[j] - t
				lo[j] += t
			}
		}
	}
}

// FFT replaces x by its discrete Fourier transform, X[k] = Σ x[n]·e^(−2πikn/N), without
// normalisation. It panics if len(x) is not a power of two: sizes here are chosen by the
// code, never by input data, so a bad size is a programming error.
func FFT(x []complex128) {
	if len(x) == 0 {
		return
	}
	planFor(len(x)).transform(x)
}

// InverseFFT replaces X by its inverse transform, scaled by 1/N so that
// InverseFFT(FFT(x)) == x.
func InverseFFT(x []complex128) {
	if len(x) == 0 {
		return
	}
	// Conjugating before and after turns the forward transform into the inverse.
	for i, v := range x {
		x[i] = complex(real(v), -imag(v))
	}
	planFor(len(x)).transform(x)
	scale := 1 / float64(len(x))
	for i, v := range x {
		x[i] = complex(real(v)*scale, -imag(v)*scale)
	}
}

// RealFFT returns the first N/2+1 bins of the transform of the real signal x (the rest
// are their mirror image), written into dst when it has room. len(x) must be a power of
// two and at least 2.
//
// It packs the even samples into the real part and the odd samples into the imaginary
// part of an N/2-point complex transform and then separates the two spectra, so it costs
// about half of a complex transform of the same length.
func RealFFT(dst []complex128, x []float64) []complex128 {
	n := len(x)
	if n < 2 || !isPowerOfTwo(n) {
		panic(fmt.Sprintf("analysis: real FFT size %d is not a power of two ≥ 2", n))
	}
	h := n / 2
	if cap(dst) < h+1 {
		dst = make([]complex128, h+1)
	}
	dst = dst[:h+1]
	for m := range h {
		dst[m] = complex(x[2*m], x[2*m+1])
	}
	planFor(h).transform(dst[:h])
	w := planFor(n).twiddle

	z0 := dst[0]
	dst[0] = complex(real(z0)+imag(z0), 0)
	dst[h] = complex(real(z0)-imag(z0), 0)
	for k := 1; k <= h/2; k++ {
		zk, zm := dst[k], dst[h-k]
		// even = (zk + conj(zm))/2 and odd = −i·(zk − conj(zm))/2, the spectra of the
		// even and odd samples, written out in reals: Go multiplies complex numbers
		// in full even by ½ or −i/2.
		er, ei := 0.5*(real(zk)+real(zm)), 0.5*(imag(zk)-imag(zm))
		or, oi := 0.5*(imag(zk)+imag(zm)), -0.5*(real(zk)-real(zm))
		wr, wi := real(w[k]), imag(w[k])
		tr, ti := wr*or-wi*oi, wr*oi+wi*or
		dst[k] = complex(er+tr, ei+ti)
		dst[h-k] = complex(er-tr, -(ei - ti))
	}
	return dst
}
