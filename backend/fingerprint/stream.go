package fingerprint

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"stableaudio/backend/audio"
)

// ComputeFile fingerprints an audio file: the same print as Compute gives for the
// buffer audio.DecodeFileMono reads from it, without that buffer. The file is resampled
// to 8 kHz as it is read, a few seconds at a time on every core while the next seconds
// are read, so three minutes of 44.1 kHz WAV never exist in memory at their own rate.
func ComputeFile(path string) (*Print, error) {
	var s stream
	if err := audio.DecodeFileMonoStream(path, s.begin, s.add); err != nil {
		s.wait()
		return nil, err
	}
	x, err := s.finish()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return fromAnalysisRate(x), nil
}

// blockInputs is how many new input samples a resampling job takes (about 3 s at
// 44.1 kHz): long enough that the overlap each job re-reads (the filter's reach) is
// under 1 %, short enough that the cores start while the file is still being read.
const blockInputs = 1 << 17

// stream resamples mono samples to analysisRate as they arrive. Jobs of blockInputs
// samples run concurrently, each writing its own part of the output.
type stream struct {
	rate  int
	d     *decimator // nil at analysisRate
	total int64      // input samples so far

	block []float32 // input from base on that later outputs still need
	base  int64
	next  int // the first output not yet handed to a job

	out   []float32      // the output so far: the jobs write into their own parts of it
	slots chan struct{}  // one per job running, at most one per core
	free  chan []float32 // blocks the jobs are done with
	wg    sync.WaitGroup
}

// begin starts a stream at the rate given, of about the length given in samples (−1 when
// not known), which sizes the output: a header that lies makes it grow or waste space,
// nothing worse.
func (s *stream) begin(rate, length int) error {
	if rate < MinSampleRate || rate > MaxSampleRate {
		return fmt.Errorf("%w: the sample rate %d Hz is outside %d–%d Hz; resample the audio first",
			ErrNoAudio, rate, MinSampleRate, MaxSampleRate)
	}
	s.rate = rate
	s.slots = make(chan struct{}, runtime.GOMAXPROCS(0))
	s.free = make(chan []float32, runtime.GOMAXPROCS(0))
	if rate != analysisRate {
		s.d = decimatorFor(rate)
		// Output 0 reaches half−1 samples before the signal starts, into silence.
		s.base = s.d.firstInput(0)
		s.block = append(s.newBlock(), make([]float32, -s.base)...)
		s.out = make([]float32, 0, s.d.outputs(int64(max(length, 0))))
	}
	return nil
}

func (s *stream) add(x []float32) error {
	s.total += int64(len(x))
	s.block = append(s.block, x...)
	if s.d == nil {
		return nil // at analysisRate the block is the output
	}
	if len(s.block) >= blockInputs+s.d.inputs() {
		s.dispatch(false)
	}
	return nil
}

// dispatch starts a job for every output the block holds all the inputs of, and keeps
// the inputs that later outputs need. At the end, the signal is silence after its last
// sample, and every output up to its length is computed.
func (s *stream) dispatch(end bool) {
	d := s.d
	last := s.base + int64(len(s.block)) // one past the last input held
	hi := s.next
	if end {
		hi = d.outputs(s.total)
	} else {
		for d.firstInput(hi)+int64(d.inputs()) <= last {
			hi++
		}
	}
	if hi == s.next {
		return
	}
	// The job takes the block; the next block starts with the inputs the outputs after
	// hi share with it.
	keep := d.firstInput(hi)
	x := signal{x: s.block, base: s.base}
	s.block = append(s.newBlock(), s.block[keep-s.base:]...)
	lo := s.next
	s.base, s.next = keep, hi
	if hi > cap(s.out) {
		// Longer than announced: the jobs running write into the old array, so they
		// finish before it is copied.
		s.wait()
		s.out = slices.Grow(s.out, max(hi, 2*cap(s.out))-len(s.out))
	}
	s.out = s.out[:hi]
	out := s.out[lo:hi]
	s.slots <- struct{}{}
	s.wg.Go(func() {
		defer func() { <-s.slots }()
		d.runRange(out, lo, x)
		select {
		case s.free <- x.x[:0]:
		default: // enough spare blocks already
		}
	})
}

// newBlock returns an empty block, one a finished job gave back if there is one.
func (s *stream) newBlock() []float32 {
	select {
	case b := <-s.free:
		return b
	default:
		return make([]float32, 0, blockInputs+s.d.inputs()+1<<16)
	}
}

// wait lets the jobs already started finish.
func (s *stream) wait() { s.wg.Wait() }

// finish resamples what is left and returns the whole signal at analysisRate.
func (s *stream) finish() ([]float32, error) {
	if s.d == nil {
		x := s.block
		s.block = nil
		return x, s.checkLength()
	}
	s.dispatch(true)
	s.wait()
	if err := s.checkLength(); err != nil {
		return nil, err
	}
	return s.out, nil
}

func (s *stream) checkLength() error {
	if d := time.Duration(float64(s.total) / float64(s.rate) * float64(time.Second)); d < MinDuration {
		return fmt.Errorf("%w: %v of audio, need at least %v", ErrTooShort, d, MinDuration)
	}
	return nil
}
