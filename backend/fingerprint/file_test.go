package fingerprint_test

import (
	"path/filepath"
	"slices"
	"testing"

	"stableaudio/backend/audio"
	"stableaudio/backend/audio/audiotest"
	"stableaudio/backend/fingerprint"
)

// Reading a file straight to mono, as the scan does, gives the same print as decoding
// every channel and mixing afterwards.
func TestMonoDecodingGivesTheSamePrint(t *testing.T) {
	dir := t.TempDir()
	left, right := audiotest.Song(3, 20), audiotest.Song(4, 20)
	song := audio.NewBuffer(44100, 2, left.Frames())
	for i := range left.Samples {
		song.Samples[2*i], song.Samples[2*i+1] = left.Samples[i], 0.5*right.Samples[i]
	}
	for _, f := range []audio.SampleFormat{audio.PCM16, audio.PCM24, audio.Float32} {
		path := filepath.Join(dir, "song.wav")
		if err := audio.WriteWAVFile(path, song, f); err != nil {
			t.Fatal(err)
		}
		all, err := audio.DecodeFile(path)
		if err != nil {
			t.Fatal(err)
		}
		mono, err := audio.DecodeFileMono(path)
		if err != nil {
			t.Fatal(err)
		}
		if mono.Channels != 1 || !slices.Equal(mono.Samples, audio.MonoSamples(all)) {
			t.Fatalf("format %v: the mono decode is not the mix of the full decode", f)
		}
		a, err := fingerprint.Compute(all)
		if err != nil {
			t.Fatal(err)
		}
		b, err := fingerprint.Compute(mono)
		if err != nil {
			t.Fatal(err)
		}
		if a.Frames != b.Frames || !slices.Equal(a.Hashes, b.Hashes) {
			t.Errorf("format %v: %d hashes from the stereo decode, %d from the mono one, not the same", f, len(a.Hashes), len(b.Hashes))
		}
	}
}
