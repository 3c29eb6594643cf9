package audio

import "math"

// KaiserWindow is the Kaiser window of shape beta at x ∈ (−1, 1), 1 at the centre and
// zero outside: the window of every windowed-sinc filter here (true-peak oversampling,
// resampling, the fingerprint's decimation).
func KaiserWindow(x, beta float64) float64 {
	if x <= -1 || x >= 1 {
		return 0
	}
	return besselI0(beta*math.Sqrt(1-x*x)) / besselI0(beta)
}

// besselI0 is the modified Bessel function of the first kind, order 0, by its power
// series, which converges quickly for the small arguments a window needs.
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 50 && term > sum*1e-17; k++ {
		term *= (x / (2 * float64(k))) * (x / (2 * float64(k)))
		sum += term
	}
	return sum
}
