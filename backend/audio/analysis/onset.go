package analysis

import (
	"fmt"
	"math"
	"time"

	"stableaudio/backend/audio"
)

const (
	// onsetFrameSeconds is the window of the onset spectrogram, 2048 samples at 44.1 kHz:
	// long enough to see a kick drum's fundamental, short enough to keep 16th notes apart.
	// The hop is a quarter of it (512 samples, ~86 envelope values a second).
	onsetFrameSeconds = 2048.0 / 44100
	// onsetBandsPerOctave groups bins into log-spaced bands before compression. Flux over
	// the resulting 47 bands (at 44.1 kHz) is less noisy than over 1025 bins and needs
	// 20× fewer logarithms, which are most of the cost.
	onsetBandsPerOctave = 6
	onsetLowHz          = 27.5
	onsetHighHz         = 16000
	// onsetCompression is γ in log(1 + γ·|X|). Compression makes a quiet hi-hat after a
	// loud kick count as an onset; 1000 puts the knee at −60 dB of full scale.
	onsetCompression = 1000
)

// Envelope is an onset-strength signal: how much new spectral energy appears at each
// moment. Value i describes the instant i/FrameRate seconds into the audio.
type Envelope struct {
	FrameRate float64   // values per second, ≈86 at 44.1 kHz
	Strength  []float64 // ≥ 0, peaks at note and drum onsets
}

// Time is the moment value i describes.
func (e Envelope) Time(i int) time.Duration {
	return time.Duration(float64(i) / e.FrameRate * float64(time.Second))
}

// OnsetEnvelope computes the spectral-flux onset strength of b: the half-wave rectified
// frame-to-frame increase of log-compressed band magnitudes, averaged over bands.
func OnsetEnvelope(b *audio.Buffer) (Envelope, error) {
	x, err := monoOf(b)
	if err != nil {
		return Envelope{}, err
	}
	if len(x) == 0 {
		return Envelope{}, fmt.Errorf("%w: the buffer holds no samples", ErrNoAudio)
	}
	size := nearestPowerOfTwo(onsetFrameSeconds * float64(b.SampleRate))
	hop := size / 4
	bandOf, bands := onsetBands(size, b.SampleRate)
	bandWidth := make([]float64, bands)
	for _, band := range bandOf {
		if band >= 0 {
			bandWidth[band]++
		}
	}
	// No window may run past the end: cutting a sound off mid-window splashes energy over
	// every band and would read as a final onset.
	n := max(0, len(x)-size/4)/hop + 1
	env := Envelope{FrameRate: float64(b.SampleRate) / float64(hop), Strength: make([]float64, n)}

	parallelChunks(n, func(lo, hi int) {
		s := newSTFT(size, hop)
		s.keepBins(len(bandOf))
		prev, cur := make([]float64, bands), make([]float64, bands)
		// Window t spans t·hop−¾·size … t·hop+¼·size. The flux of a sharp attack peaks
		// about a quarter window after it enters the window, where the Hann slope is
		// steepest, so this places the peak on the attack itself instead of 12–20 ms late
		// (or, with centred windows, a quarter window early).
		logBands := func(t int, out []float64) {
			clear(out)
			for k, m := range s.magnitudesFrom(x, t*hop-3*size/4) {
				if band := bandOf[k]; band >= 0 {
					out[band] += float64(m)
				}
			}
			// The band mean, not the sum, so a wide band of faint hiss reads as faint.
			for i, v := range out {
				out[i] = math.Log1p(onsetCompression * v / bandWidth[i])
			}
		}
		logBands(lo-1, prev)
		for t := lo; t < hi; t++ {
			logBands(t, cur)
			var flux float64
			for i, v := range cur {
				flux += max(0, v-prev[i])
			}
			env.Strength[t] = flux / float64(bands)
			prev, cur = cur, prev
		}
	})
	return env, nil
}

