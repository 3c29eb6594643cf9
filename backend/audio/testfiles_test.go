package audio

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/bits"
	"os"
	"slices"
	"testing"
)

// The writers below build the WAV and AIFF variants WriteWAV does not, for the decoders'
// tests and fuzz seeds. They share nothing with the decoders but the sampleLayout type.

// encodeSamples stores samples in the layout, integers quantised to depth bits (at most
// the layout's size) and left-justified in their bytes, as AIFF keeps narrow samples.
func encodeSamples(samples []float32, l sampleLayout, depth int) []byte {
	out := make([]byte, 0, len(samples)*l.size)
	for _, v := range samples {
		var be []byte // most significant byte first
		switch {
		case l.float && l.size == 8:
			be = binary.BigEndian.AppendUint64(nil, math.Float64bits(float64(v)))
		case l.float:
			be = binary.BigEndian.AppendUint32(nil, math.Float32bits(v))
		default:
			full := float64(int64(1) << (depth - 1))
			q := int64(max(-full, min(full-1, math.Round(float64(v)*full))))
			u := uint64(q) << (8*l.size - depth)
			if l.unsigned {
				u ^= 1 << (8*l.size - 1)
			}
			for k := l.size - 1; k >= 0; k-- {
				be = append(be, byte(u>>(8*k)))
			}
		}
		if !l.bigEndian {
			slices.Reverse(be)
		}
		out = append(out, be...)
	}
	return out
}

// iffChunk is an IFF chunk: id, size in the given byte order, body and a pad byte when the
// body's length is odd.
func iffChunk(order binary.AppendByteOrder, id string, body []byte) []byte {
	c := append([]byte(id), order.AppendUint32(nil, uint32(len(body)))...)
	c = append(c, body...)
	if len(body)%2 == 1 {
		c = append(c, 0)
	}
	return c
}

func riffChunk(id string, body []byte) []byte { return iffChunk(binary.LittleEndian, id, body) }
func aiffChunk(id string, body []byte) []byte { return iffChunk(binary.BigEndian, id, body) }

// wavFile is a WAV file of b in the layout, with a plain fmt chunk or an extensible one,
// and the extra chunks between fmt and data.
func wavFile(b *Buffer, l sampleLayout, extensible bool, extra ...[]byte) []byte {
	tag := uint16(wavFormatPCM)
	if l.float {
		tag = wavFormatFloat
	}
	head := tag
	if extensible {
		head = wavFormatExtensible
	}
	bps := 8 * l.size
	f := binary.LittleEndian.AppendUint16(nil, head)
	f = binary.LittleEndian.AppendUint16(f, uint16(b.Channels))
	f = binary.LittleEndian.AppendUint32(f, uint32(b.SampleRate))
	f = binary.LittleEndian.AppendUint32(f, uint32(b.SampleRate*b.Channels*l.size))
	f = binary.LittleEndian.AppendUint16(f, uint16(b.Channels*l.size))
	f = binary.LittleEndian.AppendUint16(f, uint16(bps))
	if extensible {
		f = binary.LittleEndian.AppendUint16(f, 22)          // cbSize
		f = binary.LittleEndian.AppendUint16(f, uint16(bps)) // valid bits
		f = binary.LittleEndian.AppendUint32(f, 0)           // channel mask: no layout
		f = binary.LittleEndian.AppendUint16(f, tag)
		f = append(f, wavGUIDTail...)
	}
	body := append([]byte("WAVE"), riffChunk("fmt ", f)...)
	for _, c := range extra {
		body = append(body, c...)
	}
	body = append(body, riffChunk("data", encodeSamples(b.Samples, l, bps))...)
	return riffChunk("RIFF", body)
}

