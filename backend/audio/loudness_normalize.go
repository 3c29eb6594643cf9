package audio

import (
	"fmt"
	"math"
)

const (
	// normalizeTolerance is how far from the target the limited result may be before
	// Normalize corrects its gain to win back what the limiter took, in LU.
	normalizeTolerance = 0.1
	// normalizeMaxMakeup caps that extra gain, in dB. A signal that needs more is so peaky
	// that reaching the target would mean limiting it audibly; Normalize then stops short
	// of the target rather than crush it.
	normalizeMaxMakeup = 6.0
	// normalizePasses bounds the limit-and-measure passes. The make-up gain converges in
	// two or three; each pass costs a loudness measurement, and the last a true-peak scan.
	normalizePasses = 6
	// limiterMargin is how far under the ceiling the limiter aims, in dB, so the small
	// error of the detector does not cost a second pass.
	limiterMargin = 0.05
	// normalizeAimSlack is how far, in dB, the passes may lower the limiter's aim after
	// an overshoot before the detector has to be scanned again.
	normalizeAimSlack = 1.0
)

// Normalize scales the buffer in place to targetLUFS integrated loudness with its true
// peak at or under ceilingDBTP, and returns the static gain it applied in dB.
//
// When the gain alone would push the true peak over the ceiling, the peaks are brought
// down by a look-ahead limiter (see loudness_limiter.go: 5 ms look-ahead and attack, 80 ms
// release, gain changes spread over the look-ahead so they cannot click), and the gain is
// raised to make up the loudness the limiter took, up to normalizeMaxMakeup. The result's
// true peak is always within the ceiling; its loudness is within normalizeTolerance of
// the target unless that would need more than normalizeMaxMakeup of limiting, in which
// case it is the loudest the cap allows. The returned gain does not include the
// limiter's momentary reductions.
//
// Silent audio, or audio shorter than 400 ms, has no loudness to scale: ErrNoLoudness.
func Normalize(b *Buffer, targetLUFS, ceilingDBTP float64) (gainDB float64, err error) {
	if math.IsNaN(targetLUFS) || math.IsInf(targetLUFS, 0) || math.IsNaN(ceilingDBTP) || math.IsInf(ceilingDBTP, 0) {
		return 0, fmt.Errorf("audio: normalize to %v LUFS under %v dBTP: both must be finite numbers", targetLUFS, ceilingDBTP)
	}
	lufs, err := IntegratedLoudness(b)
	if err != nil {
		return 0, fmt.Errorf("normalize: %w", err)
	}
	if math.IsInf(lufs, -1) {
		return 0, ErrNoLoudness
	}
	gainDB = targetLUFS - lufs

	// The detector is exact wherever the lowest threshold a pass can use might act.
	aim := ceilingDBTP - limiterMargin // the limiter's threshold, lowered if it overshoots
	floorFor := func(aim float64) float64 { return ampFromDB(aim - gainDB - normalizeMaxMakeup - normalizeAimSlack) }
	floor := floorFor(aim)
	detector := make([]float32, b.Frames())
	peak := truePeakScan(b, detector, floor)
	if dBFromAmp(peak)+gainDB <= ceilingDBTP {
		scaleSamples(b.Samples, ampFromDB(gainDB))
		return gainDB, nil
	}

	// applied[n] is the gain frame n of b carries now; each pass rescales b to its new
	// gains instead of keeping a copy of the input, which for a long track is the
	// largest buffer Normalize would need.
	applied := make([]float32, b.Frames())
	for i := range applied {
		applied[i] = 1
	}
	var gains []float32
	makeup := 0.0
	prevMakeup, prevLUFS := math.NaN(), math.NaN()
	var outPeak float64
	for pass := range normalizePasses {
		g := ampFromDB(gainDB + makeup)
		// The detector holds the input's peaks, so the threshold is taken back through
		// the static gain instead of rescanning the scaled signal.
		threshold := ampFromDB(aim) / g
		if threshold < floor {
			// The aim fell further than the slack allowed for: scan the input again
			// with every value exact.
			rescaleFrames(b, applied, nil, 1)
			floor = 0
			clear(detector)
			truePeakScan(b, detector, floor)
		}
		gains = limiterGains(detector, threshold, b.SampleRate, gains)
		rescaleFrames(b, applied, gains, g)
		if lufs, err = IntegratedLoudness(b); err != nil {
			return 0, fmt.Errorf("normalize: %w", err)
		}
		// Settle the loudness first with the cheap measurement, then check the peak once.
		if next := nextMakeup(makeup, lufs, prevMakeup, prevLUFS, targetLUFS); pass+1 < normalizePasses &&
			math.Abs(lufs-targetLUFS) > normalizeTolerance && next != makeup {
			prevMakeup, prevLUFS, makeup = makeup, lufs, next
			continue
		}
		if outPeak = TruePeak(b); outPeak <= ceilingDBTP {
			return gainDB + makeup, nil
		}
		aim -= outPeak - ceilingDBTP + 0.01
	}
	// The passes ran out with the peak still over: a static trim is sure to fix that, at
	// the cost of as much loudness. Not expected with the margins above.
	trim := ceilingDBTP - outPeak - 0.001
	scaleSamples(b.Samples, ampFromDB(trim))
	return gainDB + makeup + trim, nil
}

// nextMakeup picks the make-up gain for the next pass by the secant method: limiting
// takes back part of every dB of make-up, so the loudness rises by a fraction of it, and
// the last two passes tell which fraction. The first step assumes all of it.
func nextMakeup(makeup, lufs, prevMakeup, prevLUFS, target float64) float64 {
	slope := 1.0
	if !math.IsNaN(prevMakeup) && makeup != prevMakeup {
		// Clamped: a measured slope near zero (or negative, from rounding) would send the
		// gain to the cap on noise.
		slope = min(1, max(0.1, (lufs-prevLUFS)/(makeup-prevMakeup)))
	}
	return min(normalizeMaxMakeup, max(0, makeup+(target-lufs)/slope))
}

// rescaleFrames brings every frame of b from the gain it carries, applied[n], to
// static × gains[n] (static alone when gains is nil), and records that in applied.
func rescaleFrames(b *Buffer, applied, gains []float32, static float64) {
	ch := b.Channels
	for i, was := range applied {
		want := static
		if gains != nil {
			want *= float64(gains[i])
		}
		r := float32(want / float64(was))
		for c := range ch {
			b.Samples[i*ch+c] *= r
		}
		applied[i] = float32(want)
	}
}

// scaleSamples multiplies every sample by g.
func scaleSamples(s []float32, g float64) {
	for i, v := range s {
		s[i] = float32(float64(v) * g)
	}
}
