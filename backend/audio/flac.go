package audio

import (
	"errors"
	"fmt"
	"io"

	"github.com/mewkiz/flac"
)

// decodeFLAC decodes a FLAC stream with github.com/mewkiz/flac. Every frame is checked
// against the stream header, since the library decodes what each frame says and a damaged
// frame could otherwise change the channel count or the scale halfway through.
func decodeFLAC(r io.Reader) (b *Buffer, err error) {
	defer recoverPanic("FLAC", &err)
	stream, err := flac.New(r)
	if err != nil {
		return nil, libError("FLAC", err)
	}
	info := stream.Info
	channels, rate, bits := int(info.NChannels), int(info.SampleRate), int(info.BitsPerSample)
	if err := checkShape(channels, rate); err != nil {
		return nil, fmt.Errorf("not a readable FLAC file: %w", err)
	}
	// The library reads a frame's sample size from the frame header alone, and that
	// header has no code for widths over 24 bits: such frames would decode as noise.
	if bits > 24 {
		return nil, fmt.Errorf("%d-bit FLAC: %w; convert it to 24-bit FLAC or WAV", bits, ErrUnsupportedFormat)
	}
	sink := newFrameSink(rate, channels, int(min(info.NSamples, uint64(maxDecodeSamples))), false)
	scale := 1 / float32(int32(1)<<(bits-1))
	for {
		frame, err := stream.ParseNext()
		switch {
		case err == io.EOF, errors.Is(err, io.ErrUnexpectedEOF): // the end, or cut short in a frame
			return sink.buf, nil
		case err != nil:
			return nil, libError("FLAC", err)
		}
		n := int(frame.BlockSize)
		if len(frame.Subframes) != channels || int(frame.BitsPerSample) != bits ||
			(frame.SampleRate != 0 && int(frame.SampleRate) != rate) {
			return nil, fmt.Errorf("not a readable FLAC file: a frame of %d channels, %d bits at %d Hz in a stream of %d channels, %d bits at %d Hz",
				len(frame.Subframes), frame.BitsPerSample, frame.SampleRate, channels, bits, rate)
		}
		dst, err := sink.grow(n * channels)
		if err != nil {
			return nil, err
		}
		for c, sub := range frame.Subframes {
			if len(sub.Samples) != n {
				return nil, fmt.Errorf("not a readable FLAC file: a subframe of %d samples in a frame of %d", len(sub.Samples), n)
			}
			for i, v := range sub.Samples {
				dst[i*channels+c] = float32(v) * scale
			}
		}
	}
}