// aiffFile is an AIFF file of b at depth bits, or an AIFF-C file when compression is set,
// with the extra chunks between COMM and SSND.
func aiffFile(b *Buffer, compression string, depth int, extra ...[]byte) []byte {
	l := sampleLayout{size: (depth + 7) / 8, bigEndian: true}
	if compression != "" {
		l = aifcLayouts[compression]
		if !l.float {
			l.size = (depth + 7) / 8
		}
	}
	comm := binary.BigEndian.AppendUint16(nil, uint16(b.Channels))
	comm = binary.BigEndian.AppendUint32(comm, uint32(b.Frames()))
	comm = binary.BigEndian.AppendUint16(comm, uint16(depth))
	ext := rateToExtended(uint64(b.SampleRate))
	comm = append(comm, ext[:]...)
	form := "AIFF"
	var fver []byte
	if compression != "" {
		form = "AIFC"
		comm = append(comm, compression...)
		comm = append(comm, 0, 0) // an empty name, padded to an even length
		fver = aiffChunk("FVER", binary.BigEndian.AppendUint32(nil, 0xa2805140))
	}
	body := append([]byte(form), fver...)
	body = append(body, aiffChunk("COMM", comm)...)
	for _, c := range extra {
		body = append(body, c...)
	}
	ssnd := append(make([]byte, 8), encodeSamples(b.Samples, l, depth)...) // offset and block size 0
	body = append(body, aiffChunk("SSND", ssnd)...)
	return aiffChunk("FORM", body)
}

// rateToExtended is a whole sample rate as the 80-bit extended float of an AIFF header.
func rateToExtended(rate uint64) (e [10]byte) {
	shift := bits.LeadingZeros64(rate)
	binary.BigEndian.PutUint16(e[0:], uint16(16383+63-shift))
	binary.BigEndian.PutUint64(e[2:], rate<<shift)
	return e
}

// toneOf measures a steady tone in one channel of b between two frames: its frequency
// from the upward zero crossings, and its peak level.
func toneOf(b *Buffer, channel, from, to int) (hz, peak float64) {
	first, last, crossings := -1, -1, 0
	for f := from + 1; f < to; f++ {
		prev, cur := b.Samples[(f-1)*b.Channels+channel], b.Samples[f*b.Channels+channel]
		peak = max(peak, math.Abs(float64(cur)))
		if prev < 0 && cur >= 0 {
			if first < 0 {
				first = f
			} else {
				crossings++
			}
			last = f
		}
	}
	if crossings == 0 {
		return 0, peak
	}
	return float64(crossings) * float64(b.SampleRate) / float64(last-first), peak
}

// readFixture reads a file of testdata/ (see its README for how each was made).
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// fixtureTone is what a fixture holds: its shape, and in each channel a half-scale sine.
type fixtureTone struct {
	file           string
	rate, channels int
	minFrames      int       // the frames encoded
	maxFrames      int       // with what the codec adds (MP3 frames, encoder delay)
	hz             []float64 // per channel; nil checks the shape alone
	maxLevelErr    float64   // how far the peak may be from 0.5
}

func (ft fixtureTone) check(t *testing.T) {
	t.Helper()
	b, err := Decode(bytes.NewReader(readFixture(t, ft.file)))
	if err != nil {
		t.Fatal(err)
	}
	if b.SampleRate != ft.rate || b.Channels != ft.channels || b.Frames() < ft.minFrames || b.Frames() > ft.maxFrames {
		t.Fatalf("decoded %d Hz, %d channels, %d frames; want %d Hz, %d channels, %d to %d frames",
			b.SampleRate, b.Channels, b.Frames(), ft.rate, ft.channels, ft.minFrames, ft.maxFrames)
	}
	// Measured away from the ends, where an MP3 fades in from its encoder delay.
	from, to := b.Frames()/8, b.Frames()*7/8
	for c, want := range ft.hz {
		hz, peak := toneOf(b, c, from, to)
		if math.Abs(hz-want) > want*0.002 {
			t.Errorf("channel %d: a %.2f Hz tone, want %g Hz", c, hz, want)
		}
		if math.Abs(peak-0.5) > ft.maxLevelErr {
			t.Errorf("channel %d: peak %.4f, want 0.5 ± %g", c, peak, ft.maxLevelErr)
		}
	}
}
