package audio

import (
	"math"
	"runtime"
	"sync"
)

// The true peak is the peak of the analog waveform a DAC rebuilds from the samples, which
// can lie between two samples and above both: a mix whose samples stay under 0 dBFS can
// still clip the converter or a lossy encoder. ITU-R BS.1770-4 Annex 2 estimates it by
// oversampling to at least 176.4 kHz: 4× at 44.1/48 kHz, 2× at 88.2/96 kHz, not at all
// from 176.4 kHz up.

// TruePeak is the buffer's true peak in dBTP: the largest absolute value of the
// oversampled signal over every channel, the samples themselves included. The signal is
// taken as silent before and after the buffer, as a player plays it, so audio that starts
// or ends abruptly reads the overshoot of that step. A silent, empty or invalid buffer has
// no peak and gives -Inf.
func TruePeak(b *Buffer) (dBTP float64) {
	return dBFromAmp(truePeakScan(b, nil, 0))
}

// SamplePeak is the largest absolute sample value in dBFS, without oversampling. A silent,
// empty or invalid buffer gives -Inf.
func SamplePeak(b *Buffer) (dBFS float64) {
	if b == nil || b.Validate() != nil {
		return math.Inf(-1)
	}
	var peak float32
	for _, v := range b.Samples {
		peak = max(peak, v, -v)
	}
	return dBFromAmp(float64(peak))
}

func dBFromAmp(a float64) float64 {
	if a <= 0 {
		return math.Inf(-1)
	}
	return 20 * math.Log10(a)
}

func ampFromDB(db float64) float64 { return math.Pow(10, db/20) }

// oversampleFactor is the factor Annex 2 asks for at the sample rate in Hz.
func oversampleFactor(sampleRate int) int {
	switch {
	case sampleRate < 88200:
		return 4
	case sampleRate < 176400:
		return 2
	}
	return 1
}

const (
	// truePeakChunk is how many frames are deinterleaved at a time: enough to make the
	// copied overlap negligible, small enough to stay in cache.
	truePeakChunk = 4096
	// truePeakSkip is the stretch of frames tested at once against the oversampler's gain
	// bound. Music is mostly well below its peak, so most stretches are skipped.
	truePeakSkip = 64
	// truePeakBefore is how many inputs before frame n its window needs.
	truePeakBefore = truePeakHalf - 1
)

// truePeakScan returns the true peak as a linear amplitude. When perFrame is not nil (it
// must have b.Frames() entries, zeroed) it also records, for each frame n, the peak over
// the interval [n, n+1) across all channels, which the limiter uses as its detector. The
// limiter only acts on values over its threshold, so where the oversampler's gain bound
// proves a stretch stays under floor, perFrame gets the sample values alone: they are
// under floor too, and cost nothing to find. A floor of 0 records every value exactly.
//
// The frames are split between the CPUs, each worker scanning its stretch of every
// channel: on an idle two-core machine that about halves the time.
func truePeakScan(b *Buffer, perFrame []float32, floor float64) float64 {
	if b == nil || b.Validate() != nil || b.Frames() == 0 {
		return 0
	}
	factor := oversampleFactor(b.SampleRate)
	var ip *peakOversampler
	if factor > 1 {
		ip = newPeakOversampler(factor)
	}
	frames := b.Frames()
	workers := max(1, min(runtime.GOMAXPROCS(0), frames/(4*truePeakChunk)))
	peaks := make([]float64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			peaks[w] = truePeakFrames(b, ip, perFrame, floor, w*frames/workers, (w+1)*frames/workers)
		})
	}
	wg.Wait()
	var peak float64
	for _, p := range peaks {
		peak = max(peak, p)
	}
	return peak
}

// truePeakFrames is truePeakScan over the frames [from, to). A nil oversampler means no
// oversampling.
func truePeakFrames(b *Buffer, ip *peakOversampler, perFrame []float32, floor float64, from, to int) float64 {
	frames, channels := b.Frames(), b.Channels
	window := make([]float64, truePeakChunk+truePeakTaps-1)
	var peak float64
	for c := range channels {
		for start := from; start < to; start += truePeakChunk {
			n := min(truePeakChunk, to-start)
			// w[i] holds input frame start−truePeakBefore+i, zero outside the buffer.
			w := window[:n+truePeakTaps-1]
			for i := range w {
				if f := start - truePeakBefore + i; f >= 0 && f < frames {
					w[i] = float64(b.Samples[f*channels+c])
				} else {
					w[i] = 0
				}
			}
			for s := 0; s < n; s += truePeakSkip {
				e := min(s+truePeakSkip, n)
				// A stretch that can neither beat the peak so far nor reach the
				// detector's floor needs no interpolation.
				need := peak
				if perFrame != nil {
					need = min(need, floor)
				}
				exact := ip != nil && windowMaxAbs(w[s:e+truePeakTaps-1])*ip.gainBound > need
				for i := s; i < e; i++ {
					p := math.Abs(w[i+truePeakBefore])
					if exact {
						p = max(p, ip.peakBetween(w[i:i+truePeakTaps]))
					}
					peak = max(peak, p)
					if perFrame != nil {
						perFrame[start+i] = max(perFrame[start+i], float32(p))
					}
				}
			}
		}
	}
	return peak
}

func windowMaxAbs(x []float64) float64 {
	var m float64
	for _, v := range x {
		m = max(m, math.Abs(v))
	}
	return m
}
