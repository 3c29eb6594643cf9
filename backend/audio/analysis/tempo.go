package analysis

import (
	"fmt"
	"math"
	"time"

	"stableaudio/backend/audio"
)

// MinBPM and MaxBPM bound the tempos Tempo reports.
const (
	MinBPM = 60
	MaxBPM = 200
)

// Once hats fill the off-beats, a 70 BPM groove also repeats every half beat, and the
// autocorrelation cannot tell which pulse a listener would tap. Like most trackers we
// prefer periods near 120 BPM (a log-Gaussian prior one octave wide), and callers that
// compare with a wanted tempo accept double and half (TempoMatches).
const (
	priorBPM     = 120
	priorOctaves = 1.0
	// minTempoBeats is how many beats at MinBPM the audio must hold for its period to be
	// measured at all.
	minTempoBeats = 4
	// maxRefineBeats bounds how many multiples of the beat period refine the estimate.
	maxRefineBeats = 16
)

// Tempo estimates the tempo of b in beats per minute, MinBPM to MaxBPM. confidence, in
// [0, 1], is the autocorrelation of the onset envelope at the beat period relative to its
// energy: near 1 for a steady click, near 0 for audio without a pulse.
func Tempo(b *audio.Buffer) (bpm, confidence float64, err error) {
	env, err := OnsetEnvelope(b)
	if err != nil {
		return 0, 0, err
	}
	return env.Tempo()
}

// Tempo estimates the tempo from an onset envelope; see the package-level Tempo.
//
// The beat period is the lag of the strongest autocorrelation peak, weighted by the
// tempo prior. One envelope frame is ~1.5 % of a beat at 120 BPM, too coarse for a 2 %
// tolerance, so the period is refined: each peak is located to a fraction of a frame by
// parabolic interpolation, and the peaks at 2, 3, … beats are fitted together, which
// divides the remaining error by the number of beats spanned.
func (e Envelope) Tempo() (bpm, confidence float64, err error) {
	minLag := 60 * e.FrameRate / MaxBPM
	maxLag := 60 * e.FrameRate / MinBPM
	if float64(len(e.Strength)) < minTempoBeats*maxLag {
		return 0, 0, fmt.Errorf("%w: tempo needs at least %.0f s of audio", ErrNoAudio, minTempoBeats*60.0/MinBPM)
	}
	r := autocorrelation(e.Strength, min(len(e.Strength)/2, int(maxRefineBeats*maxLag)+2))
	if r[0] <= 0 {
		return 0, 0, fmt.Errorf("%w: no onsets to take a tempo from", ErrSilent)
	}

	best, bestScore := 0, 0.0
	for lag := max(1, int(minLag)); lag <= int(math.Ceil(maxLag)) && lag+1 < len(r); lag++ {
		if r[lag] < r[lag-1] || r[lag] < r[lag+1] {
			continue
		}
		bpm := 60 * e.FrameRate / float64(lag)
		prior := math.Log2(bpm/priorBPM) / priorOctaves
		if score := r[lag] * math.Exp(-0.5*prior*prior); score > bestScore {
			best, bestScore = lag, score
		}
	}
	if best == 0 {
		return 0, 0, fmt.Errorf("%w: no steady pulse between %d and %d BPM", ErrSilent, MinBPM, MaxBPM)
	}

	period := refinePeriod(r, best)
	bpm = 60 * e.FrameRate / period
	return min(max(bpm, MinBPM), MaxBPM), min(max(r[best]/r[0], 0), 1), nil
}

// refinePeriod fits the beat period to the autocorrelation peaks at multiples of the
// coarse peak lag, least squares through the origin (Σk·lag_k / Σk²). Each prediction
// uses the fit so far, so the search window stays two frames wide however far out it is.
func refinePeriod(r []float64, lag int) float64 {
	first, ok := peakNear(r, lag, 1)
	if !ok {
		return float64(lag)
	}
	num, den := first, 1.0
	period := first
	for k := 2; k <= maxRefineBeats; k++ {
		want := float64(k) * period
		if int(want)+3 >= len(r) {
			break
		}
		p, ok := peakNear(r, int(math.Round(want)), 2)
		if !ok {
			continue
		}
		num += float64(k) * p
		den += float64(k * k)
		period = num / den
	}
	return period
}

