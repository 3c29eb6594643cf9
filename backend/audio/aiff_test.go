package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestReadAIFFRoundTripsEveryLayout(t *testing.T) {
	tests := []struct {
		name           string
		compression    string // "" for plain AIFF
		depth          int
		channels, rate int
		maxErr         float64 // one quantisation step
	}{
		{"AIFF 8-bit", "", 8, 1, 22050, 1.0 / (1 << 7)},
		{"AIFF 12-bit", "", 12, 2, 32000, 1.0 / (1 << 11)},
		{"AIFF 16-bit", "", 16, 2, 44100, 1.0 / (1 << 15)},
		{"AIFF 20-bit", "", 20, 2, 48000, 1.0 / (1 << 19)},
		{"AIFF 24-bit", "", 24, 6, 96000, 1.0 / (1 << 23)},
		{"AIFF 32-bit", "", 32, 8, 192000, 1e-7}, // float32's own precision
		{"AIFF 1 Hz", "", 16, 1, 1, 1.0 / (1 << 15)},
		{"AIFF 768 kHz", "", 24, 2, 768000, 1.0 / (1 << 23)},
		{"AIFF-C NONE 16-bit", "NONE", 16, 2, 44100, 1.0 / (1 << 15)},
		{"AIFF-C twos 24-bit", "twos", 24, 2, 48000, 1.0 / (1 << 23)},
		{"AIFF-C sowt 16-bit", "sowt", 16, 2, 44100, 1.0 / (1 << 15)},
		{"AIFF-C sowt 24-bit", "sowt", 24, 1, 48000, 1.0 / (1 << 23)},
		{"AIFF-C sowt 32-bit", "sowt", 32, 2, 48000, 1e-7},
		{"AIFF-C fl32", "fl32", 32, 2, 44100, 0},
		{"AIFF-C FL32", "FL32", 32, 3, 44100, 0},
		{"AIFF-C fl64", "fl64", 64, 2, 88200, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := testSignal(tt.rate, tt.channels, 301)
			file := aiffFile(src, tt.compression, tt.depth, aiffChunk("ANNO", []byte("odd")))
			got, err := readAIFF(bytes.NewReader(file), decodeOpts{})
			if err != nil {
				t.Fatal(err)
			}
			assertSamples(t, got, src, tt.maxErr)
			viaDecode, err := Decode(bytes.NewReader(file))
			if err != nil {
				t.Fatal(err)
			}
			assertSamples(t, viaDecode, src, tt.maxErr)
		})
	}
}

func TestExtendedToFloat(t *testing.T) {
	ext := func(hex string) (e [10]byte) {
		for i := range e {
			e[i] = byte(strings.IndexByte("0123456789abcdef", hex[2*i])<<4 | strings.IndexByte("0123456789abcdef", hex[2*i+1]))
		}
		return e
	}
	tests := []struct {
		name string
		ext  [10]byte
		want float64
	}{
		{"44100 Hz, the bytes every AIFF spec quotes", ext("400eac44000000000000"), 44100},
		{"48000 Hz", ext("400ebb80000000000000"), 48000},
		{"22254.54 Hz, the old Macintosh rate", ext("400daddd1745d1745d17"), 22254.545454545454},
		{"1 Hz", ext("3fff8000000000000000"), 1},
		{"768 kHz", rateToExtended(768000), 768000},
		{"negative", ext("c00eac44000000000000"), -44100},
		{"zero", ext("00000000000000000000"), 0},
		{"infinity", ext("7fff8000000000000000"), math.NaN()},
	}
	for _, tt := range tests {
		got := extendedToFloat(tt.ext)
		if math.IsNaN(tt.want) != math.IsNaN(got) || (!math.IsNaN(got) && math.Abs(got-tt.want) > 1e-9) {
			t.Errorf("%s: %x reads as %v, want %v", tt.name, tt.ext, got, tt.want)
		}
	}
}

