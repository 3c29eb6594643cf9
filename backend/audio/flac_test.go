package audio

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestDecodeFLACFixtures(t *testing.T) {
	tests := []fixtureTone{
		{"sine-440-880-stereo-44k1-16bit.flac", 44100, 2, 11025, 11025, []float64{440, 880}, 1.0 / (1 << 14)},
		{"sine-1k-mono-48k-24bit.flac", 48000, 1, 9600, 9600, []float64{1000}, 1.0 / (1 << 22)},
		{"tiny-stereo-8k.flac", 8000, 2, 400, 400, []float64{440, 880}, 1.0 / (1 << 14)},
	}
	for _, ft := range tests {
		t.Run(ft.file, func(t *testing.T) { ft.check(t) })
	}
	// The 24-bit file is sox's sine exactly: FLAC is lossless and the scale is right.
	b, err := Decode(bytes.NewReader(readFixture(t, "sine-1k-mono-48k-24bit.flac")))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range b.Samples {
		want := 0.5 * math.Sin(2*math.Pi*1000*float64(i)/48000)
		if math.Abs(float64(v)-want) > 2.0/(1<<23) {
			t.Fatalf("sample %d = %.8f, want %.8f", i, v, want)
		}
	}
}

// A file cut inside a frame gives the frames before the cut, the same samples as the
// whole file's.
func TestDecodeFLACCutShortKeepsWholeFrames(t *testing.T) {
	data := readFixture(t, "sine-440-880-stereo-44k1-16bit.flac")
	whole, err := Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	cut, err := Decode(bytes.NewReader(data[:len(data)*6/10]))
	if err != nil {
		t.Fatal(err)
	}
	if cut.Frames() == 0 || cut.Frames() >= whole.Frames() || cut.Frames()%4096 != 0 {
		t.Fatalf("cut file: %d frames of %d; want whole 4096-frame blocks", cut.Frames(), whole.Frames())
	}
	if !slices.Equal(cut.Samples, whole.Samples[:len(cut.Samples)]) {
		t.Error("the cut file's samples differ from the whole file's")
	}
}

func TestDecodeFLACRejectsBadInput(t *testing.T) {
	data := readFixture(t, "sine-440-880-stereo-44k1-16bit.flac")
	// STREAMINFO follows "fLaC" and a 4-byte block header: after two block sizes and two
	// frame sizes (10 bytes) come 20 bits of rate, 3 of channels−1, 5 of bits−1.
	const at = 8 + 10
	patch := func(f func(b []byte)) []byte {
		b := bytes.Clone(data)
		f(b[at:])
		return b
	}
	damaged := bytes.Clone(data)
	damaged[len(damaged)/2] ^= 0x55
	tests := []struct {
		name        string
		file        []byte
		want        string
		unsupported bool
	}{
		{"cut inside the header", data[:20], "it ends before its first audio frame; the file is cut short", false},
		{"0 Hz", patch(func(b []byte) { b[0], b[1], b[2] = 0, 0, b[2]&0x0f }), "invalid sample rate (0)", false},
		{"32-bit", patch(func(b []byte) { b[2] |= 0x01; b[3] |= 0xf0 }), "32-bit FLAC: format not supported", true},
		{"header says mono, frames stereo", patch(func(b []byte) { b[2] &^= 0x0e }),
			"a frame of 2 channels, 16 bits at 44100 Hz in a stream of 1 channels", false},
		{"a damaged frame", damaged, "the file is damaged", false},
		{"garbage after the signature", append([]byte("fLaC"), bytes.Repeat([]byte{0xa5}, 200)...), "not a readable FLAC file", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Decode(bytes.NewReader(tt.file))
			if err == nil {
				t.Fatalf("decoded %d frames, want an error", b.Frames())
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to say %q", err, tt.want)
			}
			if got := errors.Is(err, ErrUnsupportedFormat); got != tt.unsupported {
				t.Errorf("errors.Is(%q, ErrUnsupportedFormat) = %v, want %v", err, got, tt.unsupported)
			}
		})
	}
}
