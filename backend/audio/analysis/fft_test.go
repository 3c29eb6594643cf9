package analysis

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
)

// naiveDFT is the O(N²) definition the fast transforms are checked against.
func naiveDFT(x []complex128) []complex128 {
	n := len(x)
	out := make([]complex128, n)
	for k := range n {
		var sum complex128
		for j, v := range x {
			sum += v * cmplx.Rect(1, -2*math.Pi*float64(k*j%n)/float64(n))
		}
		out[k] = sum
	}
	return out
}

func maxDiff(a, b []complex128) float64 {
	var worst float64
	for i := range a {
		worst = max(worst, cmplx.Abs(a[i]-b[i]))
	}
	return worst
}

func TestFFTMatchesNaiveDFT(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 4, 8, 16, 64, 512, 1024} {
		x := make([]complex128, n)
		for i := range x {
			x[i] = complex(rng.NormFloat64(), rng.NormFloat64())
		}
		want := naiveDFT(x)
		got := append([]complex128(nil), x...)
		FFT(got)
		if d := maxDiff(got, want); d > 1e-9*float64(n) {
			t.Errorf("n=%d: FFT differs from the DFT by %g", n, d)
		}
		InverseFFT(got)
		if d := maxDiff(got, x); d > 1e-12*float64(n) {
			t.Errorf("n=%d: InverseFFT(FFT(x)) differs from x by %g", n, d)
		}
	}
}

func TestRealFFTMatchesNaiveDFT(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{2, 4, 8, 32, 256, 2048} {
		x := make([]float64, n)
		cx := make([]complex128, n)
		for i := range x {
			x[i] = rng.NormFloat64()
			cx[i] = complex(x[i], 0)
		}
		want := naiveDFT(cx)[:n/2+1]
		got := RealFFT(nil, x)
		if len(got) != n/2+1 {
			t.Fatalf("n=%d: %d bins, want %d", n, len(got), n/2+1)
		}
		if d := maxDiff(got, want); d > 1e-9*float64(n) {
			t.Errorf("n=%d: RealFFT differs from the DFT by %g", n, d)
		}
	}
}

func TestRealFFTReusesDst(t *testing.T) {
	dst := make([]complex128, 0, 9)
	got := RealFFT(dst, make([]float64, 16))
	if &got[0] != &dst[:1][0] {
		t.Error("RealFFT allocated although dst had room")
	}
}

func TestFFTPanicsOnBadSize(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("FFT of 12 points did not panic")
		}
	}()
	FFT(make([]complex128, 12))
}

func BenchmarkRealFFT2048(b *testing.B) {
	x := make([]float64, 2048)
	for i := range x {
		x[i] = math.Sin(float64(i))
	}
	dst := make([]complex128, 1025)
	for b.Loop() {
		RealFFT(dst, x)
	}
}
