package audio

import (
	"math"
	"math/rand/v2"
	"testing"
)

// BenchmarkResample48kTo44k180sStereo converts three minutes of stereo at 48 kHz, the
// commonest upload that is not already at 44.1 kHz: two tones over low-passed noise, as
// in benchTrack.
func BenchmarkResample48kTo44k180sStereo(b *testing.B) {
	const rate, seconds = 48000, 180
	song := NewBuffer(rate, 2, rate*seconds)
	rng := rand.New(rand.NewPCG(7, 7))
	var lp float64
	for i := range song.Frames() {
		t := float64(i) / rate
		lp = 0.95*lp + 0.05*rng.NormFloat64()
		v := 0.3*math.Sin(2*math.Pi*220*t) + 0.1*math.Sin(2*math.Pi*3300*t) + 0.5*lp
		song.Samples[2*i] = float32(v)
		song.Samples[2*i+1] = float32(0.9 * v)
	}
	for b.Loop() {
		if _, err := Resample(song, 44100); err != nil {
			b.Fatal(err)
		}
	}
	reportTimesRealtime(b, song)
}
