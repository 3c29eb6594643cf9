package synthgraph_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"runtime"
	"testing"

	"stableaudio/backend/generate/synthgraph"
)

// TestSoftClipBoundsLoudMix: twelve voices at full amplitude and full
// noise, all centred, sum far past full scale; the master stays inside
// ±Ceiling (never wraps or hard-clips at 1) and really is saturating.
func TestSoftClipBoundsLoudMix(t *testing.T) {
	cfg := synthgraph.DefaultConfig()
	r := newRenderer(t, cfg)
	frames := framesFor(cfg, 2)
	c := &synthgraph.Controls{}
	for v := range cfg.Voices {
		c.F0 = append(c.F0, constant(frames, 55*float32(v+1)))
		c.Amp = append(c.Amp, constant(frames, 1))
		c.Noise = append(c.Noise, constant(frames, 1))
		c.Harmonics = append(c.Harmonics, []float32{1, 0.5, 0.33, 0.25})
	}
	buf := render(t, r, c, synthgraph.RenderOptions{Seed: 3})
	var top float64
	over := 0
	for _, v := range buf.Samples {
		a := math.Abs(float64(v))
		top = math.Max(top, a)
		if a > synthgraph.Knee {
			over++
		}
	}
	t.Logf("peak %.6f, %.1f%% of samples above the knee", top, 100*float64(over)/float64(len(buf.Samples)))
	if top >= 1 || top > synthgraph.Ceiling+1e-6 {
		t.Errorf("peak %.6f, want below %g", top, synthgraph.Ceiling)
	}
	if top < 0.95 {
		t.Errorf("peak %.6f: a mix this loud should reach the soft clip's ceiling region", top)
	}
}

