package audio

import (
	"math"
	"math/rand/v2"
	"testing"
)

// benchTrack is 190 s of stereo 44.1 kHz, a long generated track: two tones over low-passed
// noise, the right channel a little quieter, so neither meter sees digital silence or an
// input it could shortcut.
func benchTrack() *Buffer {
	const rate, seconds = 44100, 190
	b := NewBuffer(rate, 2, rate*seconds)
	rng := rand.New(rand.NewPCG(7, 7))
	var lp float64
	for i := range b.Frames() {
		t := float64(i) / rate
		lp = 0.95*lp + 0.05*rng.NormFloat64()
		v := 0.3*math.Sin(2*math.Pi*220*t) + 0.1*math.Sin(2*math.Pi*3300*t) + 0.5*lp
		b.Samples[2*i] = float32(v)
		b.Samples[2*i+1] = float32(0.9 * v)
	}
	return b
}

// reportTimesRealtime adds how many times faster than playback one operation ran.
func reportTimesRealtime(b *testing.B, audio *Buffer) {
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(audio.Duration().Seconds()/perOp, "x-realtime")
}

func BenchmarkIntegratedLoudness190sStereo44k(b *testing.B) {
	song := benchTrack()
	for b.Loop() {
		if _, err := IntegratedLoudness(song); err != nil {
			b.Fatal(err)
		}
	}
	reportTimesRealtime(b, song)
}

func BenchmarkTruePeak190sStereo44k(b *testing.B) {
	song := benchTrack()
	for b.Loop() {
		TruePeak(song)
	}
	reportTimesRealtime(b, song)
}

// Normalize on a signal whose hits need limiting: the detector scan, then two or three
// passes of limiting, loudness and true peak. Restoring the input is included (~10 ms).
func BenchmarkNormalizeWithLimiting190sStereo44k(b *testing.B) {
	src := peakySignal(44100, 2, 190, -26, 0)
	work := &Buffer{SampleRate: src.SampleRate, Channels: src.Channels, Samples: make([]float32, len(src.Samples))}
	for b.Loop() {
		copy(work.Samples, src.Samples)
		if _, err := Normalize(work, -14, -1); err != nil {
			b.Fatal(err)
		}
	}
	reportTimesRealtime(b, src)
}
