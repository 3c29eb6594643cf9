package audio

import (
	"fmt"
	"io"

	"github.com/mewkiz/flac"
	"github.com/mewkiz/flac/frame"
	"github.com/mewkiz/flac/meta"
)

// flacBlock is the samples per channel of each FLAC frame: libFLAC's default.
const flacBlock = 4096

// WriteFLAC writes b as FLAC in f (PCM16 or PCM24; FLAC stores integers), compressed with
// fixed predictors, with github.com/mewkiz/flac. Up to 8 channels, as FLAC allows.
func WriteFLAC(w io.Writer, b *Buffer, f SampleFormat) error {
	if f != PCM16 && f != PCM24 {
		return fmt.Errorf("%w: FLAC stores 16- or 24-bit integers, not %d-bit floats", ErrUnsupportedFormat, f.BitsPerSample())
	}
	if b.Channels < 1 || b.Channels > 8 {
		return fmt.Errorf("%w: FLAC holds 1 to 8 channels, not %d", ErrUnsupportedFormat, b.Channels)
	}
	bits := f.BitsPerSample()
	frames := b.Frames()
	info := &meta.StreamInfo{BlockSizeMin: flacBlock, BlockSizeMax: flacBlock, SampleRate: uint32(b.SampleRate),
		NChannels: uint8(b.Channels), BitsPerSample: uint8(bits), NSamples: uint64(frames)}
	// The encoder closes a writer that is an io.Closer; the caller owns w.
	enc, err := flac.NewEncoder(struct{ io.Writer }{w}, info)
	if err != nil {
		return err
	}
	full := int32(1) << (bits - 1)
	for off := 0; off < frames; off += flacBlock {
		n := min(flacBlock, frames-off)
		fr := &frame.Frame{Header: frame.Header{HasFixedBlockSize: true, BlockSize: uint16(n), SampleRate: uint32(b.SampleRate),
			Channels: frame.ChannelsMono + frame.Channels(b.Channels-1), BitsPerSample: uint8(bits)}}
		for c := range b.Channels {
			samples := make([]int32, n)
			for i := range samples {
				samples[i] = quantize(b.Samples[(off+i)*b.Channels+c], full)
			}
			// Verbatim is what the encoder starts from; its analysis picks a predictor.
			fr.Subframes = append(fr.Subframes, &frame.Subframe{SubHeader: frame.SubHeader{Pred: frame.PredVerbatim},
				Samples: samples, NSamples: n})
		}
		if err := enc.WriteFrame(fr); err != nil {
			return err
		}
	}
	return enc.Close()
}
