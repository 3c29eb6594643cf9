package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// testSignal gives every channel its own tone, so a decoder that mixes up the
// interleaving fails, and starts at both ends of the range.
func testSignal(rate, channels, frames int) *Buffer {
	b := NewBuffer(rate, channels, frames)
	for f := range frames {
		for c := range channels {
			b.Samples[f*channels+c] = float32(0.9 * math.Sin(2*math.Pi*float64(f*(c+1))/97))
		}
	}
	b.Samples[0], b.Samples[len(b.Samples)-1] = -1, 0.999
	return b
}

// assertSamples fails unless got holds want's shape and samples, each within maxErr.
func assertSamples(t *testing.T, got, want *Buffer, maxErr float64) {
	t.Helper()
	if got.SampleRate != want.SampleRate || got.Channels != want.Channels || got.Frames() != want.Frames() {
		t.Fatalf("decoded %d Hz, %d channels, %d frames; want %d Hz, %d channels, %d frames",
			got.SampleRate, got.Channels, got.Frames(), want.SampleRate, want.Channels, want.Frames())
	}
	for i, v := range want.Samples {
		if d := math.Abs(float64(got.Samples[i] - v)); d > maxErr {
			t.Fatalf("sample %d (frame %d, channel %d) = %g, want %g: off by %g, more than %g",
				i, i/want.Channels, i%want.Channels, got.Samples[i], v, d, maxErr)
		}
	}
}

