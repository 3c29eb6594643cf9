package builtin

import (
	"context"
	"math"
	"testing"
	"time"

	"stableaudio/backend/audio"

	"stableaudio/backend/audio/analysis"
	"stableaudio/backend/generate"
)

// A producer hears what they asked for, across every genre: the tempo a beat tracker finds
// is the asked (or, where the prompt names none, the composed) BPM within 2 % or its double
// or half; a chroma key finder (Krumhansl–Kessler profiles) names the asked tonic and
// mode, in major and minor, with sharp and flat tonics; the master is at −14 LUFS (±1)
// with its true peak under −1 dBTP and no DC offset; no run of digital silence is longer
// than 1 s. Row i renders with seed i+1, so a failing row is reproducible alone.
func TestPromptsComeOutAsAsked(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 20 s of audio per row")
	}
	r := newRenderer(t)
	tests := []struct {
		prompt string
		bpm    float64 // 0: the prompt names none
		key    string
	}{
		{"dark techno at 128 BPM in F# minor", 128, "F# minor"},
		{"warm lo-fi piano, 80 BPM, C major", 80, "C major"},
		{"peak-time techno in A major", 0, "A major"},
		{"deep house groove 122 BPM in Eb minor", 122, "Eb minor"},
		{"soulful house in F major", 0, "F major"},
		{"drum and bass 174 BPM in D minor", 174, "D minor"},
		{"liquid drum and bass in Ab major", 0, "Ab major"},
		{"boom bap hip hop beat at 92 BPM in G minor", 92, "G minor"},
		{"chill hip hop 90 BPM in Bb major", 90, "Bb major"},
		{"lo-fi study beats in C# minor", 0, "C# minor"},
		{"ambient pads in D major, slow", 0, "D major"},
		{"ambient drone soundscape 70 BPM in B minor", 70, "B minor"},
		{"epic cinematic score in C minor", 0, "C minor"},
		{"cinematic trailer music 90 BPM in E major", 90, "E major"},
		{"rock 120 BPM in E minor", 120, "E minor"},
		{"guitar rock anthem in G major", 0, "G major"},
		{"upbeat pop song 118 BPM in Db major", 118, "Db major"},
		{"pop ballad in F# minor", 0, "F# minor"},
		{"jazz trio 140 BPM in Bb major", 140, "Bb major"},
		{"smoky jazz in A minor", 0, "A minor"},
		{"acoustic folk song 100 BPM in D major", 100, "D major"},
		{"folk waltz in F minor", 0, "F minor"},
		{"synthwave 100 BPM in E minor", 100, "E minor"},
		{"retro synthwave drive in Gb major", 0, "Gb major"},
	}
	for i, tt := range tests {
		want, err := analysis.ParseKey(tt.key)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := Render(context.Background(), r, generate.Request{Prompt: tt.prompt, Seconds: 20, Seed: int64(i + 1)}, false)
		if err != nil {
			t.Fatal(err)
		}
		if tr.Plan.Key.Tonic != want.Tonic || tr.Plan.Key.Minor != want.Minor || (tt.bpm != 0 && tr.Plan.BPM != tt.bpm) {
			t.Fatalf("%q: the prompt was understood as %.0f BPM in %+v", tt.prompt, tr.Plan.BPM, tr.Plan.Key)
		}
		bpm, _, err := analysis.Tempo(tr.Audio)
		if err != nil {
			t.Fatal(err)
		}
		key, conf, err := analysis.FindKey(tr.Audio)
		if err != nil {
			t.Fatal(err)
		}
		lufs, err := audio.IntegratedLoudness(tr.Audio)
		if err != nil {
			t.Fatal(err)
		}
		tp := audio.TruePeak(tr.Audio)
		dc := audio.DCOffset(tr.Audio)
		t.Logf("%-44s seed %2d %-13s | %6.2f BPM (composed %6.2f) | %-9s (r=%.2f) | %5.1f LUFS %5.2f dBTP | DC %+.1e %+.1e",
			tt.prompt, i+1, tr.Plan.Genre, bpm, tr.Score.BPM, key, conf, lufs, tp, dc[0], dc[1])
		if !analysis.TempoMatches(bpm, tr.Score.BPM, 0.02) {
			t.Errorf("%q: the beat tracker found %.2f BPM, the track is %.2f", tt.prompt, bpm, tr.Score.BPM)
		}
		if key != want {
			t.Errorf("%q (seed %d): heard %s, asked %s", tt.prompt, i+1, key, want)
		}
		if math.Abs(lufs-TargetLUFS) > 1 || tp > CeilingDBTP {
			t.Errorf("%q: %.2f LUFS, %.2f dBTP; want %d ± 1 LUFS under %d dBTP", tt.prompt, lufs, tp, TargetLUFS, CeilingDBTP)
		}
		for c, d := range dc {
			if math.Abs(d) > maxDCOffset {
				t.Errorf("%q: channel %d has a DC offset of %.2e", tt.prompt, c, d)
			}
		}
		if run := longestSilence(tr.Audio); run > time.Second {
			t.Errorf("%q: %v of digital silence", tt.prompt, run)
		}
	}
}

// maxDCOffset is −80 dBFS: far under anything a speaker or an edit would reveal.
const maxDCOffset = 1e-4
