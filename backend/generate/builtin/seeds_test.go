package builtin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"testing"

	"stableaudio/backend/audio"
	"stableaudio/backend/fingerprint"
	"stableaudio/backend/generate"
)

// A hundred seeds of one prompt are a hundred different pieces: no two WAV files are
// equal, and no two are judged the same recording by the fingerprint the copyright scan
// uses. The prompt fixes genre, tempo, key and band, so only the seed tells them apart.
func TestSeedsMakeDifferentRecordings(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 100 tracks")
	}
	const seeds = 100
	r := newRenderer(t)
	prints := make([]*fingerprint.Print, seeds)
	files := map[[32]byte]int64{}
	for i := range seeds {
		seed := int64(i + 1)
		tr, err := Render(context.Background(), r, generate.Request{Prompt: "lo-fi hip hop beat with piano, 85 BPM in A minor", Seconds: 8, Seed: seed}, false)
		if err != nil {
			t.Fatal(err)
		}
		var wav bytes.Buffer
		if err := audio.WriteWAV(&wav, tr.Audio, audio.PCM24); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(wav.Bytes())
		if other, dup := files[sum]; dup {
			t.Errorf("seeds %d and %d wrote the same file", other, seed)
		}
		files[sum] = seed
		if prints[i], err = fingerprint.Compute(tr.Audio); err != nil {
			t.Fatal(err)
		}
	}
	var closest fingerprint.Match
	for i := range seeds {
		for j := range seeds {
			if i == j {
				continue
			}
			m := fingerprint.Compare(prints[i], prints[j])
			if fingerprint.SameRecording(m) {
				t.Errorf("seeds %d and %d are judged the same recording (confidence %.2f)", i+1, j+1, m.Confidence)
			}
			if m.Confidence > closest.Confidence {
				closest = m
			}
		}
	}
	// The control: a seed against its own render is the same recording.
	self := fingerprint.Compare(prints[0], prints[0])
	t.Logf("%d files, all different; closest pair at confidence %.2f (same recording from %.2f; a track against itself %.2f)",
		len(files), closest.Confidence, fingerprint.SameRecordingConfidence, self.Confidence)
	if !fingerprint.SameRecording(self) {
		t.Errorf("a track is not the same recording as itself (confidence %.2f): the check above proves nothing", self.Confidence)
	}
}
