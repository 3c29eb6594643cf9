package analysis

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"stableaudio/backend/audio"
)

// Mono mixes the buffer down to one channel by averaging the channels of each frame.
func Mono(b *audio.Buffer) []float32 { return audio.MonoSamples(b) }

// minSampleRate is telephone quality. Below it most of the chroma's range (to 5 kHz) and
// of the onset bands where hats live lies above Nyquist.
const minSampleRate = 8000

// monoOf validates b and mixes it down, so every analysis rejects bad buffers the same way.
func monoOf(b *audio.Buffer) ([]float32, error) {
	if b == nil {
		return nil, fmt.Errorf("%w: nil buffer", ErrNoAudio)
	}
	if err := b.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoAudio, err)
	}
	if b.SampleRate < minSampleRate {
		return nil, fmt.Errorf("%w: the sample rate %d Hz is below the %d Hz analysis needs; "+
			"resample the audio first", ErrNoAudio, b.SampleRate, minSampleRate)
	}
	return Mono(b), nil
}

// stft computes the magnitude spectrum of one frame at a time. Frame i is centred on
// sample i·hop and zero-padded past either end of the signal, so frame times are simply
// i·hop/sampleRate. It is not safe for concurrent use; give each goroutine its own.
type stft struct {
	size, hop int
	window    []float64
	frame     []float64
	spec      []complex128
	mag       []float32
	norm      float64
}

func newSTFT(size, hop int) *stft {
	if !isPowerOfTwo(size) || size < 2 || hop <= 0 {
		panic(fmt.Sprintf("analysis: STFT frame %d must be a power of two and hop %d positive", size, hop))
	}
	s := &stft{size: size, hop: hop, window: make([]float64, size), frame: make([]float64, size),
		spec: make([]complex128, size/2+1), mag: make([]float32, size/2+1)}
	var sum float64
	for i := range s.window {
		// Periodic Hann: overlapping frames at hop size/4 or size/2 sum to a constant.
		s.window[i] = 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(size))
		sum += s.window[i]
	}
	// A sinusoid of amplitude A peaks at A·sum/2 in its bin; scaling by 2/sum makes the
	// magnitudes read as amplitudes, so thresholds mean the same at every frame size.
	s.norm = 2 / sum
	return s
}

// keepBins limits magnitudes to the first n bins, for analyses that ignore the highest
// frequencies: the key needs only the bottom quarter of the spectrum.
func (s *stft) keepBins(n int) {
	s.mag = s.mag[:min(n, len(s.mag))]
}

// frames is the number of frames covering n samples.
func (s *stft) frames(n int) int { return n/s.hop + 1 }

// magnitudes returns |X[k]| for k = 0..size/2 (or as many as keepBins allows) of frame
// i of x. The slice is reused by the next call.
func (s *stft) magnitudes(x []float32, i int) []float32 {
	return s.magnitudesFrom(x, i*s.hop-s.size/2)
}

// magnitudesFrom is magnitudes for the window whose first sample is x[start].
func (s *stft) magnitudesFrom(x []float32, start int) []float32 {
	if start >= 0 && start+s.size <= len(x) {
		src := x[start : start+s.size]
		w := s.window[:len(src)]
		f := s.frame[:len(src)]
		for j, v := range src {
			f[j] = float64(v) * w[j]
		}
	} else {
		for j := range s.frame {
			var v float64
			if n := start + j; n >= 0 && n < len(x) {
				v = float64(x[n])
			}
			s.frame[j] = v * s.window[j]
		}
	}
	s.spec = RealFFT(s.spec, s.frame)
	spec := s.spec[:len(s.mag)]
	for k, c := range spec {
		re, im := real(c), imag(c)
		s.mag[k] = float32(math.Sqrt(re*re+im*im) * s.norm)
	}
	return s.mag
}

// FrameSpectra computes the magnitude spectra of a signal's frames one at a time, as
// NewSpectrogram does all of them: for an analysis that uses each frame once, the whole
// spectrogram of a song (megabytes) never needs to exist. It is not safe for concurrent
// use; give each goroutine its own.
type FrameSpectra struct{ s *stft }

// NewFrameSpectra prepares frames of frameSize samples (a power of two) every hop.
func NewFrameSpectra(frameSize, hop int) (*FrameSpectra, error) {
	if frameSize < 2 || !isPowerOfTwo(frameSize) || hop <= 0 {
		return nil, fmt.Errorf("%w: frames need a power-of-two size and a positive hop, got frame %d, hop %d",
			ErrBadOptions, frameSize, hop)
	}
	return &FrameSpectra{newSTFT(frameSize, hop)}, nil
}

// Frame returns the FrameSize/2+1 magnitudes of frame i of x, centred on sample i·hop;
// samples outside x are silence. The slice is reused by the next call.
func (f *FrameSpectra) Frame(x []float32, i int) []float32 { return f.s.magnitudes(x, i) }

// Spectrogram is a magnitude short-time Fourier transform with a Hann window.
type Spectrogram struct {
	SampleRate int       // of the analysed signal, Hz
	FrameSize  int       // samples per frame (a power of two)
	Hop        int       // samples between frame centres
	Bins       int       // FrameSize/2 + 1 frequency bins per frame, 0 Hz to Nyquist
	Mag        []float32 // Frames()×Bins magnitudes, frame by frame; a sine of amplitude A reads A
}

// NewSpectrogram computes the spectrogram of the mono signal x. Frame i is centred on
// sample i·hop. frameSize must be a power of two.
func NewSpectrogram(x []float32, sampleRate, frameSize, hop int) (*Spectrogram, error) {
	if sampleRate <= 0 || frameSize < 2 || !isPowerOfTwo(frameSize) || hop <= 0 {
		return nil, fmt.Errorf("%w: a spectrogram needs a positive rate and hop and a power-of-two "+
			"frame, got %d Hz, frame %d, hop %d", ErrBadOptions, sampleRate, frameSize, hop)
	}
	s := newSTFT(frameSize, hop)
	n := s.frames(len(x))
	bins := frameSize/2 + 1
	sp := &Spectrogram{SampleRate: sampleRate, FrameSize: frameSize, Hop: hop, Bins: bins,
		Mag: make([]float32, n*bins)}
	for i := range n {
		copy(sp.Mag[i*bins:(i+1)*bins], s.magnitudes(x, i))
	}
	return sp, nil
}

// Frames is the number of frames.
func (s *Spectrogram) Frames() int { return len(s.Mag) / s.Bins }

// Frame returns the magnitudes of frame i.
func (s *Spectrogram) Frame(i int) []float32 { return s.Mag[i*s.Bins : (i+1)*s.Bins] }

// BinHz is the centre frequency of bin k.
func (s *Spectrogram) BinHz(k int) float64 {
	return float64(k) * float64(s.SampleRate) / float64(s.FrameSize)
}

// nearestPowerOfTwo picks frame sizes that keep the same duration at any sample rate.
func nearestPowerOfTwo(x float64) int {
	return 1 << max(1, int(math.Round(math.Log2(x))))
}

// parallelChunks splits [0, n) into one contiguous chunk per core and runs fn on each
// concurrently. Frames are independent, so the long analyses use both cores this way.
func parallelChunks(n int, fn func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/64))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Go(func() { fn(lo, hi) })
	}
	wg.Wait()
}
