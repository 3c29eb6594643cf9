package synthgraph_test

import (
	"math"
	"testing"

	"stableaudio/backend/generate/synthgraph"
)

// TestSineToneAndPan renders one voice with one harmonic: a sine at the
// asked frequency and amplitude, placed by the constant-power pan law.
func TestSineToneAndPan(t *testing.T) {
	cfg := synthgraph.DefaultConfig()
	r := newRenderer(t, cfg)
	frames := framesFor(cfg, 2)
	cases := []struct {
		name        string
		pan         float32
		left, right float64 // expected gain per channel
	}{
		{"hard left", -1, 1, 0},
		{"centre", 0, math.Sqrt(0.5), math.Sqrt(0.5)},
		{"half right", 0.5, math.Cos(0.375 * math.Pi), math.Sin(0.375 * math.Pi)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &synthgraph.Controls{
				F0:        [][]float32{constant(frames, 440)},
				Amp:       [][]float32{constant(frames, 0.5)},
				Harmonics: [][]float32{{1}},
				Pan:       []float32{tc.pan},
			}
			buf := render(t, r, c, synthgraph.RenderOptions{})
			if buf.Frames() != frames*cfg.Hop || buf.SampleRate != cfg.SampleRate || buf.Channels != 2 {
				t.Fatalf("got %d frames × %d ch at %d Hz, want %d × 2 at %d", buf.Frames(), buf.Channels, buf.SampleRate, frames*cfg.Hop, cfg.SampleRate)
			}
			for ch, gain := range []float64{tc.left, tc.right} {
				x := channel(buf, ch)
				if gain == 0 {
					if p := peak(x); p > 1e-7 {
						t.Errorf("channel %d peaks at %g, want silence", ch, p)
					}
					continue
				}
				hz := crossingFrequency(x, cfg.SampleRate)
				amp := toneAmplitude(x[:cfg.SampleRate], 440, cfg.SampleRate) // 440 whole periods
				want := 0.5 * gain
				t.Logf("channel %d: %.4f Hz, amplitude %.5f (want %.5f), peak %.5f", ch, hz, amp, want, peak(x))
				if math.Abs(hz-440) > 0.5 {
					t.Errorf("channel %d: frequency %.4f Hz, want 440 ± 0.5", ch, hz)
				}
				if math.Abs(amp/want-1) > 0.02 || math.Abs(peak(x)/want-1) > 0.02 {
					t.Errorf("channel %d: amplitude %.5f, peak %.5f, want %.5f ± 2%%", ch, amp, peak(x), want)
				}
			}
		})
	}
}

// TestHarmonicLevels: harmonics [1, 0.5] put the second harmonic 6 dB
// below the first.
func TestHarmonicLevels(t *testing.T) {
	cfg := smallConfig(2, 8, 300)
	r := newRenderer(t, cfg)
	frames := framesFor(cfg, 1)
	c := &synthgraph.Controls{
		F0:        [][]float32{constant(frames, 441)},
		Amp:       [][]float32{constant(frames, 0.6)},
		Harmonics: [][]float32{{1, 0.5}},
		Pan:       []float32{-1},
	}
	x := channel(render(t, r, c, synthgraph.RenderOptions{}), 0)[:cfg.SampleRate] // 441 whole periods
	a1, a2 := toneAmplitude(x, 441, cfg.SampleRate), toneAmplitude(x, 882, cfg.SampleRate)
	db := 20 * math.Log10(a2/a1)
	t.Logf("h1 %.5f, h2 %.5f: %.3f dB; h1+h2 %.5f (want amp 0.6)", a1, a2, db, a1+a2)
	if math.Abs(db+6.0206) > 0.5 {
		t.Errorf("second harmonic at %.3f dB, want -6.02 ± 0.5", db)
	}
	if math.Abs(a1+a2-0.6) > 0.012 {
		t.Errorf("harmonic amplitudes sum to %.5f, want the amplitude 0.6 ± 2%%", a1+a2)
	}
}

// glide is a one-voice (plus a noise voice) track whose pitch rises from
// 200 to 400 Hz over its length, with a swelling amplitude.
func glide(cfg synthgraph.Config, seconds float64) *synthgraph.Controls {
	frames := framesFor(cfg, seconds)
	f0, amp := make([]float32, frames), make([]float32, frames)
	for i := range f0 {
		x := float32(i) / float32(frames-1)
		f0[i], amp[i] = 200+200*x, 0.2+0.3*x
	}
	return &synthgraph.Controls{
		F0:         [][]float32{f0, nil},
		Amp:        [][]float32{amp},
		Noise:      [][]float32{nil, constant(frames, 0.05)},
		Harmonics:  [][]float32{{1, 0.5, 0.25}},
		Pan:        []float32{-1, 1},
		NoiseColor: []float32{0, 0.5},
	}
}

