package audio

import (
	"math"
	"slices"
	"time"
)

// The limiter that lets Normalize reach a loudness target under a true-peak ceiling. It
// works on the whole buffer at once, so its look-ahead costs no latency: the gain for each
// frame is computed from the detector values of the frames around it. One gain serves all
// channels (the detector takes the loudest), so a peak in one channel does not pull the
// stereo image towards the other.
//
// The gain curve is built in three steps over the per-frame required gain
// req[n] = min(1, threshold / truePeak[n]):
//
//  1. a sliding minimum over the look-ahead window (plus a short hold either side),
//  2. a one-pole release back towards unity,
//  3. a moving average as long as the look-ahead.
//
// Every value that the average at frame n takes in comes from a minimum whose window
// contains n, so the gain never exceeds req[n]: no peak gets through, without clipping.
// And the average turns any step into a ramp of one look-ahead, so the gain moves by at
// most 1/limiterLookahead of its depth per frame: no clicks, and the sound of fast gain
// modulation is kept to a few milliseconds around each peak.
const (
	// limiterLookahead is both the look-ahead and the attack: the gain starts down this
	// long before a peak and reaches its floor on it. 5 ms is short enough that the dip is
	// not heard as pumping and long enough (220 frames at 44.1 kHz) that the ramp adds no
	// audible distortion to bass.
	limiterLookahead = 5 * time.Millisecond
	// limiterRelease is the time constant of the return to unity gain after a peak. 80 ms
	// recovers between drum hits without the flutter of shorter releases.
	limiterRelease = 80 * time.Millisecond
	// limiterHold keeps the gain at its floor for this many frames either side of a peak,
	// half the interpolation filter, so the samples that make up an inter-sample peak are
	// all scaled alike and the peak shrinks by exactly the gain.
	limiterHold = truePeakHalf
)

// limiterGains returns the gain per frame that keeps every detector value under
// threshold. detector holds each frame's true peak (as truePeakScan records it), in the
// same units as threshold. The gains are computed in place in reuse's array when it is
// large enough, so the passes of Normalize over a long track do not each allocate the
// track's length again; pass the previous result back as reuse, or nil.
func limiterGains(detector []float32, threshold float64, sampleRate int, reuse []float32) []float32 {
	n := len(detector)
	attack := max(1, int(math.Round(limiterLookahead.Seconds()*float64(sampleRate))))
	// Index q of the extended array is frame q−(attack−1): the first attack−1 entries are
	// the unity gain before the buffer, which the average at the first frames reads.
	lead := attack - 1
	r := slices.Grow(reuse[:0], n+lead)[:n+lead]
	for q := range r {
		r[q] = 1
		if q >= lead {
			if d := float64(detector[q-lead]); d > threshold {
				r[q] = float32(threshold / d)
			}
		}
	}

	windowMinInPlace(r, limiterHold, attack-1+limiterHold)
	// The release runs in float64: in float32 its steps near unity fall under the
	// rounding of 1.0 and it would stall at about 0.9998.
	alpha := -math.Expm1(-1 / (limiterRelease.Seconds() * float64(sampleRate)))
	prev := 1.0
	for q, m := range r {
		prev = min(float64(m), prev+(1-prev)*alpha)
		r[q] = float32(prev)
	}

	// The moving average is written over its own input: entry i is read for the last
	// time just before the average for frame i replaces it.
	var sum float64
	for q := range attack - 1 {
		sum += float64(r[q])
	}
	for i := range n {
		sum += float64(r[i+attack-1])
		oldest := r[i]
		r[i] = float32(sum / float64(attack))
		sum -= float64(oldest)
	}
	return r[:n]
}

// windowMinInPlace replaces x[i] by min(x[i−before … i+after]), the window clipped to x.
// It keeps a queue of the candidates (index and value, so x can be overwritten behind
// the window), increasing in value, so each index enters and leaves once: O(len(x))
// whatever the window.
func windowMinInPlace(x []float32, before, after int) {
	type candidate struct {
		at int
		v  float32
	}
	queue := make([]candidate, 0, before+after+1)
	next := 0 // the next index to enter the window
	for i := range x {
		for ; next < len(x) && next <= i+after; next++ {
			for len(queue) > 0 && queue[len(queue)-1].v >= x[next] {
				queue = queue[:len(queue)-1]
			}
			queue = append(queue, candidate{next, x[next]})
		}
		for queue[0].at < i-before {
			queue = queue[1:]
		}
		x[i] = queue[0].v
	}
}
