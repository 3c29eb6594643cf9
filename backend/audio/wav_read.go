package audio

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// ErrNotWAV reports a file that is not a WAV stream this package can read.
var ErrNotWAV = errors.New("not a readable WAV file")

// wavFormatExtensible is the fmt tag of WAVE_FORMAT_EXTENSIBLE, whose real format sits in
// a sub-format GUID: writers use it for more than two channels or 16 bits.
const wavFormatExtensible = 0xfffe

// wavGUIDTail is what follows the format tag in the first two bytes of every
// KSDATAFORMAT_SUBTYPE_* GUID (PCM, IEEE_FLOAT…).
var wavGUIDTail = []byte("\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71")

// ReadWAV decodes a RIFF/WAVE stream of 8-, 16-, 24- or 32-bit integer or 32- or 64-bit
// float samples, 1 to 8 channels at 1 Hz to 768 kHz, with a plain or an extensible fmt
// chunk; chunks it does not need are skipped. A data chunk that claims more than the file
// holds, or whose size is unknown (0 or 0xFFFFFFFF, as streaming writers and recorders
// that crashed leave it), is read to the end of the stream, and a stream that ends inside
// a frame gives the whole frames before it.
func ReadWAV(r io.Reader) (*Buffer, error) { return readWAV(r, decodeOpts{avail: sizeLeft(r)}) }

func readWAV(r io.Reader, o decodeOpts) (*Buffer, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var riff [12]byte
	if _, err := io.ReadFull(br, riff[:]); err != nil || string(riff[0:4]) != "RIFF" || string(riff[8:12]) != "WAVE" {
		return nil, fmt.Errorf("%w: missing RIFF/WAVE header", ErrNotWAV)
	}
	var (
		layout         sampleLayout
		channels, rate int
		haveFmt        bool
	)
	for {
		id, size, err := readChunkHeader(br, binary.LittleEndian)
		if err != nil {
			return nil, fmt.Errorf("%w: no data chunk", ErrNotWAV)
		}
		switch id {
		case "fmt ":
			if size < 16 || size > 1<<10 {
				return nil, fmt.Errorf("%w: bad fmt chunk size %d", ErrNotWAV, size)
			}
			f := make([]byte, size+size%2)
			if _, err := io.ReadFull(br, f); err != nil {
				return nil, fmt.Errorf("%w: truncated fmt chunk", ErrNotWAV)
			}
			if layout, channels, rate, err = parseWAVFormat(f[:size]); err != nil {
				return nil, fmt.Errorf("%w: %w", ErrNotWAV, err)
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return nil, fmt.Errorf("%w: data before fmt chunk", ErrNotWAV)
			}
			if size == 0 || size == math.MaxUint32 {
				size = math.MaxInt64
			}
			b, err := readPCM(br, layout, rate, channels, size, o)
			switch {
			case errors.Is(err, ErrTooLong):
				return nil, err
			case err != nil:
				return nil, fmt.Errorf("%w: %w", ErrNotWAV, err)
			}
			return b, nil
		default:
			if err := skipChunk(br, size); err != nil {
				return nil, fmt.Errorf("%w: truncated %q chunk", ErrNotWAV, id)
			}
		}
	}
}

// parseWAVFormat reads a fmt chunk body into the sample layout, channel count and rate.
func parseWAVFormat(f []byte) (l sampleLayout, channels, rate int, err error) {
	tag := binary.LittleEndian.Uint16(f[0:2])
	channels = int(binary.LittleEndian.Uint16(f[2:4]))
	rate = int(binary.LittleEndian.Uint32(f[4:8]))
	bits := int(binary.LittleEndian.Uint16(f[14:16]))
	if tag == wavFormatExtensible {
		// cbSize, valid bits and channel mask come first; the valid bits only say how
		// many of the container's bits carry signal, and the container is what is read.
		if len(f) < 40 || !bytes.Equal(f[26:40], wavGUIDTail) {
			return l, 0, 0, fmt.Errorf("an extensible fmt chunk without a PCM or float sub-format: %w; export it as PCM WAV", ErrUnsupportedFormat)
		}
		tag = binary.LittleEndian.Uint16(f[24:26])
	}
	if err := checkShape(channels, rate); err != nil {
		return l, 0, 0, err
	}
	switch {
	case tag == wavFormatPCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32):
		return sampleLayout{size: bits / 8, unsigned: bits == 8}, channels, rate, nil
	case tag == wavFormatFloat && (bits == 32 || bits == 64):
		return sampleLayout{size: bits / 8, float: true}, channels, rate, nil
	case tag == wavFormatPCM:
		return l, 0, 0, fmt.Errorf("%d-bit integer samples: %w; export it as 16- or 24-bit PCM", bits, ErrUnsupportedFormat)
	case tag == wavFormatFloat:
		return l, 0, 0, fmt.Errorf("%d-bit float samples: %w; export it as 32-bit float", bits, ErrUnsupportedFormat)
	}
	return l, 0, 0, fmt.Errorf("compressed audio (format tag 0x%04x): %w; export it as PCM WAV", tag, ErrUnsupportedFormat)
}

// ReadWAVFile opens and decodes a WAV file.
func ReadWAVFile(path string) (*Buffer, error) { return decodeFile(path, ReadWAV) }
