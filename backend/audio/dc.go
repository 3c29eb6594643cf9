package audio

import "math"

// dcCutoff is the DC blocker's corner frequency, Hz: far enough under the lowest note of
// a bass (E1 is 41 Hz, where it shifts the phase by 14° and the level by 0.25 dB) that
// nothing musical is lost, high enough to settle within a tenth of a second.
const dcCutoff = 10.0

// RemoveDC takes the DC offset (and anything under a few hertz) out of every channel
// with a first-order high-pass filter. A loop is filtered as if it were already
// repeating: the filter first runs over the loop's last half second, so the state it
// starts the loop with is the one its end hands over, and the loop stays seamless.
func RemoveDC(b *Buffer, loop bool) {
	if b == nil || b.Validate() != nil || b.Frames() == 0 {
		return
	}
	pole := math.Exp(-2 * math.Pi * dcCutoff / float64(b.SampleRate))
	frames, ch := b.Frames(), b.Channels
	for c := range ch {
		var prevIn, prevOut float64
		if loop {
			for f := max(0, frames-b.SampleRate/2); f < frames; f++ {
				x := float64(b.Samples[f*ch+c])
				prevOut = x - prevIn + pole*prevOut
				prevIn = x
			}
		} else {
			// Starting from the first sample rather than from zero keeps a track that
			// starts off zero from beginning with a step.
			prevIn, prevOut = float64(b.Samples[c]), 0
		}
		for f := range frames {
			x := float64(b.Samples[f*ch+c])
			prevOut = x - prevIn + pole*prevOut
			prevIn = x
			b.Samples[f*ch+c] = float32(prevOut)
		}
	}
}
