package audio

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// sampleLayout is how an uncompressed file (WAV or AIFF) stores one sample.
type sampleLayout struct {
	size      int  // bytes per sample: 1 to 4 for integers, 4 or 8 for floats
	float     bool // IEEE 754, nominally in [-1, 1]
	unsigned  bool // offset binary, as WAV stores 8-bit samples
	bigEndian bool
}

var errNotFinite = errors.New("it holds float samples that are NaN, infinite or too large for 32 bits")

// decode converts len(dst) samples from src. Integers are read as the top bytes of an
// int32, so every width lands on the same full scale. A float that is NaN or infinite,
// or becomes infinite as a float32, is an error: no later stage could make sense of it.
func (l sampleLayout) decode(dst []float32, src []byte) error {
	order := binary.ByteOrder(binary.LittleEndian)
	if l.bigEndian {
		order = binary.BigEndian
	}
	switch {
	case l.float && l.size == 8:
		for i := range dst {
			v := float32(math.Float64frombits(order.Uint64(src[i*8:])))
			if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
				return errNotFinite
			}
			dst[i] = v
		}
	case l.float:
		for i := range dst {
			v := math.Float32frombits(order.Uint32(src[i*4:]))
			if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
				return errNotFinite
			}
			dst[i] = v
		}
	case l.size == 2 && !l.bigEndian:
		// The common case (CD and most recorders), worth a loop of its own: about ten
		// times faster than the general one below.
		for i := range dst {
			dst[i] = float32(int16(binary.LittleEndian.Uint16(src[2*i:]))) / (1 << 15)
		}
	case l.size == 3 && !l.bigEndian:
		for i := range dst {
			p := src[3*i : 3*i+3]
			dst[i] = float32(int32(uint32(p[0])<<8|uint32(p[1])<<16|uint32(p[2])<<24)) / (1 << 31)
		}
	default:
		shift := 32 - 8*l.size
		for i := range dst {
			p := src[i*l.size : (i+1)*l.size]
			var u uint32
			for k := range l.size { // most significant byte first
				if l.bigEndian {
					u = u<<8 | uint32(p[k])
				} else {
					u = u<<8 | uint32(p[l.size-1-k])
				}
			}
			u <<= shift
			if l.unsigned {
				u ^= 1 << 31
			}
			dst[i] = float32(int32(u)) / (1 << 31)
		}
	}
	return nil
}

// frameSink collects decoded samples and refuses to grow past the decode limit, so
// neither a header nor a decoder that promises more than is there can size the memory.
// A streaming sink (decodeOpts.chunk set) keeps nothing: each grow's samples go to the
// callback when the next grow or flush comes, and the space is used again.
type frameSink struct {
	buf   *Buffer
	limit int // samples
	count int // samples so far

	chunk   func([]float32) error
	pending []float32 // the last grow's samples, not yet handed to chunk
}

// newFrameSink starts an empty buffer for the frames a header claims. Headers lie, so a
// claim sizes the first allocation up to 256 KB and no further, unless known says the
// claim is bounded by bytes really there (what is left of a file): then the whole file is
// read into one allocation instead of growing into it.
func newFrameSink(rate, channels, claimed int, known bool) *frameSink {
	limit := decodeLimit(rate, channels) * channels
	capacity := min(max(claimed, 0)*channels, limit)
	if !known {
		capacity = min(capacity, 1<<16)
	}
	return &frameSink{
		buf:   &Buffer{SampleRate: rate, Channels: channels, Samples: make([]float32, 0, capacity)},
		limit: limit,
	}
}

// newStreamSink starts a sink that hands mono samples to o.chunk, after telling o.begin
// the rate and the frames the file claims.
func newStreamSink(rate, claimed int, o decodeOpts) (*frameSink, error) {
	if err := o.begin(rate, min(claimed, decodeLimit(rate, 1))); err != nil {
		return nil, err
	}
	return &frameSink{buf: &Buffer{SampleRate: rate, Channels: 1}, limit: decodeLimit(rate, 1), chunk: o.chunk}, nil
}

// grow extends the buffer by n samples and returns them to be filled in.
func (s *frameSink) grow(n int) ([]float32, error) {
	if n > s.limit-s.count {
		return nil, errTooLong(s.buf.SampleRate, s.buf.Channels)
	}
	s.count += n
	if s.chunk != nil {
		if err := s.flush(); err != nil {
			return nil, err
		}
		if cap(s.buf.Samples) < n {
			s.buf.Samples = make([]float32, n)
		}
		s.pending = s.buf.Samples[:n]
		return s.pending, nil
	}
	have := len(s.buf.Samples)
	if have+n > cap(s.buf.Samples) {
		// Doubling, not append's 1.25× for large slices: a three-minute file would
		// otherwise be copied some twenty times on its way in.
		grown := make([]float32, have, min(s.limit, max(2*cap(s.buf.Samples), have+n)))
		copy(grown, s.buf.Samples)
		s.buf.Samples = grown
	}
	s.buf.Samples = s.buf.Samples[:have+n]
	return s.buf.Samples[have:], nil
}

