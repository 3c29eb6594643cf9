package fingerprint_test

import (
	"errors"
	"os"
	"os/exec"
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

// Fingerprinting a file as it is read gives the same print as decoding it first, whatever
// its rate, channels and sample format, and for compressed files (read whole, then
// streamed) too.
func TestComputeFileMatchesCompute(t *testing.T) {
	dir := t.TempDir()
	song := audiotest.Song(11, 12) // 44.1 kHz mono: four blocks of the stream
	stereo := audio.NewBuffer(song.SampleRate, 2, song.Frames())
	for i, v := range song.Samples {
		stereo.Samples[2*i], stereo.Samples[2*i+1] = v, 0.25*v
	}
	cases := []struct {
		name   string
		buf    *audio.Buffer
		format audio.SampleFormat
	}{
		{"stereo-44k1-16bit.wav", stereo, audio.PCM16},
		{"stereo-44k1-24bit.wav", stereo, audio.PCM24},
		{"mono-44k1-float.wav", song, audio.Float32},
		{"stereo-48k-16bit.wav", resampled(t, stereo, 48000), audio.PCM16},
		{"mono-96k-24bit.wav", resampled(t, song, 96000), audio.PCM24},
		{"mono-22k05-16bit.wav", resampled(t, song, 22050), audio.PCM16},
		{"mono-8k-16bit.wav", resampled(t, song, 8000), audio.PCM16},
	}
	for _, c := range cases {
		path := filepath.Join(dir, c.name)
		if err := audio.WriteWAVFile(path, c.buf, c.format); err != nil {
			t.Fatal(err)
		}
		assertSamePrints(t, path)
	}
	// The other formats, converted by sox and lame (make test installs both).
	src := filepath.Join(dir, "stereo-44k1-16bit.wav")
	for _, conv := range [][]string{
		{"sox", src, filepath.Join(dir, "stereo.aiff")},
		{"sox", src, filepath.Join(dir, "stereo.flac")},
		{"lame", "--quiet", "-b", "192", src, filepath.Join(dir, "stereo.mp3")},
	} {
		if _, err := exec.LookPath(conv[0]); err != nil {
			t.Logf("%s is not installed; %s not tried", conv[0], filepath.Ext(conv[len(conv)-1]))
			continue
		}
		if out, err := exec.Command(conv[0], conv[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", conv[0], err, out)
		}
		assertSamePrints(t, conv[len(conv)-1])
	}
}

func assertSamePrints(t *testing.T, path string) {
	t.Helper()
	b, err := audio.DecodeFileMono(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := fingerprint.Compute(b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := fingerprint.ComputeFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Frames != want.Frames || !slices.Equal(got.Hashes, want.Hashes) {
		t.Errorf("%s: streamed print has %d frames and %d hashes, decoded one %d and %d: not the same",
			filepath.Base(path), got.Frames, len(got.Hashes), want.Frames, len(want.Hashes))
	}
	if len(want.Hashes) == 0 {
		t.Errorf("%s: no hashes at all; the comparison proves nothing", filepath.Base(path))
	}
}

// A file that cannot be fingerprinted gives the same kind of error as a buffer would.
func TestComputeFileRejectsBadFiles(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short.wav")
	if err := audio.WriteWAVFile(short, audiotest.Song(2, 0.5), audio.PCM16); err != nil {
		t.Fatal(err)
	}
	if _, err := fingerprint.ComputeFile(short); !errors.Is(err, fingerprint.ErrTooShort) {
		t.Errorf("half a second: got %v, want ErrTooShort", err)
	}
	low := filepath.Join(dir, "low.wav")
	if err := audio.WriteWAVFile(low, resampled(t, audiotest.Song(2, 3), 4000), audio.PCM16); err != nil {
		t.Fatal(err)
	}
	if _, err := fingerprint.ComputeFile(low); !errors.Is(err, fingerprint.ErrNoAudio) {
		t.Errorf("4 kHz: got %v, want ErrNoAudio", err)
	}
	junk := filepath.Join(dir, "junk.wav")
	if err := os.WriteFile(junk, []byte("RIFF\x10\x00\x00\x00WAVEjunk"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := fingerprint.ComputeFile(junk); err == nil {
		t.Error("a WAV header with no audio: got no error")
	}
	if _, err := fingerprint.ComputeFile(filepath.Join(dir, "missing.wav")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: got %v, want not-exist", err)
	}
}

func resampled(t *testing.T, b *audio.Buffer, rate int) *audio.Buffer {
	t.Helper()
	out, err := audio.Resample(b, rate)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
