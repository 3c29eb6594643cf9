package fingerprint

import (
	"cmp"
	"math"
	"slices"

	"stableaudio/backend/audio/analysis"
)

// Spectrogram and peak-picking parameters, at analysisRate.
const (
	// frameSize is 64 ms with 15.6 Hz bins: fine enough to resolve the harmonics of a
	// note, short enough to keep a drum hit or a note onset in one or two frames.
	frameSize = 512
	// hop is 16 ms, the resolution of the offsets a match reports.
	hop = 128
	// Peaks come from 100 Hz to 3.5 kHz: below that a spectrum holds mostly kick and
	// rumble, above it the decimation filter's aliases (see resample.go) and nothing a
	// phone or a band-limited upload is sure to keep.
	minBin = 7   // ≈ 109 Hz
	maxBin = 224 // 3.5 kHz
	bins   = maxBin - minBin + 1

	// A peak is the largest value within ±peakBins and ±peakFrames (±156 Hz, ±192 ms):
	// one for a held note's harmonic or a drum hit's band, where a smaller
	// neighbourhood gives several whose choice noise can change.
	peakBins   = 10
	peakFrames = 12
	// Its salience is its level above the mean log level within ±backBins and
	// ±backFrames. A level relative to the neighbourhood is what survives equalisation,
	// band-limiting and gain; an absolute level would let a bass cut change which peaks
	// are kept everywhere.
	backBins   = 16
	backFrames = 16
	// minSalience (in natural-log units, 12 dB) is just above where the largest of a
	// neighbourhood of pure noise stands, so hiss between songs adds no peaks.
	minSalience = 12 * math.Ln10 / 20
	// silence is the amplitude below which nothing is a peak (−80 dBFS): dither and
	// fades are not content.
	silence = 1e-4
	// At most peaksPerSecond peaks are kept within any second (±densityFrames), the most
	// salient first, so dense passages do not flood the index and quiet ones keep theirs.
	// 14 a second, three pairs each, is about 45 hashes a second: half the peaks of a
	// query may drown in noise and leave enough to match (TestExcerptsAfterDegradation).
	peaksPerSecond = 14
	densityFrames  = analysisRate / hop / 2
)

// peak is one point of the constellation.
type peak struct {
	frame    int32   // spectrogram frame, at FrameRate
	bin      int32   // frequency bin above minBin
	salience float32 // log level above the neighbourhood mean
}

// findPeaks picks the constellation of the mono signal x at analysisRate, the frames
// of each part on a core of its own.
func findPeaks(x []float32) []peak {
	frames := frameCount(len(x))
	parts := chunks(frames, 4*peakFrames)
	found := make([][]peak, len(parts))
	forEach(parts, func(i int, s span) { found[i] = peaksIn(x, frames, s) })
	return thin(slices.Concat(found...))
}

// reach is how many frames either side a point's peak test and salience look at.
const reach = max(peakFrames, backFrames)

// rows holds the log magnitude spectrum from minBin to maxBin of the 2·reach+1 frames
// around the one being judged, in a ring: frame t is row t mod 2·reach+1. A song's whole
// spectrogram is never held, only what one point's neighbourhood needs.
type rows struct {
	level  []float32
	wide   []float32 // the largest level within ±peakBins in the same frame
	across []float32 // the sum of the levels within ±backBins in the same frame
}

const ringRows = 2*reach + 1

func (r *rows) row(a []float32, t int) []float32 {
	i := t % ringRows
	return a[i*bins : (i+1)*bins]
}

// peaksIn returns the candidate peaks of frames s.lo to s.hi, with their salience: the
// points that are the largest within ±peakBins and ±peakFrames and louder than silence.
// Among equal values in time the first wins, so a flat stretch of spectrum gives one
// peak rather than one per frame.
func peaksIn(x []float32, frames int, s span) []peak {
	spectra, err := analysis.NewFrameSpectra(frameSize, hop)
	if err != nil {
		panic(err) // the parameters are constants
	}
	r := rows{make([]float32, ringRows*bins), make([]float32, ringRows*bins), make([]float32, ringRows*bins)}
	scratch := make([]uint32, 3*(bins+2*peakBins))
	floor := float32(math.Log(silence)) + levelOffset
	var out []peak
	// Frame f is computed once frame f−reach, the one judged, needs it.
	for f := max(0, s.lo-reach); f < s.hi+reach; f++ {
		if f < frames {
			level := r.row(r.level, f)
			for k, m := range spectra.Frame(x, f)[minBin : maxBin+1] {
				// The offset keeps every level positive (log(silence/100) ≈ −13.8), so
				// rowMax may compare them as integers; salience is a difference of
				// levels, and the floor moves with them.
				level[k] = logf(m+silence/100) + levelOffset
			}
			rowMax(r.row(r.wide, f), level, peakBins, scratch)
			rowSum(r.row(r.across, f), level, backBins)
		}
		t := f - reach
		if t < s.lo || t >= min(s.hi, frames) {
			continue
		}
		level, wide := r.row(r.level, t), r.row(r.wide, t)
		first, last := max(0, t-peakFrames), min(frames-1, t+peakFrames)
	point:
		for k, v := range level {
			if v != wide[k] || v < floor {
				continue
			}
			// Then over time, only for the few points that are maxima in frequency.
			for u := first; u <= last; u++ {
				w := r.row(r.wide, u)[k]
				if w > v || (w == v && u < t) {
					continue point
				}
			}
			out = append(out, peak{frame: int32(t), bin: int32(k), salience: r.salience(t, k, frames)})
		}
	}
	return out
}

