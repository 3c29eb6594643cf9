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

// findPeaks picks the constellation of the mono signal x at analysisRate.
func findPeaks(x []float32) []peak {
	frames := frameCount(len(x))
	parts := chunks(frames, 4*peakFrames)
	level, wide := levels(x, frames, parts)
	found := make([][]peak, len(parts))
	forEach(parts, func(i int, s span) { found[i] = localMaxima(level, wide, frames, s) })
	candidates := slices.Concat(found...)
	salient(candidates, level, frames)
	return thin(candidates)
}

// levels returns the log magnitude spectrogram of x from minBin to maxBin, frame by
// frame, and wide, the largest level within ±peakBins of every point, computing the
// frames of each part on a core of its own.
func levels(x []float32, frames int, parts []span) (level, wide []float32) {
	level, wide = make([]float32, frames*bins), make([]float32, frames*bins)
	forEach(parts, func(_ int, s span) {
		// Frame t is centred on sample t·hop, so the part's frames need the samples
		// from half a frame before its first to half a frame after its last; frame 0
		// of that stretch is frame first of the whole.
		start := max(0, s.lo*hop-frameSize/2)
		end := min(len(x), (s.hi-1)*hop+frameSize/2)
		first := start / hop
		spec, err := analysis.NewSpectrogram(x[start:end], analysisRate, frameSize, hop)
		if err != nil {
			panic(err) // the parameters are constants
		}
		scratch := make([]float32, 3*(bins+2*peakBins))
		for t := s.lo; t < s.hi; t++ {
			row := level[t*bins : (t+1)*bins]
			for k, m := range spec.Frame(t - first)[minBin : maxBin+1] {
				row[k] = logf(m + silence/100)
			}
			rowMax(wide[t*bins:(t+1)*bins], row, peakBins, scratch)
		}
	})
	return level, wide
}

// localMaxima returns the points of frames s.lo to s.hi that are the largest within
// ±peakBins and ±peakFrames and louder than silence. Among equal values in time the
// first wins, so a flat stretch of spectrum gives one peak rather than one per frame.
func localMaxima(level, wide []float32, frames int, s span) []peak {
	floor := float32(math.Log(silence))
	var out []peak
	for t := s.lo; t < s.hi; t++ {
		row, rowWide := level[t*bins:(t+1)*bins], wide[t*bins:(t+1)*bins]
	point:
		for k, v := range row {
			if v != rowWide[k] || v < floor {
				continue
			}
			// Then over time, only for the few points that are maxima in frequency.
			for u := max(0, t-peakFrames); u <= min(frames-1, t+peakFrames); u++ {
				w := wide[u*bins+k]
				if w > v || (w == v && u < t) {
					continue point
				}
			}
			out = append(out, peak{frame: int32(t), bin: int32(k)})
		}
	}
	return out
}

// rowMax sets dst[k] to the largest src value within ±r of k, by the van Herk/Gil-Werman
// method: three comparisons per value whatever r is. scratch needs 3·(len(src)+2r).
func rowMax(dst, src []float32, r int, scratch []float32) {
	n, w := len(src), 2*r+1
	m := n + 2*r
	pad, fwd, bwd := scratch[:m], scratch[m:2*m], scratch[2*m:3*m]
	inf := float32(math.Inf(-1))
	for i := range pad {
		pad[i] = inf
	}
	copy(pad[r:], src)
	// fwd holds running maxima from the start of each block of w, bwd from its end, so
	// any window of w is covered by one suffix and one prefix.
	for lo := 0; lo < m; lo += w {
		hi := min(lo+w, m)
		fwd[lo] = pad[lo]
		for i := lo + 1; i < hi; i++ {
			fwd[i] = larger(fwd[i-1], pad[i])
		}
		bwd[hi-1] = pad[hi-1]
		for i := hi - 2; i >= lo; i-- {
			bwd[i] = larger(bwd[i+1], pad[i])
		}
	}
	for k := range dst[:n] {
		dst[k] = larger(bwd[k], fwd[k+2*r])
	}
}

// larger is max for values that are never NaN, without the builtin's care for NaN and
// signed zeros, which costs more than the comparison itself in rowMax's loops.
func larger(a, b float32) float32 {
	if a > b {
		return a
	}
	return b
}

// salient sets each candidate's salience from a summed-area table of the levels, which
// gives the mean over any box in four look-ups.
func salient(candidates []peak, level []float32, frames int) {
	const stride = bins + 1
	sums := make([]float64, (frames+1)*stride)
	for t := range frames {
		var run float64
		above, cur := sums[t*stride:(t+1)*stride], sums[(t+1)*stride:(t+2)*stride]
		for k, v := range level[t*bins : (t+1)*bins] {
			run += float64(v)
			cur[k+1] = above[k+1] + run
		}
	}
	for i, p := range candidates {
		t0, t1 := max(0, int(p.frame)-backFrames), min(frames, int(p.frame)+backFrames+1)
		k0, k1 := max(0, int(p.bin)-backBins), min(bins, int(p.bin)+backBins+1)
		sum := sums[t1*stride+k1] - sums[t0*stride+k1] - sums[t1*stride+k0] + sums[t0*stride+k0]
		mean := sum / float64((t1-t0)*(k1-k0))
		candidates[i].salience = float32(float64(level[int(p.frame)*bins+int(p.bin)]) - mean)
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
