package audio

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"testing"
	"time"
)

// Run one target for a while with scripts/fuzz-decoders.sh, or:
//
//	go test ./backend/audio -run '^$' -fuzz '^FuzzDecodeWAV$' -fuzztime 30s
//
// Inputs that once crashed a target are kept in testdata/fuzz/<FuzzName>/ and run with
// the seeds below on every go test.

// checkDecoded is what every target asserts of a decoder's answer, besides not panicking:
// a valid buffer or an error, never both nor neither, finite samples, and no more of
// them than maxSamples.
func checkDecoded(t *testing.T, b *Buffer, err error, maxSamples int) {
	t.Helper()
	if err != nil {
		if b != nil {
			t.Fatalf("a buffer and an error: %v", err)
		}
		return
	}
	if b == nil {
		t.Fatal("neither a buffer nor an error")
	}
	if err := b.Validate(); err != nil {
		t.Fatalf("decoded an invalid buffer: %v", err)
	}
	if len(b.Samples) > maxSamples {
		t.Fatalf("%d samples, more than the %d allowed", len(b.Samples), maxSamples)
	}
	for i, v := range b.Samples {
		if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
			t.Fatalf("sample %d is %v", i, v)
		}
	}
}

// damagedCopies are the ways a file goes wrong: cut at a few places (inside the header
// too), and a byte flipped in the header and in the body.
func damagedCopies(file []byte) [][]byte {
	out := [][]byte{file}
	for _, n := range []int{4, 12, 30, 47, len(file) / 2, len(file) - 1} {
		if n < len(file) {
			out = append(out, file[:n])
		}
	}
	for _, at := range []int{20, 40, len(file) / 2} {
		if at < len(file) {
			c := bytes.Clone(file)
			c[at] ^= 0xff
			out = append(out, c)
		}
	}
	return out
}

// withUint32 is file with a 32-bit field rewritten: a header that lies.
func withUint32(file []byte, at int, order binary.ByteOrder, v uint32) []byte {
	c := bytes.Clone(file)
	order.PutUint32(c[at:], v)
	return c
}

func wavSeeds() [][]byte {
	var seeds [][]byte
	for _, s := range []struct {
		l          sampleLayout
		channels   int
		extensible bool
	}{
		{sampleLayout{size: 1, unsigned: true}, 1, false},
		{sampleLayout{size: 2}, 2, false},
		{sampleLayout{size: 3}, 6, true},
		{sampleLayout{size: 4}, 2, false},
		{sampleLayout{size: 4, float: true}, 8, true},
		{sampleLayout{size: 8, float: true}, 1, false},
	} {
		seeds = append(seeds, damagedCopies(wavFile(testSignal(8000, s.channels, 16), s.l, s.extensible))...)
	}
	plain := wavFile(testSignal(44100, 2, 16), sampleLayout{size: 2}, false, riffChunk("LIST", []byte("odd")))
	return append(seeds,
		withUint32(plain, dataSizeAt+12, binary.LittleEndian, 0xfffffff0), // data claims 4 GB
		withUint32(plain, 40, binary.LittleEndian, 0xfffffff0),            // so does LIST
		withUint32(plain, 16, binary.LittleEndian, 0xffffffff),            // and fmt
		withUint32(plain, 24, binary.LittleEndian, 0),                     // 0 Hz
	)
}

func aiffSeeds() [][]byte {
	var seeds [][]byte
	for _, s := range []struct {
		compression string
		depth       int
		channels    int
	}{
		{"", 8, 1}, {"", 16, 2}, {"", 20, 2}, {"", 24, 6}, {"", 32, 8},
		{"NONE", 16, 2}, {"sowt", 24, 2}, {"fl32", 32, 2}, {"fl64", 64, 1},
	} {
		seeds = append(seeds, damagedCopies(aiffFile(testSignal(8000, s.channels, 16), s.compression, s.depth))...)
	}
	plain := aiffFile(testSignal(44100, 2, 16), "", 16)
	ssnd := bytes.Index(plain, []byte("SSND"))
	return append(seeds,
		withUint32(plain, ssnd+4, binary.BigEndian, 0xfffffff0), // SSND claims 4 GB
		withUint32(plain, 22, binary.BigEndian, 0xffffffff),     // COMM claims 4 G frames
		withUint32(plain, ssnd+8, binary.BigEndian, 0xfffffff0), // an offset past the end
		withUint32(plain, 28, binary.BigEndian, 0x7fff0000),     // an infinite rate
	)
}

