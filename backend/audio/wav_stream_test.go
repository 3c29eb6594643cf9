package audio

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// A recording read back after every Sync holds exactly what was written so far, so a
// crash between two Syncs loses only what came after the last one; Close leaves the
// same file WriteWAVFile would have written.
func TestWAVStreamIsValidAfterEverySync(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "take.wav")
	src := testSignal(48000, 2, 48000)
	w, err := CreateWAVStream(path, 48000, 2, PCM24)
	if err != nil {
		t.Fatal(err)
	}
	for written := 0; written < len(src.Samples); {
		n := min(len(src.Samples)-written, 2*4801) // odd-sized pieces, whole frames
		if err := w.Write(src.Samples[written : written+n]); err != nil {
			t.Fatal(err)
		}
		written += n
		if err := w.Sync(); err != nil {
			t.Fatal(err)
		}
		got, err := DecodeFile(path)
		if err != nil {
			t.Fatalf("after %d samples: %v", written, err)
		}
		if got.SampleRate != 48000 || got.Channels != 2 || got.Frames() != written/2 {
			t.Fatalf("after %d samples the file holds %d frames at %d Hz × %d", written, got.Frames(), got.SampleRate, got.Channels)
		}
	}
	// Unsynced samples at the end (a crash) do not make the file unreadable.
	if err := w.Write(src.Samples[:2*100]); err != nil {
		t.Fatal(err)
	}
	if got, err := DecodeFile(path); err != nil || got.Frames() != src.Frames() {
		t.Fatalf("with 100 frames not yet synced: %v, %d frames; want the %d synced", err, got.Frames(), src.Frames())
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	whole := filepath.Join(dir, "whole.wav")
	both := &Buffer{SampleRate: 48000, Channels: 2, Samples: slices.Concat(src.Samples, src.Samples[:200])}
	if err := WriteWAVFile(whole, both, PCM24); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(path)
	b, _ := os.ReadFile(whole)
	if !slices.Equal(a, b) {
		t.Error("the closed stream differs from the same audio written at once")
	}
	if err := w.Write(make([]float32, 3)); err == nil {
		t.Error("3 samples of 2-channel audio: no error")
	}
	if _, err := CreateWAVStream(filepath.Join(dir, "zero.wav"), 0, 2, PCM16); err == nil {
		t.Error("a 0 Hz recording: no error")
	}
}
