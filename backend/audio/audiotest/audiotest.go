// Package audiotest makes recordings for tests: music-like signals whose notes, tempo
// and timbre come from a seed, so each seed is a different "song", and the excerpts and
// degradations a copyright scan must see through.
package audiotest

import (
	"math"
	"math/cmplx"
	"math/rand/v2"

	"stableaudio/backend/audio"
)

// Song is seconds of mono 44.1 kHz music drawn from seed: a melody of notes with a few
// harmonics each (a new pitch and length per note) over a kick on every beat, at a tempo
// between 90 and 150 BPM.
func Song(seed uint64, seconds float64) *audio.Buffer {
	const rate = 44100
	r := rand.New(rand.NewPCG(seed, 1))
	b := audio.NewBuffer(rate, 1, int(seconds*rate))
	bpm := 90 + 60*r.Float64()
	for at := 0.0; at < seconds; {
		length := []float64{0.25, 0.5, 0.5, 1}[r.IntN(4)] * 60 / bpm
		hz := 220 * math.Pow(2, float64(r.IntN(24))/12)
		from, to := int(at*rate), min(b.Frames(), int((at+length)*rate))
		for h := 1.0; h <= 4; h++ {
			decaying(b.Samples[from:to], 0.15/h, hz*h, 3, rate)
		}
		at += length
	}
	for beat := 0.0; beat < seconds; beat += 60 / bpm {
		from := int(beat * rate)
		decaying(b.Samples[from:min(b.Frames(), from+int(0.15*rate))], 0.4, 55, 1/0.04, rate)
	}
	return b
}

// decaying adds amp·e^(−decay·t)·sin(2π·hz·t) to out, t from 0, by rotating a phasor
// (one complex multiply a sample instead of a sine and an exponential).
func decaying(out []float32, amp, hz, decay float64, rate int) {
	step := cmplx.Rect(math.Exp(-decay/float64(rate)), 2*math.Pi*hz/float64(rate))
	z := complex(amp, 0)
	for i := range out {
		out[i] += float32(imag(z))
		z *= step
	}
}

// Excerpt is seconds of b from from on, scaled by gain (clipped to ±1).
func Excerpt(b *audio.Buffer, from, seconds, gain float64) *audio.Buffer {
	start, n := int(from*float64(b.SampleRate)), int(seconds*float64(b.SampleRate))
	out := audio.NewBuffer(b.SampleRate, b.Channels, n)
	for i := range out.Samples {
		out.Samples[i] = float32(max(-1, min(1, float64(b.Samples[start*b.Channels+i])*gain)))
	}
	return out
}