// codecSeeds are a tiny fixture damaged in the usual ways, and the first 2000 bytes of a
// few others. Seeds stay small: a mutation of a 10 KB file costs ten times as much to run,
// and far more to minimise.
func codecSeeds(t testing.TB, tiny string, others ...string) [][]byte {
	seeds := damagedCopies(readFixture(t, tiny))
	for _, name := range others {
		data := readFixture(t, name)
		seeds = append(seeds, data[:min(len(data), 2000)])
	}
	return seeds
}

func flacSeeds(t testing.TB) [][]byte {
	return codecSeeds(t, "tiny-stereo-8k.flac", "silence-1801s-mono-100hz.flac", "sine-1k-mono-48k-24bit.flac")
}

func mp3Seeds(t testing.TB) [][]byte {
	return codecSeeds(t, "tiny-mono-16k.mp3", "sine-440-mono-44k1.mp3", "sine-440-880-stereo-48k.mp3")
}

// watchdog ends the process if decoding one input takes longer than any small input
// should: go test's fuzzer does not notice a hang, but it does notice a crash, and saves
// the input. Stop it when the decoder returns.
func watchdog() (stop func() bool) {
	return time.AfterFunc(5*time.Second, func() { panic("decoding one fuzz input took more than 5 s") }).Stop
}

// WAV and AIFF keep every sample in at least one byte of the file.
func FuzzDecodeWAV(f *testing.F) {
	for _, s := range wavSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog()()
		b, err := ReadWAV(bytes.NewReader(data))
		checkDecoded(t, b, err, len(data))
	})
}

func FuzzDecodeAIFF(f *testing.F) {
	for _, s := range aiffSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog()()
		b, err := readAIFF(bytes.NewReader(data), decodeOpts{})
		checkDecoded(t, b, err, len(data))
	})
}

// A FLAC frame of constant subframes holds 65536 frames in a few bytes, so the bound is
// the decode limit itself.
func FuzzDecodeFLAC(f *testing.F) {
	for _, s := range flacSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog()()
		b, err := decodeFLAC(bytes.NewReader(data))
		checkDecoded(t, b, err, maxDecodeSamples)
	})
}

func FuzzDecodeMP3(f *testing.F) {
	for _, s := range mp3Seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog()()
		b, err := decodeMP3(bufio.NewReader(bytes.NewReader(data)))
		checkDecoded(t, b, err, maxDecodeSamples)
	})
}

// FuzzDecode goes through the sniffing and the ID3 skipping. ffmpeg is kept off PATH: the
// target is this package's code, not ffmpeg's.
func FuzzDecode(f *testing.F) {
	f.Setenv("PATH", f.TempDir())
	seeds := slices.Concat(wavSeeds(), aiffSeeds(), flacSeeds(f), mp3Seeds(f))
	for _, s := range seeds {
		f.Add(s)
		f.Add(slices.Concat(id3v2(7), s))
	}
	f.Add([]byte("OggS\x00\x02"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog()()
		b, err := Decode(bytes.NewReader(data))
		checkDecoded(t, b, err, maxDecodeSamples)
		if err == nil && b.Frames() == 0 {
			t.Fatal("decoded no frames without an error")
		}
		checkStreamed(t, data, b, err)
	})
}

// checkStreamed asserts that DecodeMonoStream agrees with Decode on data: an error for
// the same inputs, otherwise the same rate and exactly the mono mix of the same samples.
func checkStreamed(t *testing.T, data []byte, b *Buffer, err error) {
	t.Helper()
	rate := 0
	var mono []float32
	streamErr := DecodeMonoStream(bytes.NewReader(data),
		func(r, _ int) error { rate = r; return nil },
		func(s []float32) error { mono = append(mono, s...); return nil })
	switch {
	case (err == nil) != (streamErr == nil):
		t.Fatalf("Decode says %v, DecodeMonoStream %v", err, streamErr)
	case err != nil:
		return
	case rate != b.SampleRate:
		t.Fatalf("streamed at %d Hz, decoded at %d Hz", rate, b.SampleRate)
	case !slices.Equal(mono, MonoSamples(b)):
		t.Fatalf("streamed %d samples that are not the mix of the %d frames decoded", len(mono), b.Frames())
	}
}
