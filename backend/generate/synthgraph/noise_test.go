package synthgraph_test

import (
	"math"
	"testing"

	"stableaudio/backend/generate/synthgraph"
)

// noiseTrack is two noise-only voices, hard left and hard right, at the
// given RMS level and colour.
func noiseTrack(cfg synthgraph.Config, seconds float64, level, color float32) *synthgraph.Controls {
	frames := framesFor(cfg, seconds)
	return &synthgraph.Controls{
		Noise:      [][]float32{constant(frames, level), constant(frames, level)},
		Pan:        []float32{-1, 1},
		NoiseColor: []float32{color, color},
	}
}

// correlation is the normalised correlation of a and b[lag:].
func correlation(a, b []float64, lag int) float64 {
	var ab, aa, bb float64
	for i := 0; i+lag < len(b) && i < len(a); i++ {
		ab += a[i] * b[i+lag]
		aa += a[i] * a[i]
		bb += b[i+lag] * b[i+lag]
	}
	return ab / math.Sqrt(aa*bb)
}

// highShare is the fraction of x's energy above a quarter of the sample rate.
func highShare(x []float64) float64 {
	const size = 1 << 15
	var hi, all float64
	for start := 0; start+size <= len(x); start += size {
		buf := make([]complex128, size)
		for i := range buf {
			buf[i] = complex(x[start+i], 0)
		}
		fft(buf)
		for i := 1; i < size/2; i++ {
			e := real(buf[i])*real(buf[i]) + imag(buf[i])*imag(buf[i])
			all += e
			if i >= size/4 {
				hi += e
			}
		}
	}
	return hi / all
}

// TestNoiseLevelAndColour: the noise envelope is the RMS at every colour,
// the noise is white (no correlation between neighbouring samples, nor
// between voices), and colour 1 moves its energy up the spectrum.
func TestNoiseLevelAndColour(t *testing.T) {
	cfg := smallConfig(2, 1, 300)
	r := newRenderer(t, cfg)
	// For y[n] = w[n] − c·w[n−1] with white w: the power spectrum is
	// 1 + c² − 2c·cos ω, so the share above sr/4 is ½ + 2c/(π(1+c²)), and
	// neighbours correlate at −c/(1+c²).
	cases := []struct {
		color       float32
		share, lag1 float64
	}{{-1, 0.5 - 1/math.Pi, 0.5}, {0, 0.5, 0}, {0.5, 0.5 + 1/(1.25*math.Pi), -0.4}, {1, 0.5 + 1/math.Pi, -0.5}}
	for _, tc := range cases {
		buf := render(t, r, noiseTrack(cfg, 3, 0.25, tc.color), synthgraph.RenderOptions{Seed: 7})
		left, right := channel(buf, 0), channel(buf, 1)
		level, share := rms(left), highShare(left)
		lag1, lag5, cross := correlation(left, left, 1), correlation(left, left, 5), correlation(left, right, 0)
		t.Logf("colour %.1f: RMS %.4f, share above sr/4 %.3f, lag-1 %.3f, lag-5 %.4f, left/right %.4f",
			tc.color, level, share, lag1, lag5, cross)
		if math.Abs(level/0.25-1) > 0.02 {
			t.Errorf("colour %.1f: RMS %.4f, want 0.25 ± 2%%", tc.color, level)
		}
		if math.Abs(share-tc.share) > 0.02 {
			t.Errorf("colour %.1f: %.3f of the energy above sr/4, want %.3f", tc.color, share, tc.share)
		}
		if math.Abs(lag1-tc.lag1) > 0.02 || math.Abs(lag5) > 0.02 {
			t.Errorf("colour %.1f: neighbour correlation %.3f (want %.2f), lag 5 %.3f (want 0)", tc.color, lag1, tc.lag1, lag5)
		}
		if math.Abs(cross) > 0.02 {
			t.Errorf("colour %.1f: the two voices' noises correlate at %.3f, want independent", tc.color, cross)
		}
	}
}

// TestNoiseSeed: the same seed gives identical noise, another seed other
// noise, including seeds that differ only in their high 32 bits.
func TestNoiseSeed(t *testing.T) {
	cfg := smallConfig(2, 1, 300)
	r := newRenderer(t, cfg)
	c := noiseTrack(cfg, 1, 0.3, 0)
	seeds := []int64{1, 1 + 1<<40, -1}
	first := render(t, r, c, synthgraph.RenderOptions{Seed: seeds[0]})
	again := render(t, r, c, synthgraph.RenderOptions{Seed: seeds[0]})
	for i := range first.Samples {
		if first.Samples[i] != again.Samples[i] {
			t.Fatalf("seed %d rendered twice differs at sample %d", seeds[0], i)
		}
	}
	for _, seed := range seeds[1:] {
		other := render(t, r, c, synthgraph.RenderOptions{Seed: seed})
		if corr := correlation(channel(first, 0), channel(other, 0), 0); math.Abs(corr) > 0.02 {
			t.Errorf("seeds %d and %d give noises correlated at %.3f, want independent", seeds[0], seed, corr)
		}
	}
}

// TestNoiseVoicesAreIndependent renders each of twelve voices' noise alone
// and checks every pair for correlation, of the samples and of their
// magnitudes (which catches dependence that plain correlation misses).
func TestNoiseVoicesAreIndependent(t *testing.T) {
	cfg := smallConfig(12, 1, 300)
	r := newRenderer(t, cfg)
	frames := framesFor(cfg, 2)
	voices := make([][]float64, cfg.Voices)
	mags := make([][]float64, cfg.Voices)
	for v := range voices {
		c := &synthgraph.Controls{Noise: make([][]float32, v+1), Pan: constant(v+1, -1)}
		c.Noise[v] = constant(frames, 0.2)
		voices[v] = channel(render(t, r, c, synthgraph.RenderOptions{Seed: 11}), 0)
		mags[v] = make([]float64, len(voices[v]))
		var mean float64
		for i, x := range voices[v] {
			mags[v][i] = math.Abs(x)
			mean += mags[v][i] / float64(len(voices[v]))
		}
		for i := range mags[v] {
			mags[v][i] -= mean
		}
	}
	var worst, worstMag float64
	for a := range voices {
		for b := a + 1; b < len(voices); b++ {
			worst = math.Max(worst, math.Abs(correlation(voices[a], voices[b], 0)))
			worstMag = math.Max(worstMag, math.Abs(correlation(mags[a], mags[b], 0)))
		}
	}
	t.Logf("largest |correlation| over %d pairs: %.4f of samples, %.4f of magnitudes", len(voices)*(len(voices)-1)/2, worst, worstMag)
	if worst > 0.02 || worstMag > 0.02 {
		t.Errorf("voice noises correlate up to %.4f (samples) and %.4f (magnitudes), want < 0.02", worst, worstMag)
	}
}
