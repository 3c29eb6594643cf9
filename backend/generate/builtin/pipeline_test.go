package builtin

import (
	"context"
	"math"
	"sort"
	"testing"
	"time"

	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
	"stableaudio/backend/generate/perform"
	"stableaudio/backend/generate/synthgraph"
)

// "No drums" in the prompt, or drums in the negative prompt, leaves the drum voices silent.
func TestNoDrumsMeansNoDrumVoice(t *testing.T) {
	cases := []struct{ prompt, negative string }{
		{"ambient pads in D minor, no drums", ""},
		{"drumless lo-fi piano", ""},
		{"techno 128 BPM", "drums"},
	}
	for i, tc := range cases {
		_, score, err := Compose(generate.Request{Prompt: tc.prompt, Negative: tc.negative, Seconds: 20, Seed: int64(i)}, false)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(score.Parts["drums"]); n != 0 {
			t.Fatalf("%q / %q: %d drum notes", tc.prompt, tc.negative, n)
		}
		c, err := perform.Perform(score, synthgraph.DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		for v := range 3 { // the drum voices
			for f := range c.Amp[v] {
				if c.Amp[v][f] != 0 || c.Noise[v][f] != 0 {
					t.Fatalf("%q: drum voice %d sounds at frame %d", tc.prompt, v, f)
				}
			}
		}
		if _, score, _ := Compose(generate.Request{Prompt: "techno 128 BPM", Seconds: 20, Seed: int64(i)}, false); len(score.Parts["drums"]) == 0 {
			t.Fatal("techno without exclusions has no drums: the check above proves nothing")
		}
	}
}

// A loop played twice in a row has no seam: the jump from its last sample to its first is
// no bigger than the jumps between neighbouring samples inside it, and it lasts whole bars.
func TestLoopsAreSeamless(t *testing.T) {
	r := newRenderer(t)
	for i, p := range []string{"techno loop 128 BPM in A minor", "lo-fi piano loop with drums, 85 BPM", "ambient pad loop"} {
		tr, err := Render(context.Background(), r, generate.Request{Prompt: p, Seconds: 8, Seed: int64(i + 1)}, false)
		if err != nil {
			t.Fatal(err)
		}
		if !tr.Score.Loop {
			t.Fatalf("%q was not understood as a loop", p)
		}
		bars := tr.Score.Duration() / (tr.Score.SecondsPerBeat() * float64(tr.Score.BeatsPerBar))
		if math.Abs(bars-math.Round(bars)) > 1e-6 {
			t.Errorf("%q: %.4f bars, not whole bars", p, bars)
		}
		b := tr.Audio
		frames := b.Frames()
		if d := math.Abs(float64(frames) - tr.Score.Duration()*44100); d > 1 {
			t.Errorf("%q: %d frames for %.3f s", p, frames, tr.Score.Duration())
		}
		for c := range b.Channels {
			var inside []float64
			for f := 1; f < frames; f++ {
				inside = append(inside, math.Abs(float64(b.Samples[f*b.Channels+c]-b.Samples[(f-1)*b.Channels+c])))
			}
			sort.Float64s(inside)
			typical := inside[len(inside)*999/1000] // the 99.9th percentile of jumps inside the loop
			seam := math.Abs(float64(b.Samples[c] - b.Samples[(frames-1)*b.Channels+c]))
			if seam > typical {
				t.Errorf("%q channel %d: seam jump %.4f, larger than 99.9 %% of the jumps inside (%.4f)", p, c, seam, typical)
			}
		}
	}
}

// longestSilence is the longest stretch in which every channel is exactly zero.
func longestSilence(b *audio.Buffer) time.Duration {
	longest, run := 0, 0
	for f := range b.Frames() {
		silent := true
		for c := range b.Channels {
			if b.Samples[f*b.Channels+c] != 0 {
				silent = false
				break
			}
		}
		if silent {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return time.Duration(longest) * time.Second / time.Duration(b.SampleRate)
}

// newRenderer opens the synthesis graph on the real ONNX Runtime for one test.
func newRenderer(t *testing.T) *synthgraph.Renderer {
	t.Helper()
	if _, err := generate.LoadRuntime(""); err != nil {
		t.Fatal(err)
	}
	r, err := synthgraph.NewRenderer(synthgraph.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}
