package audio

import (
	"errors"
	"fmt"
)

// The app's working format: what the engine renders and what every upload is brought to
// before it is analysed, fingerprinted or used as a reference. The same values as
// manifest.SampleRate and manifest.Channels, which this package must not import.
const (
	ConformRate     = 44100 // Hz
	ConformChannels = 2     // stereo
)

// Conform returns the buffer at ConformRate in stereo: mixed by MixChannels and
// resampled by Resample, whose rules and errors apply. The input is not changed; one
// already in that format comes back as a copy. The channels are mixed before resampling
// when that leaves fewer to resample, and after it when it adds some: the two orders give
// the same result, as both steps are linear, but resampling mono costs half as much.
func Conform(b *Buffer) (*Buffer, error) {
	if b == nil {
		return nil, errors.New("audio: cannot conform a nil buffer")
	}
	out := b
	var err error
	if out.Channels > ConformChannels {
		if out, err = MixChannels(out, ConformChannels); err != nil {
			return nil, fmt.Errorf("conform: %w", err)
		}
	}
	if out, err = Resample(out, ConformRate); err != nil {
		return nil, fmt.Errorf("conform: %w", err)
	}
	if out.Channels != ConformChannels {
		if out, err = MixChannels(out, ConformChannels); err != nil {
			return nil, fmt.Errorf("conform: %w", err)
		}
	}
	return out, nil
}
