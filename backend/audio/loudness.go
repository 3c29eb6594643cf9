package audio

import (
	"errors"
	"fmt"
	"math"
)

// ErrNoLoudness is returned by Normalize for a buffer whose loudness cannot be measured:
// it is silent (every gating block below −70 LUFS) or shorter than one 400 ms block.
var ErrNoLoudness = errors.New("audio: no loudness to measure: the audio is silent or shorter than 400 ms")

const (
	// loudnessOffset is the −0.691 dB of BS.1770: it cancels the K-filter's gain at
	// 997 Hz, so a full-scale 1 kHz sine in one channel reads −3.01 LUFS like its RMS.
	loudnessOffset = -0.691
	absoluteGate   = -70.0 // LUFS: blocks quieter than this are silence
	relativeGate   = -10.0 // LU below the absolute-gated loudness: pauses and fades
	surroundWeight = 1.41  // BS.1770's +1.5 dB for channels behind the listener
)

// IntegratedLoudness measures the buffer's programme loudness in LUFS as ITU-R BS.1770-4
// and EBU R128 define it: K-weighting, mean square per 400 ms block with 75 % overlap, the
// channel weights, an absolute gate at −70 LUFS, then a relative gate 10 LU below the
// loudness of the blocks that passed the first.
//
// Audio that is silent, or shorter than one block, has no blocks to average: the result
// is -Inf with a nil error, because that is a property of the audio rather than a failure.
// An invalid buffer, or one that holds NaN or Inf samples, is an error.
func IntegratedLoudness(b *Buffer) (lufs float64, err error) {
	if b == nil {
		return 0, errors.New("audio: cannot measure the loudness of a nil buffer")
	}
	if err := b.Validate(); err != nil {
		return 0, fmt.Errorf("measure loudness: %w", err)
	}
	powers, err := blockPowers(b)
	if err != nil {
		return 0, err
	}
	return gatedLoudness(powers), nil
}

// blockPowers returns the weighted sum of the channels' K-weighted mean squares for each
// 400 ms block, the blocks starting every 100 ms.
func blockPowers(b *Buffer) ([]float64, error) {
	// The 100 ms step is rounded to whole frames; every common rate divides exactly.
	step := max(1, int(math.Round(float64(b.SampleRate)/10)))
	blockFrames := 4 * step
	frames := b.Frames()
	if frames < blockFrames {
		return nil, nil
	}
	weights := loudnessWeights(b.Channels)
	filters := make([]*kFilter, b.Channels)
	for c := range filters {
		filters[c] = newKFilter(b.SampleRate)
	}

	// A block is four consecutive 100 ms segments, so each sample is filtered and squared
	// once and each block's power is the sum of four segment powers.
	segments := frames / step
	segPower := make([]float64, segments)
	for s := range segments {
		chunk := b.Samples[s*step*b.Channels : (s+1)*step*b.Channels]
		var p float64
		for c, f := range filters {
			sq := f.sumSquares(chunk, c, b.Channels)
			if math.IsNaN(sq) || math.IsInf(sq, 0) {
				return nil, fmt.Errorf("measure loudness: channel %d holds NaN or infinite samples between %.1f s and %.1f s",
					c+1, float64(s*step)/float64(b.SampleRate), float64((s+1)*step)/float64(b.SampleRate))
			}
			p += weights[c] * sq
		}
		segPower[s] = p
	}

	powers := make([]float64, segments-3)
	for j := range powers {
		powers[j] = (segPower[j] + segPower[j+1] + segPower[j+2] + segPower[j+3]) / float64(blockFrames)
	}
	return powers, nil
}

// gatedLoudness applies the two gates to the block powers and returns the loudness of the
// blocks that pass both, or -Inf when none do.
func gatedLoudness(powers []float64) float64 {
	// Compare powers rather than taking a logarithm per block: the gates are monotonic.
	absPower := lufsToPower(absoluteGate)
	var sum float64
	var n int
	for _, p := range powers {
		if p > absPower {
			sum += p
			n++
		}
	}
	if n == 0 {
		return math.Inf(-1)
	}
	relPower := sum / float64(n) * math.Pow(10, relativeGate/10)
	gate := max(absPower, relPower)
	sum, n = 0, 0
	for _, p := range powers {
		if p > gate {
			sum += p
			n++
		}
	}
	if n == 0 { // cannot happen: the loudest block is always above the mean − 10 LU
		return math.Inf(-1)
	}
	return powerToLUFS(sum / float64(n))
}

func powerToLUFS(p float64) float64 { return loudnessOffset + 10*math.Log10(p) }

func lufsToPower(l float64) float64 { return math.Pow(10, (l-loudnessOffset)/10) }

// loudnessWeights gives each channel's weight G_i. Mono and stereo are all 1.0. Five and
// six channels are taken as 5.0 (L R C Ls Rs) and 5.1 in the SMPTE/WAV order
// (L R C LFE Ls Rs); eight as 7.1 (L R C LFE Ls Rs Lb Rb). The LFE channel is left out,
// as BS.1770 says, and the surrounds get 1.41. Other counts carry no layout in a Buffer,
// so every channel is weighted 1.0: a simplification that only matters for surround
// material, which this program does not produce.
func loudnessWeights(channels int) []float64 {
	w := make([]float64, channels)
	for i := range w {
		w[i] = 1
	}
	switch channels {
	case 5:
		w[3], w[4] = surroundWeight, surroundWeight
	case 6:
		w[3], w[4], w[5] = 0, surroundWeight, surroundWeight
	case 8:
		w[3] = 0
		for i := 4; i < 8; i++ {
			w[i] = surroundWeight
		}
	}
	return w
}

// DCOffset is the mean of each channel, the DC a mastering stage must remove before it
// measures peaks: an offset eats headroom and clicks at every edit. An empty buffer has a
// zero offset per channel; a buffer with no channels gives nil.
func DCOffset(b *Buffer) []float64 {
	if b == nil || b.Channels <= 0 {
		return nil
	}
	sums := make([]float64, b.Channels)
	frames := b.Frames()
	if frames == 0 {
		return sums
	}
	for i, v := range b.Samples[:frames*b.Channels] {
		sums[i%b.Channels] += float64(v)
	}
	for c := range sums {
		sums[c] /= float64(frames)
	}
	return sums
}
