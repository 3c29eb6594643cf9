package fingerprint

import (
	"math"
	"testing"
)

// logf agrees with math.Log over the whole range of spectrogram levels, from below the
// silence floor to far above full scale, and keeps their order.
func TestLogfMatchesMathLog(t *testing.T) {
	var worst float64
	prev := float32(math.Inf(-1))
	for x := float32(silence / 100); x < 1e4; x *= 1.0001 {
		got := logf(x)
		if d := math.Abs(float64(got) - math.Log(float64(x))); d > worst {
			worst = d
		}
		if got < prev {
			t.Fatalf("logf(%g) = %g is below logf of a smaller value, %g", x, got, prev)
		}
		prev = got
	}
	if worst > 2e-6 {
		t.Errorf("logf is off by up to %g, want under 2e-6", worst)
	}
}
