package audio

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
)

// ErrNotWAV reports a file that is not a WAV stream this package can read.
var ErrNotWAV = errors.New("not a readable WAV file")

// maxWAVChannels bounds what a header may claim, so a corrupt file cannot ask for absurd work.
const maxWAVChannels = 8

// ReadWAV decodes a RIFF/WAVE stream of 16- or 24-bit integer or 32-bit float samples —
// the formats WriteWAV produces — into a Buffer.
func ReadWAV(r io.Reader) (*Buffer, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var riff [12]byte
	if _, err := io.ReadFull(br, riff[:]); err != nil || string(riff[0:4]) != "RIFF" || string(riff[8:12]) != "WAVE" {
		return nil, fmt.Errorf("%w: missing RIFF/WAVE header", ErrNotWAV)
	}
	var (
		tag            uint16
		channels, bits int
		rate           int
		haveFmt        bool
	)
	for {
		var ch [8]byte
		if _, err := io.ReadFull(br, ch[:]); err != nil {
			return nil, fmt.Errorf("%w: no data chunk", ErrNotWAV)
		}
		id, size := string(ch[0:4]), binary.LittleEndian.Uint32(ch[4:8])
		switch id {
		case "fmt ":
			if size < 16 || size > 1<<10 {
				return nil, fmt.Errorf("%w: bad fmt chunk size %d", ErrNotWAV, size)
			}
			f := make([]byte, size+size%2)
			if _, err := io.ReadFull(br, f); err != nil {
				return nil, fmt.Errorf("%w: truncated fmt chunk", ErrNotWAV)
			}
			tag = binary.LittleEndian.Uint16(f[0:2])
			channels = int(binary.LittleEndian.Uint16(f[2:4]))
			rate = int(binary.LittleEndian.Uint32(f[4:8]))
			bits = int(binary.LittleEndian.Uint16(f[14:16]))
			haveFmt = true
		case "data":
			if !haveFmt {
				return nil, fmt.Errorf("%w: data before fmt chunk", ErrNotWAV)
			}
			return readWAVData(br, tag, channels, bits, rate, size)
		default:
			if _, err := br.Discard(int(size + size%2)); err != nil {
				return nil, fmt.Errorf("%w: truncated %q chunk", ErrNotWAV, id)
			}
		}
	}
}

func readWAVData(r io.Reader, tag uint16, channels, bits, rate int, size uint32) (*Buffer, error) {
	valid := (tag == wavFormatPCM && (bits == 16 || bits == 24)) || (tag == wavFormatFloat && bits == 32)
	if !valid {
		return nil, fmt.Errorf("%w: unsupported sample format (tag %d, %d bits)", ErrNotWAV, tag, bits)
	}
	if channels < 1 || channels > maxWAVChannels || rate < 1 || rate > 768000 {
		return nil, fmt.Errorf("%w: %d channels at %d Hz", ErrNotWAV, channels, rate)
	}
	bps := bits / 8
	// The header's size may be wrong (streams written before their length was known), so
	// read what is there rather than allocating what it claims.
	data, err := io.ReadAll(io.LimitReader(r, int64(size)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotWAV, err)
	}
	n := len(data) / bps
	n -= n % channels
	b := &Buffer{SampleRate: rate, Channels: channels, Samples: make([]float32, n)}
	for i := range n {
		p := data[i*bps:]
		switch bits {
		case 16:
			b.Samples[i] = float32(int16(binary.LittleEndian.Uint16(p))) / (1 << 15)
		case 24:
			v := int32(uint32(p[0])<<8|uint32(p[1])<<16|uint32(p[2])<<24) >> 8
			b.Samples[i] = float32(v) / (1 << 23)
		case 32:
			b.Samples[i] = math.Float32frombits(binary.LittleEndian.Uint32(p))
		}
	}
	return b, nil
}

// ReadWAVFile opens and decodes a WAV file.
func ReadWAVFile(path string) (*Buffer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := ReadWAV(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}
