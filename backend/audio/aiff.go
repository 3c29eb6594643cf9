package audio

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// aifcLayouts are the AIFF-C compression types that are plain samples. The integer ones
// take their width from the COMM chunk's sample size.
var aifcLayouts = map[string]sampleLayout{
	"NONE": {bigEndian: true},
	"twos": {bigEndian: true}, // QuickTime's name for the same
	"sowt": {},                // "twos" backwards: little-endian
	"fl32": {size: 4, float: true, bigEndian: true},
	"FL32": {size: 4, float: true, bigEndian: true},
	"fl64": {size: 8, float: true, bigEndian: true},
	"FL64": {size: 8, float: true, bigEndian: true},
}

// readAIFF decodes an AIFF or AIFF-C stream: integer samples of 1 to 32 bits, big-endian
// or ("sowt") little-endian, or 32- and 64-bit floats. The COMM chunk must come before
// the sound data, as every writer puts it: reading a stream cannot go back for it.
func readAIFF(r io.Reader, o decodeOpts) (*Buffer, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var form [12]byte
	if _, err := io.ReadFull(br, form[:]); err != nil || string(form[0:4]) != "FORM" ||
		(string(form[8:12]) != "AIFF" && string(form[8:12]) != "AIFC") {
		return nil, errors.New("not a readable AIFF file: missing FORM/AIFF header")
	}
	aifc := string(form[8:12]) == "AIFC"
	var (
		c        aiffComm
		haveComm bool
	)
	for {
		id, size, err := readChunkHeader(br, binary.BigEndian)
		if err != nil {
			return nil, errors.New("not a readable AIFF file: no SSND chunk with the audio")
		}
		switch id {
		case "COMM":
			if size < 18 || size > 1<<10 {
				return nil, fmt.Errorf("not a readable AIFF file: bad COMM chunk size %d", size)
			}
			body := make([]byte, size+size%2)
			if _, err := io.ReadFull(br, body); err != nil {
				return nil, errors.New("not a readable AIFF file: truncated COMM chunk")
			}
			if c, err = parseAIFFComm(body[:size], aifc); err != nil {
				return nil, fmt.Errorf("not a readable AIFF file: %w", err)
			}
			haveComm = true
		case "SSND":
			if !haveComm {
				return nil, errors.New("not a readable AIFF file: sound data before the COMM chunk; export it again")
			}
			return c.readSound(br, size, o)
		default:
			if err := skipChunk(br, size); err != nil {
				return nil, fmt.Errorf("not a readable AIFF file: truncated %q chunk", id)
			}
		}
	}
}

// aiffComm is what the COMM chunk says about the sound data.
type aiffComm struct {
	layout         sampleLayout
	channels, rate int
	frames         int64
}

func parseAIFFComm(b []byte, aifc bool) (aiffComm, error) {
	c := aiffComm{
		channels: int(int16(binary.BigEndian.Uint16(b[0:2]))),
		frames:   int64(binary.BigEndian.Uint32(b[2:6])),
		layout:   sampleLayout{bigEndian: true},
	}
	bits := int(int16(binary.BigEndian.Uint16(b[6:8])))
	rate := extendedToFloat([10]byte(b[8:18]))
	if !(rate >= 0.5 && rate < maxSampleRate+0.5) {
		return c, fmt.Errorf("a sample rate of %g Hz (1 Hz to %d Hz are supported)", rate, maxSampleRate)
	}
	c.rate = int(math.Round(rate))
	if err := checkShape(c.channels, c.rate); err != nil {
		return c, err
	}
	if aifc {
		if len(b) < 22 {
			return c, errors.New("AIFF-C COMM chunk without a compression type")
		}
		kind := string(b[18:22])
		l, ok := aifcLayouts[kind]
		if !ok {
			return c, fmt.Errorf("AIFF-C compression %q: %w; export it as uncompressed AIFF or WAV", kind, ErrUnsupportedFormat)
		}
		c.layout = l
	}
	if !c.layout.float {
		if bits < 1 || bits > 32 {
			return c, fmt.Errorf("%d-bit samples (1 to 32 bits are supported)", bits)
		}
		// Samples narrower than their whole bytes are stored left-justified, so reading
		// the bytes as a full-width integer scales them right.
		c.layout.size = (bits + 7) / 8
	}
	return c, nil
}

// readSound decodes the SSND chunk of the given size. It starts with an offset to the
// first sample and a block size meant for aligned reads, which is of no use here.
func (c aiffComm) readSound(r io.Reader, size int64, o decodeOpts) (*Buffer, error) {
	var h [8]byte
	if size < 8 {
		return nil, fmt.Errorf("not a readable AIFF file: SSND chunk of %d bytes", size)
	}
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return nil, errors.New("not a readable AIFF file: truncated SSND chunk")
	}
	offset := int64(binary.BigEndian.Uint32(h[0:4]))
	if offset > size-8 {
		return nil, fmt.Errorf("not a readable AIFF file: SSND offset %d past the chunk's end", offset)
	}
	if _, err := io.CopyN(io.Discard, r, offset); err != nil {
		return nil, errors.New("not a readable AIFF file: truncated SSND chunk")
	}
	// COMM counts the frames; the chunk size bounds them too, and a file that holds
	// fewer gives what it holds.
	dataSize := min(size-8-offset, c.frames*int64(c.layout.size*c.channels))
	o.avail = -1 // dataSize is what COMM claims, not what is there
	b, err := readPCM(r, c.layout, c.rate, c.channels, dataSize, o)
	switch {
	case errors.Is(err, ErrTooLong):
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("not a readable AIFF file: %w", err)
	}
	return b, nil
}

// extendedToFloat converts the 80-bit IEEE 754 extended float AIFF keeps its sample rate
// in: a sign bit, a 15-bit exponent biased by 16383, and a 64-bit mantissa whose integer
// bit is stored. Infinities and NaNs come back as NaN.
func extendedToFloat(b [10]byte) float64 {
	exp := int(binary.BigEndian.Uint16(b[0:2]) & 0x7fff)
	mantissa := binary.BigEndian.Uint64(b[2:10])
	if exp == 0x7fff {
		return math.NaN()
	}
	v := math.Ldexp(float64(mantissa), exp-16383-63)
	if b[0]&0x80 != 0 {
		v = -v
	}
	return v
}
