package audio

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// FLAC we write decodes to the same samples (16 and 24 bits, mono and stereo, a length
// that is not a whole number of blocks), is smaller than the WAV, and sox reads it too.
func TestWriteFLAC(t *testing.T) {
	for _, tc := range []struct {
		f        SampleFormat
		channels int
	}{{PCM16, 1}, {PCM24, 2}} {
		const rate = 44100
		b := &Buffer{SampleRate: rate, Channels: tc.channels, Samples: make([]float32, (rate*3+123)*tc.channels)}
		for i := range b.Samples {
			frame := i / tc.channels
			b.Samples[i] = float32(0.5*math.Sin(2*math.Pi*440*float64(frame)/rate) + 0.1*math.Sin(2*math.Pi*97*float64(i%7)))
		}
		var flacBytes, wav bytes.Buffer
		if err := WriteFLAC(&flacBytes, b, tc.f); err != nil {
			t.Fatal(err)
		}
		if err := WriteWAV(&wav, b, tc.f); err != nil {
			t.Fatal(err)
		}
		back, err := Decode(bytes.NewReader(flacBytes.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		fromWAV, _ := Decode(bytes.NewReader(wav.Bytes()))
		if back.Channels != tc.channels || back.SampleRate != rate || len(back.Samples) != len(b.Samples) {
			t.Fatalf("%d-bit: decoded %d ch %d Hz %d samples", tc.f.BitsPerSample(), back.Channels, back.SampleRate, len(back.Samples))
		}
		for i := range back.Samples {
			if back.Samples[i] != fromWAV.Samples[i] {
				t.Fatalf("%d-bit: sample %d is %v from FLAC, %v from WAV", tc.f.BitsPerSample(), i, back.Samples[i], fromWAV.Samples[i])
			}
		}
		t.Logf("%d-bit %d ch: FLAC %d bytes, WAV %d bytes (%.0f%%)", tc.f.BitsPerSample(), tc.channels, flacBytes.Len(), wav.Len(),
			100*float64(flacBytes.Len())/float64(wav.Len()))
		if flacBytes.Len() >= wav.Len() {
			t.Errorf("FLAC is not smaller than WAV")
		}
		if sox, err := exec.LookPath("sox"); err == nil {
			in := filepath.Join(t.TempDir(), "x.flac")
			os.WriteFile(in, flacBytes.Bytes(), 0o644)
			out := filepath.Join(t.TempDir(), "x.wav")
			if msg, err := exec.Command(sox, in, out).CombinedOutput(); err != nil {
				t.Fatalf("sox cannot read our FLAC: %v %s", err, msg)
			}
		}
	}
	if err := WriteFLAC(&bytes.Buffer{}, &Buffer{SampleRate: 8000, Channels: 1, Samples: make([]float32, 10)}, Float32); err == nil {
		t.Error("float FLAC was written")
	}
}

// With LAME installed an MP3 comes out that decodes to the same length (within LAME's
// padding); without it the error says what is missing.
func TestEncodeMP3(t *testing.T) {
	b := &Buffer{SampleRate: 44100, Channels: 2, Samples: make([]float32, 44100*2*2)}
	for i := range b.Samples {
		b.Samples[i] = float32(0.3 * math.Sin(2*math.Pi*440*float64(i/2)/44100))
	}
	var out bytes.Buffer
	err := EncodeMP3(context.Background(), &out, b)
	if _, missing := exec.LookPath("lame"); missing != nil {
		if !errors.Is(err, ErrNoEncoder) {
			t.Fatalf("without lame: %v", err)
		}
		t.Skip("lame is not installed: make test installs it")
	}
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if d := back.Duration().Seconds(); d < 2 || d > 2.1 || back.SampleRate != 44100 {
		t.Fatalf("the MP3 decodes to %.3f s at %d Hz", d, back.SampleRate)
	}
}