// flush hands a streaming sink's last samples on; the decoder calls it at the end.
func (s *frameSink) flush() error {
	if s.chunk == nil || len(s.pending) == 0 {
		return nil
	}
	p := s.pending
	s.pending = nil
	return s.chunk(p)
}

// decodeOpts are what a caller knows and wants beyond the file itself.
type decodeOpts struct {
	avail int64 // bytes left in the input when known (a file), −1 otherwise
	mono  bool  // mix the channels down as the samples are read

	// For DecodeMonoStream (mono is then set too): begin is told the sample rate and the
	// length claimed before any samples, and chunk gets them a piece at a time instead
	// of a Buffer.
	begin func(rate, frames int) error
	chunk func([]float32) error
}

// readPCM decodes the interleaved samples of at most size bytes of r. A stream that ends
// early gives the whole frames it holds.
func readPCM(r io.Reader, l sampleLayout, rate, channels int, size int64, o decodeOpts) (*Buffer, error) {
	frameBytes := l.size * channels
	claimed := size
	if o.avail >= 0 {
		claimed = min(size, o.avail)
	}
	out := channels
	if o.mono {
		out = 1
	}
	frames := int(min(claimed/int64(frameBytes), math.MaxInt32))
	var sink *frameSink
	if o.chunk != nil {
		if claimed == math.MaxInt64 {
			frames = -1 // the header does not say
		}
		var err error
		if sink, err = newStreamSink(rate, frames, o); err != nil {
			return nil, err
		}
	} else {
		sink = newFrameSink(rate, out, frames, o.avail >= 0)
	}
	chunk := make([]byte, (64<<10)/frameBytes*frameBytes)
	var mixed []float32 // a chunk's samples before they are mixed down
	if o.mono {
		mixed = make([]float32, len(chunk)/l.size)
	}
	lr := io.LimitReader(r, size)
	for {
		n, readErr := io.ReadFull(lr, chunk)
		n -= n % frameBytes
		if n > 0 {
			dst, err := sink.grow(n / l.size / channels * out)
			if err != nil {
				return nil, err
			}
			if !o.mono {
				err = l.decode(dst, chunk[:n])
			} else {
				err = l.decodeMono(dst, mixed[:n/l.size], chunk[:n], channels)
			}
			if err != nil {
				return nil, err
			}
		}
		switch {
		case readErr == io.EOF || readErr == io.ErrUnexpectedEOF:
			return sink.buf, sink.flush()
		case readErr != nil:
			return nil, fmt.Errorf("cannot read the audio data: %w", readErr)
		}
	}
}

// MonoSamples mixes b down to one channel by averaging the channels of each frame
// (averaging rather than summing keeps a full-scale stereo signal at full scale).
func MonoSamples(b *Buffer) []float32 {
	out := make([]float32, b.Frames())
	mixFrames(out, b.Samples, b.Channels)
	return out
}

// mixFrames writes the average of each frame of the interleaved src into dst.
func mixFrames(dst, src []float32, channels int) {
	switch channels {
	case 1:
		copy(dst, src)
	case 2: // the common case, without the inner loop: this runs over every sample
		s := src[:2*len(dst)]
		for i := range dst {
			dst[i] = (s[2*i] + s[2*i+1]) * 0.5
		}
	default:
		scale := 1 / float32(channels)
		for i := range dst {
			var sum float32
			for _, v := range src[i*channels : (i+1)*channels] {
				sum += v
			}
			dst[i] = sum * scale
		}
	}
}

// decodeMono converts the interleaved frames in src and writes their mix into dst, one
// sample per frame, using scratch for the samples before mixing. 16-bit stereo, most of
// what is uploaded, is converted and mixed in one pass: the same arithmetic as decode
// and mixFrames, so the same result, in a third of the time.
func (l sampleLayout) decodeMono(dst, scratch []float32, src []byte, channels int) error {
	if l.size == 2 && !l.bigEndian && !l.float && channels == 2 {
		for i := range dst {
			f := src[4*i : 4*i+4 : 4*i+4] // one bounds check for the frame
			left := float32(int16(uint16(f[0])|uint16(f[1])<<8)) / (1 << 15)
			right := float32(int16(uint16(f[2])|uint16(f[3])<<8)) / (1 << 15)
			dst[i] = (left + right) * 0.5
		}
		return nil
	}
	if err := l.decode(scratch, src); err != nil {
		return err
	}
	mixFrames(dst, scratch, channels)
	return nil
}

// readChunkHeader reads the 8-byte header of a RIFF (little-endian) or IFF (big-endian)
// chunk: its four-character id and the size of its body.
func readChunkHeader(r io.Reader, order binary.ByteOrder) (id string, size int64, err error) {
	var h [8]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return "", 0, err
	}
	return string(h[:4]), int64(order.Uint32(h[4:])), nil
}

// skipChunk steps over a chunk body and the pad byte that keeps the next chunk at an even
// offset. Skipping reads without storing, so a size that lies costs no memory.
func skipChunk(r io.Reader, size int64) error {
	_, err := io.CopyN(io.Discard, r, size+size%2)
	return err
}
