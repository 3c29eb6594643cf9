package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func sine(rate, channels, frames int, freq float64, amp float32) *Buffer {
	b := NewBuffer(rate, channels, frames)
	for i := range frames {
		v := amp * float32(math.Sin(2*math.Pi*freq*float64(i)/float64(rate)))
		for c := range channels {
			b.Samples[i*channels+c] = v
		}
	}
	return b
}

func TestWAVRoundTripPerFormat(t *testing.T) {
	src := sine(44100, 2, 4410, 440, 0.8)
	tests := []struct {
		format   SampleFormat
		bits     uint16
		tag      uint16
		maxError float64 // quantisation step of the format
	}{
		{PCM16, 16, wavFormatPCM, 1.0 / (1 << 15)},
		{PCM24, 24, wavFormatPCM, 1.0 / (1 << 23)},
		{Float32, 32, wavFormatFloat, 0},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		if err := WriteWAV(&buf, src, tc.format); err != nil {
			t.Fatal(err)
		}
		raw := buf.Bytes()
		if got, want := len(raw), 44+len(src.Samples)*int(tc.bits)/8; got != want {
			t.Errorf("%d-bit: file is %d bytes, want %d", tc.bits, got, want)
		}
		if tag := binary.LittleEndian.Uint16(raw[20:]); tag != tc.tag {
			t.Errorf("%d-bit: format tag %d, want %d", tc.bits, tag, tc.tag)
		}
		if bits := binary.LittleEndian.Uint16(raw[34:]); bits != tc.bits {
			t.Errorf("bits per sample %d, want %d", bits, tc.bits)
		}
		got, err := ReadWAV(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if got.SampleRate != 44100 || got.Channels != 2 || got.Frames() != src.Frames() {
			t.Fatalf("%d-bit: read back %d Hz %d ch %d frames", tc.bits, got.SampleRate, got.Channels, got.Frames())
		}
		for i, v := range src.Samples {
			if d := math.Abs(float64(got.Samples[i] - v)); d > tc.maxError {
				t.Fatalf("%d-bit: sample %d differs by %g, more than one step %g", tc.bits, i, d, tc.maxError)
			}
		}
	}
}

func TestWAVIntegerFormatsClipInsteadOfWrapping(t *testing.T) {
	b := &Buffer{SampleRate: 8000, Channels: 1, Samples: []float32{1.5, -1.5, 1, -1}}
	for _, f := range []SampleFormat{PCM16, PCM24} {
		var buf bytes.Buffer
		if err := WriteWAV(&buf, b, f); err != nil {
			t.Fatal(err)
		}
		got, err := ReadWAV(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if got.Samples[0] < 0.999 || got.Samples[1] > -0.999 || got.Samples[2] < 0.999 || got.Samples[3] > -0.999 {
			t.Errorf("%d-bit: over-range samples read back as %v", f.BitsPerSample(), got.Samples)
		}
	}
}

func TestReadWAVRejectsCorruptInput(t *testing.T) {
	var good bytes.Buffer
	if err := WriteWAV(&good, sine(8000, 1, 100, 100, 0.5), PCM16); err != nil {
		t.Fatal(err)
	}
	badChannels := bytes.Clone(good.Bytes())
	binary.LittleEndian.PutUint16(badChannels[22:], 0)
	badBits := bytes.Clone(good.Bytes())
	binary.LittleEndian.PutUint16(badBits[34:], 12)
	cases := map[string][]byte{
		"empty":         {},
		"not riff":      []byte("ID3\x03garbage that is not a wave file at all"),
		"header only":   good.Bytes()[:12],
		"zero channels": badChannels,
		"12-bit":        badBits,
	}
	for name, data := range cases {
		if _, err := ReadWAV(bytes.NewReader(data)); !errors.Is(err, ErrNotWAV) {
			t.Errorf("%s: err = %v, want ErrNotWAV", name, err)
		}
	}
	truncated, err := ReadWAV(bytes.NewReader(good.Bytes()[:44+50]))
	if err != nil || truncated.Frames() != 25 {
		t.Errorf("truncated data: %v frames, err %v; want the 25 whole frames present", truncated.Frames(), err)
	}
}

func TestWriteWAVFileLeavesNothingBehindOnFailure(t *testing.T) {
	dir := t.TempDir()
	if err := WriteWAVFile(filepath.Join(dir, "missing", "x.wav"), sine(8000, 1, 10, 100, 0.5), PCM16); err == nil {
		t.Fatal("writing into a missing folder succeeded")
	}
	bad := &Buffer{SampleRate: 0, Channels: 1, Samples: []float32{0}}
	if err := WriteWAVFile(filepath.Join(dir, "bad.wav"), bad, PCM16); err == nil {
		t.Fatal("writing an invalid buffer succeeded")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("failed writes left files: %v", entries)
	}
}

func TestPeaksFollowTheLoudness(t *testing.T) {
	b := NewBuffer(100, 2, 400)
	for i := 200; i < 400; i++ { // silent first half, loud right channel in the second
		b.Samples[i*2+1] = -0.75
	}
	p := Peaks(b, 4)
	want := []float32{0, 0, 0.75, 0.75}
	for i := range want {
		if p[i] != want[i] {
			t.Fatalf("peaks = %v, want %v", p, want)
		}
	}
	if got := Peaks(NewBuffer(100, 1, 3), 10); len(got) != 3 {
		t.Errorf("more columns than frames: %d columns, want 3", len(got))
	}
	if got := Peaks(NewBuffer(100, 1, 0), 10); len(got) != 0 {
		t.Errorf("empty buffer: %v", got)
	}
}