// TestRenderCancelsBetweenChunks: cancelling during a render stops it
// before the next chunk with ctx's error, and the renderer stays usable.
func TestRenderCancelsBetweenChunks(t *testing.T) {
	cfg := smallConfig(2, 4, 30)
	r := newRenderer(t, cfg)
	c := glide(cfg, 2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var done []int
	_, err := r.Render(ctx, c, synthgraph.RenderOptions{OnProgress: func(d, total int) {
		done = append(done, d)
		if d == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Render after cancel: err = %v, want context.Canceled", err)
	}
	if len(done) != 3 {
		t.Errorf("progress reported %v, want it to stop at chunk 3", done)
	}
	var calls, last, total int
	buf := render(t, r, c, synthgraph.RenderOptions{OnProgress: func(d, n int) { calls, last, total = calls+1, d, n }})
	want := (buf.Frames() + cfg.ChunkSamples() - 1) / cfg.ChunkSamples()
	if calls != want || last != want || total != want {
		t.Errorf("progress: %d calls ending at %d/%d, want %d ending at %d/%d", calls, last, total, want, want, want)
	}
}

// TestRenderLength: Samples trims or extends the track; past the last
// frame the controls are held, so a held note keeps sounding.
func TestRenderLength(t *testing.T) {
	cfg := smallConfig(1, 1, 30)
	r := newRenderer(t, cfg)
	c := &synthgraph.Controls{F0: [][]float32{constant(10, 1000)}, Amp: [][]float32{constant(10, 0.3)}, Pan: []float32{-1}}
	for _, samples := range []int{1, 1000, 10 * cfg.Hop, 3*cfg.ChunkSamples() + 7} {
		buf := render(t, r, c, synthgraph.RenderOptions{Samples: samples})
		if buf.Frames() != samples {
			t.Errorf("Samples %d: got %d frames", samples, buf.Frames())
		}
		if tail := channel(buf, 0)[max(0, samples-100):]; samples > 100 && peak(tail) < 0.29 {
			t.Errorf("Samples %d: the held note fades to %.3f at the end", samples, peak(tail))
		}
	}
}

func TestRenderRejectsBadControls(t *testing.T) {
	cfg := smallConfig(2, 4, 30)
	r := newRenderer(t, cfg)
	nan := float32(math.NaN())
	cases := []struct {
		name string
		c    synthgraph.Controls
	}{
		{"no frames", synthgraph.Controls{}},
		{"too many voices", synthgraph.Controls{F0: [][]float32{{1}, {1}, {1}}}},
		{"ragged rows", synthgraph.Controls{F0: [][]float32{{1, 2}}, Amp: [][]float32{{1}}}},
		{"negative f0", synthgraph.Controls{F0: [][]float32{{-1}}}},
		{"NaN amplitude", synthgraph.Controls{Amp: [][]float32{{nan}}}},
		{"infinite noise", synthgraph.Controls{Noise: [][]float32{{float32(math.Inf(1))}}}},
		{"too many harmonics", synthgraph.Controls{F0: [][]float32{{1}}, Harmonics: [][]float32{{1, 1, 1, 1, 1}}}},
		{"negative harmonic", synthgraph.Controls{F0: [][]float32{{1}}, Harmonics: [][]float32{{1, -1}}}},
		{"pan out of range", synthgraph.Controls{F0: [][]float32{{1}}, Pan: []float32{0, 1.5}}},
		{"colour out of range", synthgraph.Controls{F0: [][]float32{{1}}, NoiseColor: []float32{-1.1}}},
	}
	for _, tc := range cases {
		if _, err := r.Render(context.Background(), &tc.c, synthgraph.RenderOptions{}); !errors.Is(err, synthgraph.ErrBadControls) {
			t.Errorf("%s: err = %v, want ErrBadControls", tc.name, err)
		}
	}
	ok := synthgraph.Controls{F0: [][]float32{{1}}}
	if _, err := r.Render(context.Background(), &ok, synthgraph.RenderOptions{Samples: -1}); !errors.Is(err, synthgraph.ErrBadControls) {
		t.Errorf("Samples -1: err = %v, want ErrBadControls", err)
	}
}

func TestConfigValidate(t *testing.T) {
	change := func(f func(*synthgraph.Config)) synthgraph.Config {
		cfg := synthgraph.DefaultConfig()
		f(&cfg)
		return cfg
	}
	cases := []struct {
		name string
		cfg  synthgraph.Config
		ok   bool
	}{
		{"default", synthgraph.DefaultConfig(), true},
		{"one voice, short chunks", change(func(c *synthgraph.Config) { c.Voices, c.FramesPerChunk = 1, 1 }), true},
		{"no voices", change(func(c *synthgraph.Config) { c.Voices = 0 }), false},
		{"table not a power of two", change(func(c *synthgraph.Config) { c.TableSize = 3000 }), false},
		{"table too small for the harmonics", change(func(c *synthgraph.Config) { c.TableSize, c.Harmonics = 64, 24 }), false},
		{"hop too long for float32 phase", change(func(c *synthgraph.Config) { c.Hop = 512 }), false},
		{"zero hop", change(func(c *synthgraph.Config) { c.Hop = 0 }), false},
		{"zero frames per chunk", change(func(c *synthgraph.Config) { c.FramesPerChunk = 0 }), false},
		{"sample rate", change(func(c *synthgraph.Config) { c.SampleRate = 100 }), false},
	}
	for _, tc := range cases {
		err := tc.cfg.Validate()
		if tc.ok != (err == nil) || (err != nil && !errors.Is(err, synthgraph.ErrBadConfig)) {
			t.Errorf("%s: Validate() = %v, want ok=%v", tc.name, err, tc.ok)
		}
		if _, berr := synthgraph.Build(tc.cfg); (berr == nil) != (err == nil) {
			t.Errorf("%s: Build error %v disagrees with Validate %v", tc.name, berr, err)
		}
	}
}

// TestBuildIsDeterministic: the same Config gives the same bytes, so a
// graph can be cached or checksummed.
func TestBuildIsDeterministic(t *testing.T) {
	a, err := synthgraph.Build(synthgraph.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := synthgraph.Build(synthgraph.DefaultConfig())
	if !bytes.Equal(a.Marshal(), b.Marshal()) {
		t.Error("two builds of the default config differ")
	}
}

// TestRenderDoesNotAllocatePerChunk: the tensors are made once, so a
// longer render allocates more only for its output buffer, not per chunk.
func TestRenderDoesNotAllocatePerChunk(t *testing.T) {
	cfg := smallConfig(4, 8, 30)
	r := newRenderer(t, cfg)
	measure := func(seconds float64) (bytes uint64) {
		c := glide(cfg, seconds)
		render(t, r, c, synthgraph.RenderOptions{}) // warm up
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		buf := render(t, r, c, synthgraph.RenderOptions{})
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc - uint64(4*len(buf.Samples))
	}
	short, long := measure(1), measure(10)
	chunks := float64(framesFor(cfg, 10)-framesFor(cfg, 1)) / float64(cfg.FramesPerChunk)
	perChunk := (float64(long) - float64(short)) / chunks
	t.Logf("besides the output: %d bytes for 1 s, %d bytes for 10 s: %.0f bytes per extra chunk", short, long, perChunk)
	if perChunk > 1024 { // the binding builds small argument arrays per Run; a tensor would be megabytes
		t.Errorf("each chunk allocates %.0f bytes; the tensors should be reused", perChunk)
	}
}
