package fingerprint

import (
	"fmt"
	"sync"
	"time"

	"stableaudio/backend/audio"
	"stableaudio/backend/audio/analysis"
)

// analysisRate is the rate every input is resampled to before analysis. Pitches and the
// harmonics that identify a recording sit below 4 kHz, and the 8 kHz rate makes the
// spectrogram a fifth of what it would be at 44.1 kHz.
const analysisRate = 8000

// FrameRate is the number of print frames a second: Hash.Frame counts in these.
const FrameRate = float64(analysisRate) / hop

// Input limits. Below 8 kHz half the analysed band would be missing; above 192 kHz the
// decimation filter grows for nothing any recording needs.
const (
	MinSampleRate = analysisRate
	MaxSampleRate = 192000
	// MinDuration is the shortest audio Compute accepts: a second holds only a few
	// dozen hashes, about the least a match can rest on.
	MinDuration = time.Second
)

// Hash is one landmark: a pair of spectral peaks.
type Hash struct {
	Key   uint32 // the two peaks' frequencies and their distance in time, below 1<<21
	Frame uint32 // when the first peak occurs, in frames of 1/FrameRate seconds
}

// Print is the fingerprint of a recording: its hashes, sorted by frame and then key.
type Print struct {
	Frames int // the recording's length in frames
	Hashes []Hash
}

// Duration is the length of the fingerprinted audio.
func (p *Print) Duration() time.Duration {
	return frameDuration(float64(p.Frames))
}

func frameDuration(frames float64) time.Duration {
	return time.Duration(frames / FrameRate * float64(time.Second))
}

// Compute fingerprints the buffer. Any rate from MinSampleRate to MaxSampleRate and any
// number of channels will do; channels are mixed down first. Silence gives a print
// without hashes, which matches nothing.
func Compute(b *audio.Buffer) (*Print, error) {
	if b == nil {
		return nil, fmt.Errorf("%w: the buffer is nil", ErrNoAudio)
	}
	if err := b.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoAudio, err)
	}
	if b.SampleRate < MinSampleRate || b.SampleRate > MaxSampleRate {
		return nil, fmt.Errorf("%w: the sample rate %d Hz is outside %d–%d Hz; resample the audio first",
			ErrNoAudio, b.SampleRate, MinSampleRate, MaxSampleRate)
	}
	if b.Duration() < MinDuration {
		return nil, fmt.Errorf("%w: %v of audio, need at least %v", ErrTooShort, b.Duration(), MinDuration)
	}
	x := analysis.Mono(b)
	if b.SampleRate != analysisRate {
		x = decimatorFor(b.SampleRate).run(x)
	}
	peaks := findPeaks(x)
	return &Print{Frames: len(x)/hop + 1, Hashes: pairUp(peaks)}, nil
}

var decimators sync.Map // sample rate → *decimator

// decimatorFor returns the shared decimator for a rate: its table takes longer to build
// than a short query takes to fingerprint.
func decimatorFor(rate int) *decimator {
	if d, ok := decimators.Load(rate); ok {
		return d.(*decimator)
	}
	d, _ := decimators.LoadOrStore(rate, newDecimator(rate))
	return d.(*decimator)
}
