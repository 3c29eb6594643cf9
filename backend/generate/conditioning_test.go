package generate

import (
	"testing"

	"stableaudio/backend/generate/manifest"
)

func TestConditionTempoKeyMood(t *testing.T) {
	tests := []struct {
		prompt             string
		tempo              float32
		key                float32
		major              float32 // -1: not checked (picked by the word hash)
		brightAbove, below float32 // brightness bounds
	}{
		{"lofi beat, 80 BPM", 80, -1, -1, 0, 0.5},
		{"techno at 300 bpm", manifest.MaxTempo, -1, -1, 0, 1.01},
		{"drone 12 BPM", manifest.MinTempo, -1, -1, 0, 1.01},
		{"97.5 beats per minute", 97.5, -1, -1, 0, 1.01},
		{"no tempo given", 110, -1, -1, 0.49, 0.51},
		{"calm ambient", 90, -1, -1, 0.49, 0.51},
		{"energetic dance party", 130, -1, -1, 0.49, 0.51},
		{"sad piano in F# minor", 110, 6, 0, 0, 1.01},
		{"happy tune in Bb major", 110, 10, 1, 0.5, 1.01},
		{"C minor but happy", 110, 0, 0, 0.5, 1.01},
		{"bright sparkling glassy shiny", 110, -1, -1, 0.99, 1.01},
		{"dark moody", 110, -1, 0, 0, 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.prompt, func(t *testing.T) {
			c := condition(tt.prompt)
			if c[manifest.CondTempo] != tt.tempo {
				t.Errorf("tempo = %v, want %v", c[manifest.CondTempo], tt.tempo)
			}
			if tt.key >= 0 && c[manifest.CondKey] != tt.key {
				t.Errorf("key = %v, want %v", c[manifest.CondKey], tt.key)
			}
			if tt.major >= 0 && c[manifest.CondMajor] != tt.major {
				t.Errorf("major = %v, want %v", c[manifest.CondMajor], tt.major)
			}
			if b := c[manifest.CondBrightness]; b < tt.brightAbove || b > tt.below {
				t.Errorf("brightness = %v, want in [%v, %v]", b, tt.brightAbove, tt.below)
			}
			checkRanges(t, c)
		})
	}
}

func checkRanges(t *testing.T, c conditioning) {
	t.Helper()
	for i, v := range c[manifest.CondHash:] {
		if v < 0 || v >= 1 {
			t.Errorf("hash dim %d = %v, want [0, 1)", i, v)
		}
	}
	if k := c[manifest.CondKey]; k < 0 || k > 11 || k != float32(int(k)) {
		t.Errorf("key = %v, want a whole number 0..11", k)
	}
	if m := c[manifest.CondMajor]; m != 0 && m != 1 {
		t.Errorf("major = %v, want 0 or 1", m)
	}
}

func TestConditionHash(t *testing.T) {
	base := condition("Dark ambient, slow!")
	if condition("dark   AMBIENT slow") != base {
		t.Error("case and punctuation changed the vector")
	}
	if condition("slow ambient dark") != base {
		t.Error("word order changed the vector")
	}
	if condition("dark ambient slow rain") == base {
		t.Error("an extra word did not change the vector")
	}
	if empty := condition(""); empty[manifest.CondTempo] != 110 {
		t.Errorf("empty prompt tempo = %v, want the default 110", empty[manifest.CondTempo])
	}
	checkRanges(t, condition("ünïcödé 音楽 🎵 a-minor bb"))
}
