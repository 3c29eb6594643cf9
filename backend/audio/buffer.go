package audio

import (
	"fmt"
	"time"
)

// Buffer is interleaved 32-bit float PCM, nominally in [-1, 1].
type Buffer struct {
	SampleRate int       // frames per second, e.g. 44100
	Channels   int       // 1 = mono, 2 = stereo (left, right)
	Samples    []float32 // Frames()*Channels values, frame by frame
}

// NewBuffer allocates a silent buffer of the given number of frames.
func NewBuffer(sampleRate, channels, frames int) *Buffer {
	return &Buffer{SampleRate: sampleRate, Channels: channels, Samples: make([]float32, frames*channels)}
}

// Frames is the number of sample frames (one value per channel each).
func (b *Buffer) Frames() int {
	if b.Channels == 0 {
		return 0
	}
	return len(b.Samples) / b.Channels
}

// Duration is the playing time of the buffer.
func (b *Buffer) Duration() time.Duration {
	if b.SampleRate == 0 {
		return 0
	}
	return time.Duration(b.Frames()) * time.Second / time.Duration(b.SampleRate)
}

// Validate reports a buffer whose shape cannot be encoded or played.
func (b *Buffer) Validate() error {
	switch {
	case b.SampleRate <= 0:
		return fmt.Errorf("audio: sample rate %d is not positive", b.SampleRate)
	case b.Channels <= 0:
		return fmt.Errorf("audio: channel count %d is not positive", b.Channels)
	case len(b.Samples)%b.Channels != 0:
		return fmt.Errorf("audio: %d samples do not divide into %d channels", len(b.Samples), b.Channels)
	}
	return nil
}