// peakNear finds the largest value of r within ±w of i and returns its position refined
// by a parabola through it and its neighbours. It fails when the largest value sits on
// the window's edge, which means the peak is elsewhere.
func peakNear(r []float64, i, w int) (float64, bool) {
	best := -1
	for j := max(1, i-w); j <= i+w && j+1 < len(r); j++ {
		if best < 0 || r[j] > r[best] {
			best = j
		}
	}
	if best < 0 || r[best] < r[best-1] || r[best] < r[best+1] {
		return 0, false
	}
	a, b, c := r[best-1], r[best], r[best+1]
	shift := 0.0
	if d := a - 2*b + c; d < 0 {
		shift = 0.5 * (a - c) / d
	}
	return float64(best) + shift, true
}

// autocorrelation returns r[lag] = Σ x'[t]·x'[t+lag] for lag ≤ maxLag, where x' is x minus
// its mean, computed by FFT and corrected for the shrinking overlap at long lags (the
// unbiased estimate) so that later beats are not penalised against earlier ones.
func autocorrelation(x []float64, maxLag int) []float64 {
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	n := 1
	for n < 2*len(x) {
		n <<= 1
	}
	buf := make([]complex128, n)
	for i, v := range x {
		buf[i] = complex(v-mean, 0)
	}
	FFT(buf)
	for i, v := range buf {
		buf[i] = complex(real(v)*real(v)+imag(v)*imag(v), 0)
	}
	InverseFFT(buf)
	r := make([]float64, maxLag+1)
	for lag := range r {
		r[lag] = real(buf[lag]) * float64(len(x)) / float64(len(x)-lag)
	}
	return r
}

// TempoMatches reports whether a found tempo equals the wanted one within the relative
// tolerance (0.02 for 2 %), also accepting double or half the wanted tempo: those are the
// same pulse counted in eighths or half notes, which a listener may tap either way.
func TempoMatches(found, want, tolerance float64) bool {
	if found <= 0 || want <= 0 {
		return false
	}
	for _, w := range []float64{want, want * 2, want / 2} {
		if math.Abs(found/w-1) <= tolerance {
			return true
		}
	}
	return false
}

// beatTightness weighs regular spacing against landing on onsets (Ellis 2007 uses 100
// too): high enough that beats do not chase off-beat hats, low enough to follow a
// performance that drifts a little.
const beatTightness = 100

// Beats estimates the tempo of b and returns the times of its beats.
func Beats(b *audio.Buffer) ([]time.Duration, error) {
	env, err := OnsetEnvelope(b)
	if err != nil {
		return nil, err
	}
	bpm, _, err := env.Tempo()
	if err != nil {
		return nil, err
	}
	return env.Beats(bpm), nil
}

// Beats places beats at the given tempo by dynamic programming (Ellis, "Beat tracking by
// dynamic programming", 2007): each frame's score is its onset strength plus the best
// score of a previous beat, penalised by how far that gap is from one beat period on a
// log scale. Following the best chain back from the end gives beats that sit on onsets
// and stay evenly spaced through bars where nothing is played on the beat.
func (e Envelope) Beats(bpm float64) []time.Duration {
	s := e.Strength
	if len(s) == 0 || bpm <= 0 {
		return []time.Duration{}
	}
	period := 60 * e.FrameRate / bpm
	// Normalise so the penalty means the same for loud and quiet material.
	var sum, sumSq float64
	for _, v := range s {
		sum += v
		sumSq += v * v
	}
	mean := sum / float64(len(s))
	std := math.Sqrt(max(sumSq/float64(len(s))-mean*mean, 1e-12))

	lo, hi := max(1, int(math.Round(period/2))), int(math.Round(2*period))
	penalty := make([]float64, hi+1)
	for gap := lo; gap <= hi; gap++ {
		d := math.Log(float64(gap) / period)
		penalty[gap] = beatTightness * d * d
	}

	score := make([]float64, len(s))
	from := make([]int, len(s))
	for t := range s {
		local := s[t] / std
		best, arg := 0.0, -1
		for gap := lo; gap <= hi && gap <= t; gap++ {
			if c := score[t-gap] - penalty[gap]; arg < 0 || c > best {
				best, arg = c, t-gap
			}
		}
		if arg >= 0 && best > 0 {
			score[t], from[t] = local+best, arg
		} else {
			score[t], from[t] = local, -1
		}
	}

	// The chain ends at the best-scoring frame of the last beat period.
	end := len(s) - 1
	for t := max(0, len(s)-int(math.Ceil(period))); t < len(s); t++ {
		if score[t] > score[end] {
			end = t
		}
	}
	var frames []int
	for t := end; t >= 0; t = from[t] {
		frames = append(frames, t)
	}
	out := make([]time.Duration, len(frames))
	for i, t := range frames {
		out[len(frames)-1-i] = e.Time(t)
	}
	return out
}