// levelOffset is added to every log level to make it positive.
const levelOffset = 16

// salience is the level at frame t, bin k above the mean level within ±backFrames and
// ±backBins: the sum of the frames' sums across bins.
func (r *rows) salience(t, k, frames int) float32 {
	t0, t1 := max(0, t-backFrames), min(frames, t+backFrames+1)
	k0, k1 := max(0, k-backBins), min(bins, k+backBins+1)
	var sum float64
	for u := t0; u < t1; u++ {
		sum += float64(r.row(r.across, u)[k])
	}
	return float32(float64(r.row(r.level, t)[k]) - sum/float64((t1-t0)*(k1-k0)))
}

// rowSum sets dst[k] to the sum of src within ±r of k (inside src), by a running sum.
func rowSum(dst, src []float32, r int) {
	var run float64
	for _, v := range src[:min(r, len(src))] {
		run += float64(v)
	}
	for k := range dst {
		if k+r < len(src) {
			run += float64(src[k+r])
		}
		if k-r-1 >= 0 {
			run -= float64(src[k-r-1])
		}
		dst[k] = float32(run)
	}
}

// rowMax sets dst[k] to the largest src value within ±r of k, by the van Herk/Gil-Werman
// method: three comparisons per value whatever r is. The values are positive, so their
// bits compare as unsigned integers do, whose max needs no branch; scratch needs
// 3·(len(src)+2r).
func rowMax(dst, src []float32, r int, scratch []uint32) {
	n, w := len(src), 2*r+1
	m := n + 2*r
	pad, fwd, bwd := scratch[:m], scratch[m:2*m], scratch[2*m:3*m]
	clear(pad[:r])
	clear(pad[r+n:])
	for k, v := range src {
		pad[r+k] = math.Float32bits(v)
	}
	// fwd holds running maxima from the start of each block of w, bwd from its end, so
	// any window of w is covered by one suffix and one prefix.
	for lo := 0; lo < m; lo += w {
		hi := min(lo+w, m)
		fwd[lo] = pad[lo]
		for i := lo + 1; i < hi; i++ {
			fwd[i] = max(fwd[i-1], pad[i])
		}
		bwd[hi-1] = pad[hi-1]
		for i := hi - 2; i >= lo; i-- {
			bwd[i] = max(bwd[i+1], pad[i])
		}
	}
	for k := range dst[:n] {
		dst[k] = math.Float32frombits(max(bwd[k], fwd[k+2*r]))
	}
}

// thin keeps the salient candidates, the most salient first, while no second holds more
// than peaksPerSecond, and returns them in time order.
func thin(candidates []peak) []peak {
	slices.SortFunc(candidates, func(a, b peak) int {
		return cmp.Or(cmp.Compare(b.salience, a.salience), cmp.Compare(a.frame, b.frame), cmp.Compare(a.bin, b.bin))
	})
	var last int32
	for _, p := range candidates {
		last = max(last, p.frame)
	}
	perFrame := make([]uint8, last+1)
	var kept []peak
	for _, p := range candidates {
		if p.salience < minSalience {
			break
		}
		lo, hi := max(0, int(p.frame)-densityFrames), min(len(perFrame), int(p.frame)+densityFrames+1)
		n := 0
		for _, c := range perFrame[lo:hi] {
			n += int(c)
		}
		if n >= peaksPerSecond {
			continue
		}
		perFrame[p.frame]++
		kept = append(kept, p)
	}
	slices.SortFunc(kept, func(a, b peak) int {
		return cmp.Or(cmp.Compare(a.frame, b.frame), cmp.Compare(a.bin, b.bin))
	})
	return kept
}
