package audio

import (
	"bufio"
	"bytes"
	"slices"
	"strings"
	"testing"
)

// go-mp3 does not trim the encoder's delay and padding, nor the silent frame LAME's
// header sits in, so an MP3 decodes to up to three blocks (1152 frames in MPEG 1, 576 in
// MPEG 2) more than went in.
func TestDecodeMP3Fixtures(t *testing.T) {
	tests := []fixtureTone{
		{"sine-440-mono-44k1.mp3", 44100, 1, 22050, 22050 + 3*1152, []float64{440}, 0.05},
		{"sine-440-880-stereo-48k.mp3", 48000, 2, 24000, 24000 + 3*1152, []float64{440, 880}, 0.05},
		{"tiny-mono-16k.mp3", 16000, 1, 1600, 1600 + 3*576, nil, 0}, // MPEG 2; too short and too coarse to measure
	}
	for _, ft := range tests {
		t.Run(ft.file, func(t *testing.T) { ft.check(t) })
	}
}

// id3v2 is an ID3v2.4 tag whose body is n bytes of padding.
func id3v2(n int) []byte {
	return append([]byte{'I', 'D', '3', 4, 0, 0, byte(n >> 21 & 0x7f), byte(n >> 14 & 0x7f), byte(n >> 7 & 0x7f), byte(n & 0x7f)},
		make([]byte, n)...)
}

// Tags before and after the frames are not audio: ID3v2 in front (two of them, as some
// taggers leave), an ID3v1 tag of 128 bytes at the end.
func TestDecodeMP3SkipsTags(t *testing.T) {
	data := readFixture(t, "sine-440-880-stereo-48k.mp3")
	plain, err := Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	v1 := append([]byte("TAG"), bytes.Repeat([]byte{'x'}, 124)...)
	v1 = append(v1, 0xff) // genre: none
	tagged := slices.Concat(id3v2(3000), id3v2(10), data, v1)
	got, err := Decode(bytes.NewReader(tagged))
	if err != nil {
		t.Fatal(err)
	}
	if got.Frames() != plain.Frames() || !slices.Equal(got.Samples, plain.Samples) {
		t.Errorf("tagged file: %d frames, untagged %d; the samples should be the same", got.Frames(), plain.Frames())
	}
}

func TestDecodeMP3CutShort(t *testing.T) {
	data := readFixture(t, "sine-440-mono-44k1.mp3")
	whole, err := Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	cut, err := Decode(bytes.NewReader(data[:len(data)*6/10]))
	if err != nil {
		t.Fatal(err)
	}
	if cut.Frames() == 0 || cut.Frames() >= whole.Frames() || cut.Frames()%1152 != 0 {
		t.Errorf("cut file: %d frames of %d; want whole 1152-frame blocks", cut.Frames(), whole.Frames())
	}
	_, err = Decode(bytes.NewReader(data[:50]))
	if err == nil || !strings.Contains(err.Error(), "the file is cut short") {
		t.Errorf("cut inside the first frame: err = %v, want it to say the file is cut short", err)
	}
}

func TestDecodeMP3RejectsBadInput(t *testing.T) {
	damagedTag := id3v2(10)
	damagedTag[6] = 0x80 // not syncsafe
	tests := []struct {
		name string
		file []byte
		want string
	}{
		{"no frame header", []byte("\x00\x00\x00\x00 silence and then some"), "does not start with an MPEG layer III frame"},
		{"layer II header", []byte{0xff, 0xfd, 0x90, 0x00, 0, 0, 0, 0}, "does not start with an MPEG layer III frame"},
		{"cut inside the header", []byte{0xff, 0xfb}, "does not start with an MPEG layer III frame"},
		{"a header and nothing else", []byte{0xff, 0xfb, 0x90, 0x00}, "the file is cut short"},
		// Found by FuzzDecodeMP3: go-mp3 indexes past a scale factor table.
		{"a panic inside go-mp3", []byte("\xff\xf30000000000000001\xb7" + strings.Repeat("0", 59)),
			"the decoder failed on damaged data (runtime error: index out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeMP3(bufio.NewReader(bytes.NewReader(tt.file)))
			if err == nil {
				t.Fatalf("decoded %d frames, want an error", b.Frames())
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "not a readable MP3 file: ") {
				t.Errorf("err = %q, want it to say %q", err, tt.want)
			}
		})
	}
	_, err := Decode(bytes.NewReader(slices.Concat(damagedTag, readFixture(t, "sine-440-mono-44k1.mp3"))))
	if err == nil || !strings.Contains(err.Error(), "ID3 tag is damaged") {
		t.Errorf("damaged ID3 tag: err = %v", err)
	}
}
