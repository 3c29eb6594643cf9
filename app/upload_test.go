package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"stableaudio/backend/audio"
	"stableaudio/backend/audio/audiotest"
)

// A Free account has 2:00 of upload time a month and a 0:30 crop. What the app uploads
// is what InspectAudio showed would be kept, the same take twice is charged once, and an
// upload the time left cannot cover is refused with the server's reason.
func TestUploadInputChargesTheCroppedLengthOnce(t *testing.T) {
	a, _ := newTestApp(t)
	long := writeRiff(t, "long take.wav", 45)
	got, err := a.UploadInput(long)
	if err != nil {
		t.Fatal(err)
	}
	if got.Matched || got.Seconds != 30 || got.ChargedSeconds != 30 || got.UploadSecondsLeft != 90 {
		t.Fatalf("45 s on the Free plan: %+v; want 30 s kept and charged, 90 s left", got)
	}
	if !strings.Contains(got.Message, "0:30") {
		t.Errorf("the message does not say what was counted: %q", got.Message)
	}
	stored, _ := filepath.Glob(filepath.Join(a.cfg.DataDir, "uploads", "*", "*.wav"))
	if len(stored) != 1 {
		t.Fatalf("the account's storage holds %v, want the one upload", stored)
	}

	again, err := a.UploadInput(long)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != got.ID || again.UploadSecondsLeft != 90 {
		t.Errorf("the same take again: %+v; want the same upload, still 90 s left", again)
	}

	// A file the crop does not shorten is sent as it is and charged its length.
	short := writeRiff(t, "short.wav", 20.5)
	if got, err = a.UploadInput(short); err != nil {
		t.Fatal(err)
	}
	if got.ChargedSeconds != 21 || got.UploadSecondsLeft != 69 {
		t.Errorf("20.5 s: %+v; want 21 s charged (whole seconds, rounded up), 69 left", got)
	}

	// Another file that starts with the same 30 s is the same audio once cropped: the
	// same upload, not charged again.
	if got, err = a.UploadInput(writeRiff(t, "longer take.wav", 60)); err != nil {
		t.Fatal(err)
	}
	if got.UploadSecondsLeft != 69 {
		t.Errorf("the first 30 s again, from another file: %+v; want nothing charged, 69 left", got)
	}

	// 69 s left: two more cropped takes fit (30 + 30), a third does not.
	for seed := range uint64(2) {
		if _, err := a.UploadInput(writeSong(t, seed, 40)); err != nil {
			t.Fatalf("song %d: %v", seed, err)
		}
	}
	_, err = a.UploadInput(writeSong(t, 2, 40))
	if code := uiCode(t, err); code != "insufficient_upload_seconds" || !strings.Contains(err.Error(), "9 s left") {
		t.Errorf("over the allowance: %v; want insufficient_upload_seconds saying 9 s are left", err)
	}
	info, err := a.Account()
	if err != nil {
		t.Fatal(err)
	}
	if info.UploadSecondsLeft != 9 {
		t.Errorf("%d s of upload time left, want 9", info.UploadSecondsLeft)
	}
}

func TestUploadInputRefusesWhatItCannotUse(t *testing.T) {
	a, _ := newTestApp(t)
	text := filepath.Join(t.TempDir(), "notes.wav")
	if err := os.WriteFile(text, []byte("not audio"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{text, filepath.Join(t.TempDir(), "gone.wav"), writeRiff(t, "blip.wav", 1)} {
		_, err := a.UploadInput(path)
		if code := uiCode(t, err); code != "bad_input" {
			t.Errorf("%s: code %q (%v), want bad_input", filepath.Base(path), code, err)
		}
	}
	info, err := a.Account()
	if err != nil {
		t.Fatal(err)
	}
	if info.UploadSecondsLeft != 120 {
		t.Errorf("%d s of upload time left after refusals, want all 120", info.UploadSecondsLeft)
	}
}

func writeSong(t *testing.T, seed uint64, seconds float64) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "song.wav")
	if err := audio.WriteWAVFile(path, audiotest.Song(seed, seconds), audio.PCM16); err != nil {
		t.Fatal(err)
	}
	return path
}
