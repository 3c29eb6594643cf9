package fingerprint

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The stream resamples exactly as the whole-buffer decimator does, sample for sample,
// however the input arrives: in pieces of one sample, of odd sizes, or larger than a
// block, across the block boundaries where the jobs meet, and whether the length
// announced is right, unknown or a lie.
func TestStreamResamplesLikeTheWholeBuffer(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, rate := range []int{8000, 11025, 22050, 44100, 48000, 96000} {
		x := make([]float32, 2*blockInputs+rng.IntN(1000))
		for i := range x {
			x[i] = rng.Float32()*2 - 1
		}
		want := x
		if rate != analysisRate {
			want = newDecimator(rate).run(x)
		}
		for i, piece := range []func() int{
			func() int { return 1 + rng.IntN(5000) },
			func() int { return blockInputs + 1 + rng.IntN(blockInputs) },
			func() int { return 1 + rng.IntN(50000) },
			func() int { return 1 + rng.IntN(50000) },
		} {
			announced := []int{len(x), len(x), -1, len(x) / 5}[i]
			var s stream
			if err := s.begin(rate, announced); err != nil {
				t.Fatal(err)
			}
			for rest := x; len(rest) > 0; {
				n := min(len(rest), piece())
				if err := s.add(slices.Clone(rest[:n])); err != nil {
					t.Fatal(err)
				}
				rest = rest[n:]
			}
			got, err := s.finish()
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d Hz: %d samples at 8 kHz, want %d", rate, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%d Hz: sample %d of %d is %g, want %g", rate, i, len(got), got[i], want[i])
				}
			}
		}
	}
}
