package generate

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"stableaudio/backend/audio"
)

// newTestEngine builds an engine on the real ONNX Runtime, found the way
// the app finds it (here: build/onnxruntime/<platform>/ above the package).
func newTestEngine(t testing.TB, opts ...Option) *ONNXEngine {
	t.Helper()
	e, err := NewONNXEngine(opts...)
	if err != nil {
		t.Fatalf("NewONNXEngine: %v", err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return e
}

func generate(t *testing.T, e *ONNXEngine, req Request) *audio.Buffer {
	t.Helper()
	buf, err := e.Generate(context.Background(), req)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", req, err)
	}
	return buf
}

func rms(samples []float32) float64 {
	var sum float64
	for _, v := range samples {
		sum += float64(v) * float64(v)
	}
	return math.Sqrt(sum / float64(len(samples)))
}

func TestGenerateEightSeconds(t *testing.T) {
	e := newTestEngine(t)
	buf := generate(t, e, Request{Prompt: "warm lofi piano, 80 BPM", Seconds: 8, Seed: 1})
	if err := buf.Validate(); err != nil {
		t.Fatal(err)
	}
	if buf.Frames() != 352800 || buf.Channels != 2 || buf.SampleRate != 44100 {
		t.Fatalf("got %d frames × %d channels at %d Hz, want 352800 × 2 at 44100", buf.Frames(), buf.Channels, buf.SampleRate)
	}
	var peak float64
	for _, v := range buf.Samples {
		peak = math.Max(peak, math.Abs(float64(v)))
	}
	level := rms(buf.Samples)
	t.Logf("rms %.3f, peak %.3f", level, peak)
	if level < 0.05 {
		t.Errorf("rms %.4f: the render is (nearly) silent", level)
	}
	if peak > 1 {
		t.Errorf("peak %.4f exceeds full scale", peak)
	}
	left, right := make([]float32, 0, buf.Frames()), make([]float32, 0, buf.Frames())
	for i := 0; i < len(buf.Samples); i += 2 {
		left, right = append(left, buf.Samples[i]), append(right, buf.Samples[i+1])
	}
	if equal(left, right) {
		t.Error("left and right channels are identical: no stereo image")
	}
}

func TestGenerateFrameCountRounds(t *testing.T) {
	e := newTestEngine(t)
	for _, tt := range []struct {
		seconds float64
		frames  int
	}{{1, 44100}, {0.5, 22050}, {2.00001, 88200}, {1.0 / 44100, 1}, {90, 3969000}} {
		if got := generate(t, e, Request{Seconds: tt.seconds}).Frames(); got != tt.frames {
			t.Errorf("%v s: %d frames, want %d", tt.seconds, got, tt.frames)
		}
	}
}

func TestGenerateSeeds(t *testing.T) {
	e := newTestEngine(t)
	req := Request{Prompt: "bright upbeat synth pop", Seconds: 3}
	req.Seed = 7
	a, again := generate(t, e, req), generate(t, e, req)
	req.Seed = 8
	b := generate(t, e, req)
	req.Seed = 7 + 1<<40 // differs only in high bits
	c := generate(t, e, req)
	if !equal(a.Samples, again.Samples) {
		t.Error("the same seed gave different audio")
	}
	if equal(a.Samples, b.Samples) || equal(a.Samples, c.Samples) {
		t.Error("different seeds gave identical audio")
	}
	req.Seed, req.Prompt = 7, "dark ambient drone in D minor"
	if equal(a.Samples, generate(t, e, req).Samples) {
		t.Error("a different prompt gave identical audio")
	}
}

// TestGenerateChunkSizeIndependent renders the same request with chunk
// sizes that do and do not divide the length; the graph computes each
// sample from its absolute index, so the results must be identical.
func TestGenerateChunkSizeIndependent(t *testing.T) {
	req := Request{Prompt: "house 124 bpm", Seconds: 2.5, Seed: 42}
	want := generate(t, newTestEngine(t), req)
	for _, chunk := range []int{1000, 4410, 30011} {
		got := generate(t, newTestEngine(t, WithChunkFrames(chunk)), req)
		if !equal(got.Samples, want.Samples) {
			i := firstDiff(got.Samples, want.Samples)
			t.Errorf("chunk %d: sample %d (frame %d) is %v, want %v", chunk, i, i/2, got.Samples[i], want.Samples[i])
		}
	}
}

func TestGenerateProgressAndCancel(t *testing.T) {
	e := newTestEngine(t, WithChunkFrames(4410))
	var seen []Progress
	generate(t, e, Request{Seconds: 1, OnProgress: func(p Progress) { seen = append(seen, p) }})
	if len(seen) != 10 || seen[9] != (Progress{Done: 10, Total: 10, Stage: "rendering"}) {
		t.Errorf("progress = %+v, want 10 steps ending at 10/10 rendering", seen)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cancelledAt time.Time
	req := Request{Seconds: 90, OnProgress: func(p Progress) {
		if p.Done == 3 {
			cancelledAt = time.Now()
			cancel()
		}
	}}
	buf, err := e.Generate(ctx, req)
	if !errors.Is(err, context.Canceled) || buf != nil {
		t.Fatalf("Generate after cancel = %v, %v; want nil, context.Canceled", buf, err)
	}
	if d := time.Since(cancelledAt); d > 500*time.Millisecond {
		t.Errorf("Generate took %v to notice the cancel", d)
	}
}

func TestGenerateBadRequests(t *testing.T) {
	e := newTestEngine(t)
	for _, tt := range []struct {
		name string
		req  Request
	}{
		{"zero seconds", Request{Seconds: 0}},
		{"negative seconds", Request{Seconds: -1}},
		{"too long", Request{Seconds: 10000}},
		{"just over the limit", Request{Seconds: 90.001}},
		{"NaN", Request{Seconds: math.NaN()}},
		{"infinite", Request{Seconds: math.Inf(1)}},
		{"below one sample", Request{Seconds: 1e-7}},
		{"unknown model", Request{Seconds: 1, Model: "9.9"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Generate(context.Background(), tt.req)
			if !errors.Is(err, ErrBadRequest) {
				t.Fatalf("err = %v, want ErrBadRequest", err)
			}
			t.Log(err)
		})
	}
}

func TestPacksAndClose(t *testing.T) {
	e, err := NewONNXEngine()
	if err != nil {
		t.Fatal(err)
	}
	packs := e.Packs()
	if len(packs) != 1 || packs[0].Version != "1.0" || packs[0].MaxSeconds != 90 || packs[0].Source != BuiltinSource {
		t.Errorf("Packs() = %+v, want the built-in 1.0 with 90 s", packs)
	}
	if v := e.DefaultVersion(); v != "1.0" {
		t.Errorf("DefaultVersion() = %q, want 1.0", v)
	}
	if rt := e.Runtime(); rt.Version == "" || rt.Path == "" {
		t.Errorf("Runtime() = %+v, want path and version", rt)
	}
	if _, err := e.Generate(context.Background(), Request{Seconds: 1, Model: "1.0"}); err != nil {
		t.Errorf("explicit model 1.0: %v", err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := e.Generate(context.Background(), Request{Seconds: 1}); !errors.Is(err, errClosed) {
		t.Errorf("Generate after Close = %v, want errClosed", err)
	}
	if _, err := NewONNXEngine(WithChunkFrames(0)); err == nil {
		t.Error("a zero chunk size was accepted")
	}
}

// BenchmarkGenerate8s reports the real-time factor: seconds of audio
// rendered per second of wall time.
func BenchmarkGenerate8s(b *testing.B) {
	e := newTestEngine(b)
	req := Request{Prompt: "energetic techno 128 BPM", Seconds: 8, Seed: 3}
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Generate(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
	perRender := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(8/perRender, "x-realtime")
}

func equal(a, b []float32) bool { return len(a) == len(b) && firstDiff(a, b) < 0 }

// firstDiff is the index of the first differing sample, or -1.
func firstDiff(a, b []float32) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}
