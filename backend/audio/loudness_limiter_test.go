package audio

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestSlidingMinMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	x := make([]float32, 500)
	for i := range x {
		x[i] = rng.Float32()
	}
	tests := []struct{ before, after int }{{0, 0}, {0, 7}, {3, 0}, {5, 9}, {600, 600}}
	for _, tt := range tests {
		got := append([]float32(nil), x...)
		windowMinInPlace(got, tt.before, tt.after)
		for i := range x {
			want := float32(math.Inf(1))
			for j := max(0, i-tt.before); j <= min(len(x)-1, i+tt.after); j++ {
				want = min(want, x[j])
			}
			if got[i] != want {
				t.Fatalf("before %d after %d: out[%d] = %v, want %v", tt.before, tt.after, i, got[i], want)
			}
		}
	}
}

// The limiter's promises, checked frame by frame on a detector with peaks of every depth:
// never above the gain a frame needs (nor any frame within the hold of it), never moving
// faster than its depth over the look-ahead, and back at unity long after the last peak.
func TestLimiterGainsKeepTheirPromises(t *testing.T) {
	const rate, threshold = 44100, 0.5
	rng := rand.New(rand.NewPCG(7, 8))
	detector := make([]float32, rate*3) // the last second has no peaks
	for i := range rate * 2 {
		detector[i] = 0.3 * rng.Float32()
		if rng.IntN(2000) == 0 {
			detector[i] = 0.5 + 3*rng.Float32() // up to 17 dB over the threshold
		}
	}
	detector[0], detector[rate*2-1] = 2, 2 // peaks on the edges of the loud part
	gains := limiterGains(detector, threshold, rate, nil)

	attack := limiterLookahead.Seconds() * rate
	minGain := float32(1)
	for _, g := range gains {
		minGain = min(minGain, g)
	}
	for i, g := range gains {
		for j := max(0, i-limiterHold); j <= min(len(gains)-1, i+limiterHold); j++ {
			if d := float64(detector[j]); d > threshold && float64(g)*d > threshold*(1+1e-6) {
				t.Fatalf("frame %d: gain %.5f lets frame %d's peak %.3f through at %.5f", i, g, j, d, float64(g)*d)
			}
		}
		if i > 0 {
			if step := math.Abs(float64(g - gains[i-1])); step > float64(1-minGain)/attack*(1+1e-4) {
				t.Fatalf("frame %d: gain steps by %.6f, more than depth %.3f over %.0f frames", i, step, 1-minGain, attack)
			}
		}
	}
	// Ten release time constants after the last peak the gain is back to unity.
	settled := rate*2 + int(10*limiterRelease.Seconds()*rate)
	for i := settled; i < len(gains); i++ {
		if gains[i] < 0.9999 {
			t.Fatalf("frame %d, %.2f s after the last peak: gain %.5f, want 1", i, float64(i-rate*2)/rate, gains[i])
		}
	}
	if minGain > 0.2 {
		t.Errorf("deepest gain %.3f: the detector's biggest peaks should need about 0.14", minGain)
	}
}