// TestGlideIsSeamless: chunk boundaries leave no trace. The curvature of
// the waveform at the seams is no larger than anywhere else, and rendering
// with other chunk sizes (including the whole track in one chunk) gives
// the same samples.
func TestGlideIsSeamless(t *testing.T) {
	const seconds = 3
	base := smallConfig(2, 8, 30) // 4410-sample chunks: 30 seams
	c := glide(base, seconds)
	buf := render(t, newRenderer(t, base), c, synthgraph.RenderOptions{})
	x := channel(buf, 0)

	n := base.ChunkSamples()
	var atSeams, elsewhere float64
	for i := 1; i+1 < len(x); i++ {
		d2 := math.Abs(x[i+1] - 2*x[i] + x[i-1])
		if m := i % n; m <= 2 || m >= n-2 {
			atSeams = math.Max(atSeams, d2)
		} else {
			elsewhere = math.Max(elsewhere, d2)
		}
	}
	t.Logf("max |second difference|: %.6f at seams, %.6f elsewhere", atSeams, elsewhere)
	if atSeams > elsewhere {
		t.Errorf("second difference at chunk seams %.6f exceeds the %.6f elsewhere: a discontinuity", atSeams, elsewhere)
	}

	whole := len(c.F0[0])
	for _, framesPerChunk := range []int{300, whole} {
		other := smallConfig(2, 8, framesPerChunk)
		got := render(t, newRenderer(t, other), c, synthgraph.RenderOptions{})
		var worst float64
		for i, v := range got.Samples {
			worst = math.Max(worst, math.Abs(float64(v)-float64(buf.Samples[i])))
		}
		t.Logf("FramesPerChunk %d vs 30: max difference %.2g", framesPerChunk, worst)
		if worst > 1e-5 {
			t.Errorf("FramesPerChunk %d differs from 30 by up to %g", framesPerChunk, worst)
		}
	}
}

// TestPitchMatchesReference compares a fast sweep with vibrato, sample by
// sample, with the oscillator computed in Go in float64: f0 linear between
// frames, phase the running sum of f0/sr (the graph's convention: sample 0
// of the track is at phase 0). It pins the closed-form phase maths, which
// the tone tests cannot tell from cruder approximations.
func TestPitchMatchesReference(t *testing.T) {
	cfg := smallConfig(1, 1, 30)
	frames := framesFor(cfg, 2)
	f0 := make([]float32, frames)
	for i := range f0 {
		sec := float64(i) / cfg.FrameRate()
		f0[i] = float32(200 + 900*sec + 40*math.Sin(2*math.Pi*6*sec)) // 200 → 2000 Hz, ±40 Hz at 6 Hz
	}
	c := &synthgraph.Controls{F0: [][]float32{f0}, Amp: [][]float32{constant(frames, 0.4)}, Pan: []float32{-1}}
	got := channel(render(t, newRenderer(t, cfg), c, synthgraph.RenderOptions{}), 0)

	var phase, worst float64
	worstAt := 0
	for n, x := range got {
		want := 0.4 * math.Sin(2*math.Pi*phase)
		if d := math.Abs(x - want); d > worst {
			worst, worstAt = d, n
		}
		i, j := n/cfg.Hop, n%cfg.Hop
		next := f0[min(i+1, frames-1)]
		f := float64(f0[i]) + (float64(next)-float64(f0[i]))*float64(j)/float64(cfg.Hop)
		phase += f / float64(cfg.SampleRate)
	}
	t.Logf("largest error %.2g (%.1f dB re the amplitude) at sample %d", worst, 20*math.Log10(worst/0.4), worstAt)
	if worst > 4e-5 { // −80 dB re 0.4
		t.Errorf("output departs from the reference oscillator by %.2g at sample %d", worst, worstAt)
	}
}

// TestHighNoteIsBandLimited: a 4 kHz note asked for 24 equal harmonics
// keeps only those below 0.45·sr (4 of them), so nothing folds back: the
// spectrum away from the harmonics is more than 60 dB down.
func TestHighNoteIsBandLimited(t *testing.T) {
	cfg := smallConfig(1, 24, 300)
	r := newRenderer(t, cfg)
	frames := framesFor(cfg, 2)
	h := constant(24, 1)
	c := &synthgraph.Controls{
		F0:        [][]float32{constant(frames, 4000)},
		Amp:       [][]float32{constant(frames, 0.5)},
		Harmonics: [][]float32{h},
		Pan:       []float32{-1},
	}
	const size = 1 << 16
	spec := spectrumDB(channel(render(t, r, c, synthgraph.RenderOptions{}), 0), size)
	binHz := float64(cfg.SampleRate) / size
	var below, between float64 = -400, -400
	for i, db := range spec {
		hz := float64(i) * binHz
		nearest := math.Round(hz / 4000)
		switch {
		case hz < 20:
		case hz < 4000-30:
			below = math.Max(below, db)
		case math.Abs(hz-nearest*4000) > 30:
			between = math.Max(between, db)
		}
	}
	fourth := spec[int(math.Round(16000/binHz))]
	t.Logf("below the fundamental: %.1f dB; between harmonics: %.1f dB; 4th harmonic %.1f dB", below, between, fourth)
	if below > -60 || between > -60 {
		t.Errorf("aliased energy at %.1f dB below and %.1f dB between the harmonics, want < -60 dB", below, between)
	}
	if fourth < -3 {
		t.Errorf("4th harmonic (16 kHz, under the band limit) at %.1f dB, want about 0 dB: band limit too eager", fourth)
	}
}