// COMM counts the frames: padding past them in SSND is not audio, and an SSND chunk cut
// short gives the whole frames it holds.
func TestReadAIFFTakesTheFrameCountFromCOMM(t *testing.T) {
	src := testSignal(44100, 2, 100)
	file := aiffFile(src, "", 16)
	const framesAt = 12 + 8 + 2 // FORM header, COMM header, channel count
	fewer := bytes.Clone(file)
	binary.BigEndian.PutUint32(fewer[framesAt:], 60)
	got, err := readAIFF(bytes.NewReader(fewer), decodeOpts{})
	if err != nil || got.Frames() != 60 {
		t.Errorf("COMM says 60 of 100 frames: got %v frames, err %v", got.Frames(), err)
	}
	got, err = readAIFF(bytes.NewReader(file[:len(file)-4*30-2]), decodeOpts{})
	if err != nil || got.Frames() != 69 {
		t.Errorf("cut 30.5 frames short: got %v frames, err %v; want the 69 whole ones", got.Frames(), err)
	}
}

func TestReadAIFFRejectsBadInput(t *testing.T) {
	good := aiffFile(testSignal(8000, 1, 100), "", 16)
	const commAt = 12 + 8 // COMM body: channels, frames, bits, rate
	patch := func(at int, v []byte) []byte {
		b := bytes.Clone(good)
		copy(b[at:], v)
		return b
	}
	be16 := func(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }
	zeroRate, hugeRate, slowRate := rateToExtended(0), rateToExtended(768001), [10]byte{}
	slowRate[0], slowRate[1], slowRate[2] = 0x3f, 0xfd, 0x80 // 0.25 Hz
	ssndFirst := append([]byte("FORM\x00\x00\x00\x00AIFF"), aiffChunk("SSND", make([]byte, 12))...)
	ulaw := aiffFile(testSignal(8000, 1, 100), "NONE", 16)
	copy(ulaw[bytes.Index(ulaw, []byte("NONE")):], "ulaw")
	offsetPastEnd := bytes.Clone(good)
	ssnd := bytes.Index(offsetPastEnd, []byte("SSND"))
	binary.BigEndian.PutUint32(offsetPastEnd[ssnd+8:], 1000)
	tests := []struct {
		name        string
		file        []byte
		want        string // in the message
		unsupported bool   // errors.Is(err, ErrUnsupportedFormat)
	}{
		{"empty", nil, "missing FORM/AIFF header", false},
		{"a WAV file", wavFile(testSignal(8000, 1, 10), sampleLayout{size: 2}, false), "missing FORM/AIFF header", false},
		{"header only", good[:12], "no SSND chunk", false},
		{"cut inside COMM", good[:30], "truncated COMM chunk", false},
		{"sound before COMM", ssndFirst, "sound data before the COMM chunk", false},
		{"zero channels", patch(commAt, be16(0)), "0 channels", false},
		{"nine channels", patch(commAt, be16(9)), "9 channels", false},
		{"negative channels", patch(commAt, be16(0xffff)), "-1 channels", false},
		{"0 Hz", patch(commAt+8, zeroRate[:]), "sample rate of 0 Hz", false},
		{"0.25 Hz", patch(commAt+8, slowRate[:]), "sample rate of 0.25 Hz", false},
		{"over 768 kHz", patch(commAt+8, hugeRate[:]), "sample rate of 768001 Hz", false},
		{"33-bit", patch(commAt+6, be16(33)), "33-bit samples", false},
		{"0-bit", patch(commAt+6, be16(0)), "0-bit samples", false},
		{"µ-law", ulaw, `AIFF-C compression "ulaw"`, true},
		{"SSND offset past its end", offsetPastEnd, "SSND offset 1000 past the chunk's end", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := readAIFF(bytes.NewReader(tt.file), decodeOpts{})
			if err == nil {
				t.Fatalf("decoded %d frames, want an error", b.Frames())
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "not a readable AIFF file: ") {
				t.Errorf("err = %q, want it to say %q", err, tt.want)
			}
			if got := errors.Is(err, ErrUnsupportedFormat); got != tt.unsupported {
				t.Errorf("errors.Is(%q, ErrUnsupportedFormat) = %v, want %v", err, got, tt.unsupported)
			}
		})
	}
}