func TestReadWAVRoundTripsEveryLayout(t *testing.T) {
	tests := []struct {
		name           string
		layout         sampleLayout
		extensible     bool
		channels, rate int
		maxErr         float64 // one quantisation step
	}{
		{"8-bit unsigned", sampleLayout{size: 1, unsigned: true}, false, 2, 22050, 1.0 / (1 << 7)},
		{"16-bit", sampleLayout{size: 2}, false, 2, 44100, 1.0 / (1 << 15)},
		{"24-bit", sampleLayout{size: 3}, false, 1, 48000, 1.0 / (1 << 23)},
		{"32-bit", sampleLayout{size: 4}, false, 2, 96000, 1e-7}, // float32's own precision
		{"32-bit float", sampleLayout{size: 4, float: true}, false, 2, 44100, 0},
		{"64-bit float", sampleLayout{size: 8, float: true}, false, 1, 192000, 0},
		{"extensible 16-bit stereo", sampleLayout{size: 2}, true, 2, 44100, 1.0 / (1 << 15)},
		{"extensible 24-bit 5.1", sampleLayout{size: 3}, true, 6, 48000, 1.0 / (1 << 23)},
		{"extensible float 7.1", sampleLayout{size: 4, float: true}, true, 8, 48000, 0},
		{"extensible 64-bit float 3 channels", sampleLayout{size: 8, float: true}, true, 3, 88200, 0},
		{"1 Hz", sampleLayout{size: 2}, false, 1, 1, 1.0 / (1 << 15)},
		{"768 kHz", sampleLayout{size: 3}, false, 2, 768000, 1.0 / (1 << 23)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := testSignal(tt.rate, tt.channels, 301)
			file := wavFile(src, tt.layout, tt.extensible)
			got, err := ReadWAV(bytes.NewReader(file))
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

// Chunks other than fmt and data are stepped over, odd sizes with their pad byte, and
// nothing after the data chunk (an odd-sized one, here) is read as audio.
func TestReadWAVSkipsChunksItDoesNotNeed(t *testing.T) {
	src := testSignal(8000, 1, 101)
	l := sampleLayout{size: 1, unsigned: true}
	file := wavFile(src, l, false,
		riffChunk("LIST", []byte("INFOx")), // 5 bytes: padded to 6
		riffChunk("fact", binary.LittleEndian.AppendUint32(nil, 101)),
		riffChunk("JUNK", make([]byte, 3000)))
	file = append(file, riffChunk("id3 ", []byte("trailing metadata, not audio"))...)
	got, err := ReadWAV(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	assertSamples(t, got, src, 1.0/(1<<7))
}

// dataSizeAt is the offset of the data chunk's size field in a file from wavFile without
// extra chunks: RIFF header 12, fmt chunk 8+16 (8+40 extensible), then "data".
const dataSizeAt = 12 + 24 + 4

func TestReadWAVReadsDataOfUnknownOrOverstatedSize(t *testing.T) {
	src := testSignal(44100, 2, 500)
	for _, size := range []uint32{0, 0xffffffff, 0x7ffff000, 500 * 4 * 3} {
		file := wavFile(src, sampleLayout{size: 2}, false)
		binary.LittleEndian.PutUint32(file[dataSizeAt:], size)
		got, err := ReadWAV(bytes.NewReader(file))
		if err != nil {
			t.Fatalf("data size %#x: %v", size, err)
		}
		assertSamples(t, got, src, 1.0/(1<<15))
	}
}

// A 100-byte file whose chunks claim 4 GB costs no more memory than its reading buffers.
func TestReadWAVDoesNotAllocateWhatHeadersClaim(t *testing.T) {
	small := wavFile(testSignal(44100, 2, 10), sampleLayout{size: 2}, false)
	hugeData := bytes.Clone(small)
	binary.LittleEndian.PutUint32(hugeData[dataSizeAt:], 0xfffffff0)
	hugeChunk := append(bytes.Clone(small[:36]), riffChunk("JUNK", nil)...)
	binary.LittleEndian.PutUint32(hugeChunk[40:], 0xfffffff0)
	hugeChunk = append(hugeChunk, make([]byte, 60)...)
	// From a file the bytes left bound the first allocation; from a stream, a fixed cap.
	onDisk := filepath.Join(t.TempDir(), "huge.wav")
	if err := os.WriteFile(onDisk, hugeData, 0o644); err != nil {
		t.Fatal(err)
	}
	decoders := map[string]func([]byte) (*Buffer, error){
		"data":          func(f []byte) (*Buffer, error) { return ReadWAV(bytes.NewReader(f)) },
		"data in file":  func([]byte) (*Buffer, error) { return DecodeFile(onDisk) },
		"unknown chunk": func(f []byte) (*Buffer, error) { return ReadWAV(bytes.NewReader(f)) },
	}
	for name, file := range map[string][]byte{"data": hugeData, "data in file": hugeData, "unknown chunk": hugeChunk} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b, err := decoders[name](file)
		runtime.ReadMemStats(&after)
		if name != "unknown chunk" && (err != nil || b.Frames() != 10) {
			t.Errorf("%s claims 4 GB: %v; want the 10 frames that are there", name, err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
			t.Errorf("%s claims 4 GB in a %d-byte file: decoding allocated %d bytes", name, len(file), alloc)
		}
	}
}

func TestReadWAVRejectsBadInput(t *testing.T) {
	good := wavFile(testSignal(8000, 1, 100), sampleLayout{size: 2}, false)
	patch := func(at int, v uint32, width int) []byte {
		b := bytes.Clone(good)
		if width == 2 {
			binary.LittleEndian.PutUint16(b[at:], uint16(v))
		} else {
			binary.LittleEndian.PutUint32(b[at:], v)
		}
		return b
	}
	const tagAt, channelsAt, rateAt, bitsAt = 20, 22, 24, 34
	extensible := wavFile(testSignal(8000, 1, 100), sampleLayout{size: 2}, true)
	unknownGUID := bytes.Clone(extensible)
	unknownGUID[12+8+26] = 0xff // the GUID after its format tag
	nan := wavFile(testSignal(8000, 1, 100), sampleLayout{size: 4, float: true}, false)
	binary.LittleEndian.PutUint32(nan[dataSizeAt+4+40:], math.Float32bits(float32(math.NaN())))
	huge := wavFile(testSignal(8000, 1, 100), sampleLayout{size: 8, float: true}, false)
	binary.LittleEndian.PutUint64(huge[dataSizeAt+4+80:], math.Float64bits(1e300))
	dataFirst := append([]byte("RIFF\x00\x00\x00\x00WAVE"), riffChunk("data", make([]byte, 8))...)
	tests := []struct {
		name        string
		file        []byte
		want        string // in the message
		unsupported bool   // errors.Is(err, ErrUnsupportedFormat)
	}{
		{"empty", nil, "missing RIFF/WAVE header", false},
		{"not RIFF", []byte("ID3\x03 not a wave file at all, but long enough"), "missing RIFF/WAVE header", false},
		{"header only", good[:12], "no data chunk", false},
		{"cut inside fmt", good[:30], "truncated fmt chunk", false},
		{"fmt too short", patch(16, 8, 4), "bad fmt chunk size 8", false},
		{"fmt of 4 GB", patch(16, 0xffffffff, 4), "bad fmt chunk size", false},
		{"data before fmt", dataFirst, "data before fmt chunk", false},
		{"zero channels", patch(channelsAt, 0, 2), "0 channels", false},
		{"nine channels", patch(channelsAt, 9, 2), "9 channels", false},
		{"0 Hz", patch(rateAt, 0, 4), "sample rate of 0 Hz", false},
		{"over 768 kHz", patch(rateAt, 768001, 4), "sample rate of 768001 Hz", false},
		{"12-bit", patch(bitsAt, 12, 2), "12-bit integer samples", true},
		{"16-bit float", patch(tagAt, wavFormatFloat, 2), "16-bit float samples", true},
		{"ADPCM", patch(tagAt, 2, 2), "format tag 0x0002", true},
		{"extensible, unknown sub-format", unknownGUID, "extensible fmt chunk without a PCM or float sub-format", true},
		{"NaN sample", nan, "NaN", false},
		{"64-bit float beyond float32", huge, "too large for 32 bits", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ReadWAV(bytes.NewReader(tt.file))
			if err == nil {
				t.Fatalf("decoded %d frames, want an error", b.Frames())
			}
			if !errors.Is(err, ErrNotWAV) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want ErrNotWAV saying %q", err, tt.want)
			}
			if got := errors.Is(err, ErrUnsupportedFormat); got != tt.unsupported {
				t.Errorf("errors.Is(%q, ErrUnsupportedFormat) = %v, want %v", err, got, tt.unsupported)
			}
		})
	}
}
