package audio

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

const (
	// ResampleMinRate and ResampleMaxRate bound the rates Resample converts between, in
	// Hz: every rate an upload can have (8 kHz telephone audio to 384 kHz studio masters)
	// with room either side. Outside them the filter would need absurd lengths.
	ResampleMinRate = 1000
	ResampleMaxRate = 768000

	// resampleChunk is how many output frames one worker computes at a time: enough to
	// make the copied overlap of inputs negligible, few enough to share the work evenly.
	resampleChunk = 8192
)

// Resample converts the buffer to rate Hz with a band-limited (windowed-sinc, polyphase)
// converter, for any ratio of rates from ResampleMinRate to ResampleMaxRate. It keeps
// everything under 0.91 of the lower rate's Nyquist frequency (20 kHz when one side is
// 44.1 kHz) flat to within ±0.001 dB, and removes everything above that Nyquist
// frequency by at least 100 dB, so going down nothing aliases and going up nothing
// images (see resample_filter.go).
//
// Output frame j is the signal at input time j·b.SampleRate/rate, so the first frames
// line up, and the result has round(frames·rate/b.SampleRate) frames. The signal is taken
// as silent before and after the buffer, as a player plays it: the ends come out as the
// band-limited version of that start and stop, with no click added.
//
// The input is not changed, and at the same rate the result is a copy. The output is
// computed in stretches of frames shared out between the CPUs; every output sample is
// computed the same way whichever CPU takes its stretch, so the result does not depend
// on GOMAXPROCS.
func Resample(b *Buffer, rate int) (*Buffer, error) {
	if b == nil {
		return nil, errors.New("audio: cannot resample a nil buffer")
	}
	if err := b.Validate(); err != nil {
		return nil, fmt.Errorf("resample: %w", err)
	}
	for _, r := range []int{b.SampleRate, rate} {
		if r < ResampleMinRate || r > ResampleMaxRate {
			return nil, fmt.Errorf("audio: cannot resample from %d Hz to %d Hz: rates from %d to %d Hz are supported",
				b.SampleRate, rate, ResampleMinRate, ResampleMaxRate)
		}
	}
	if rate == b.SampleRate {
		return &Buffer{SampleRate: rate, Channels: b.Channels, Samples: append([]float32(nil), b.Samples...)}, nil
	}
	frames := b.Frames()
	if frames > (math.MaxInt-b.SampleRate)/(2*rate) {
		return nil, fmt.Errorf("audio: %d frames are too long to resample", frames)
	}
	outFrames := (2*frames*rate + b.SampleRate) / (2 * b.SampleRate) // rounded, halves up
	out := NewBuffer(rate, b.Channels, outFrames)
	if outFrames == 0 {
		return out, nil
	}

	f := newResampleFilter(b.SampleRate, rate)
	chunks := (outFrames + resampleChunk - 1) / resampleChunk
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), chunks) {
		wg.Go(func() {
			var win []float32
			for {
				i := int(next.Add(1) - 1)
				if i >= chunks {
					return
				}
				j0 := i * resampleChunk
				win = f.run(b, out, j0, min(j0+resampleChunk, outFrames), win)
			}
		})
	}
	wg.Wait()
	return out, nil
}