// onsetBands maps each FFT bin up to onsetHighHz to a log-spaced band (−1 below
// onsetLowHz).
// Bands are numbered consecutively, so at low frequencies, where one bin is wider than a
// band, every bin is a band of its own.
func onsetBands(size, rate int) (bandOf []int, bands int) {
	bandOf = make([]int, size/2+1)
	binHz := float64(rate) / float64(size)
	band, lastPos := -1, math.MinInt
	for k := range bandOf {
		f := float64(k) * binHz
		if f < onsetLowHz || f > onsetHighHz {
			bandOf[k] = -1
			continue
		}
		if pos := int(math.Floor(onsetBandsPerOctave * math.Log2(f/onsetLowHz))); pos > lastPos {
			band++
			lastPos = pos
		}
		bandOf[k] = band
	}
	// Bins above onsetHighHz need not even be computed.
	for len(bandOf) > 0 && bandOf[len(bandOf)-1] < 0 {
		bandOf = bandOf[:len(bandOf)-1]
	}
	return bandOf, band + 1
}

// Onsets finds the onsets (note and drum attacks) in b.
func Onsets(b *audio.Buffer) ([]time.Duration, error) {
	env, err := OnsetEnvelope(b)
	if err != nil {
		return nil, err
	}
	return env.Onsets(), nil
}

// Onset peak picking, in seconds and in units of the envelope's largest value.
const (
	onsetPeakWindow = 0.03 // a peak must be the largest value within ±30 ms
	onsetMeanWindow = 0.10 // and exceed the mean over ±100 ms
	onsetDelta      = 0.07 // by this much
	onsetMinGap     = 0.03 // and come at least 30 ms after the previous onset
)

// Onsets picks peaks of the envelope with an adaptive threshold: a value is an onset if
// it is a local maximum and stands out from the local mean, so a loud passage does not
// hide the attacks in a quiet one as a fixed threshold would.
func (e Envelope) Onsets() []time.Duration {
	s := e.Strength
	var top float64
	for _, v := range s {
		top = max(top, v)
	}
	if top == 0 {
		return []time.Duration{}
	}
	peakW := max(1, int(math.Round(onsetPeakWindow*e.FrameRate)))
	meanW := max(1, int(math.Round(onsetMeanWindow*e.FrameRate)))
	minGap := int(math.Round(onsetMinGap * e.FrameRate))
	out := []time.Duration{}
	lastOnset := math.MinInt / 2
	for t, v := range s {
		if v == 0 || t-lastOnset < minGap || !isLocalMax(s, t, peakW) {
			continue
		}
		lo, hi := max(0, t-meanW), min(len(s), t+meanW+1)
		var sum float64
		for _, u := range s[lo:hi] {
			sum += u
		}
		if v/top < sum/float64(hi-lo)/top+onsetDelta {
			continue
		}
		out = append(out, e.subFrameTime(t))
		lastOnset = t
	}
	return out
}

// subFrameTime is the time of the envelope peak at t, refined by a parabola through it
// and its neighbours: an attack rarely falls exactly on a frame, and the hop is ~12 ms.
func (e Envelope) subFrameTime(t int) time.Duration {
	s := e.Strength
	if t == 0 || t+1 >= len(s) {
		return e.Time(t)
	}
	shift := 0.0
	if d := s[t-1] - 2*s[t] + s[t+1]; d < 0 {
		shift = 0.5 * (s[t-1] - s[t+1]) / d
	}
	return time.Duration((float64(t) + shift) / e.FrameRate * float64(time.Second))
}

// isLocalMax reports whether s[t] is the largest value within ±w, preferring the
// earliest of equal values so a flat top yields one onset.
func isLocalMax(s []float64, t, w int) bool {
	for i := max(0, t-w); i < min(len(s), t+w+1); i++ {
		if s[i] > s[t] || (s[i] == s[t] && i < t) {
			return false
		}
	}
	return true
}
