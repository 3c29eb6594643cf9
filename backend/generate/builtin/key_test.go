package builtin

import (
	"context"
	"testing"

	"stableaudio/backend/audio/analysis"
	"stableaudio/backend/generate"
)

// A producer who asks for a key hears that key: a chroma key finder (Krumhansl–Kessler
// profiles) names the asked tonic and mode for every genre, in major and minor, with sharp
// and flat tonics. Row i renders with seed i+1, so a failing row is reproducible alone.
func TestPromptsAreInTheAskedKey(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 20 s of audio per row")
	}
	r := newRenderer(t)
	tests := []struct{ prompt, key string }{
		{"dark techno at 128 BPM in F# minor", "F# minor"},
		{"warm lo-fi piano, 80 BPM, C major", "C major"},
		{"peak-time techno in A major", "A major"},
		{"deep house groove 122 BPM in Eb minor", "Eb minor"},
		{"soulful house in F major", "F major"},
		{"drum and bass 174 BPM in D minor", "D minor"},
		{"liquid drum and bass in Ab major", "Ab major"},
		{"boom bap hip hop beat in G minor", "G minor"},
		{"chill hip hop 90 BPM in Bb major", "Bb major"},
		{"lo-fi study beats in C# minor", "C# minor"},
		{"ambient pads in D major, slow", "D major"},
		{"ambient drone soundscape in B minor", "B minor"},
		{"epic cinematic score in C minor", "C minor"},
		{"cinematic trailer music in E major", "E major"},
		{"rock 120 BPM in E minor", "E minor"},
		{"guitar rock anthem in G major", "G major"},
		{"upbeat pop song in Db major", "Db major"},
		{"pop ballad in F# minor", "F# minor"},
		{"jazz trio 140 BPM in Bb major", "Bb major"},
		{"smoky jazz in A minor", "A minor"},
		{"acoustic folk song in D major", "D major"},
		{"folk waltz in F minor", "F minor"},
		{"synthwave 100 BPM in E minor", "E minor"},
		{"retro synthwave drive in Gb major", "Gb major"},
	}
	for i, tt := range tests {
		want, err := analysis.ParseKey(tt.key)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := Render(context.Background(), r, generate.Request{Prompt: tt.prompt, Seconds: 20, Seed: int64(i + 1)}, "", false)
		if err != nil {
			t.Fatal(err)
		}
		if tr.Plan.Key.Tonic != want.Tonic || tr.Plan.Key.Minor != want.Minor {
			t.Fatalf("%q: the prompt was understood as %+v, want %s", tt.prompt, tr.Plan.Key, want)
		}
		got, conf, err := analysis.FindKey(tr.Audio)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-40s seed %2d %-6s asked %-9s found %-9s (r=%.2f)", tt.prompt, i+1, tr.Plan.Genre, want, got, conf)
		if got != want {
			t.Errorf("%q (seed %d): heard %s, asked %s", tt.prompt, i+1, got, want)
		}
	}
}
