package analysis

import (
	"math"
	"math/rand/v2"
	"sync"

	"stableaudio/backend/audio"
)

// The tests synthesise their audio so that the right answer is known exactly and no
// fixture files are needed. This file holds the instruments; each test writes the score.

const testRate = 44100

type drum int

const (
	click drum = iota // 10 ms decaying white-noise burst
	kick              // sine sweeping 150→45 Hz, decaying over ~0.3 s
	snare             // noise plus a 185 Hz body, ~0.12 s
	hat               // high-passed noise, ~30 ms
)

// hit is one drum stroke, at a time in beats from the start.
type hit struct {
	beat float64
	kind drum
	gain float64
}

// pattern is one bar of hits, repeated.
type pattern struct {
	beats float64 // length of the bar in beats
	hits  []hit
}

// render plays the pattern at bpm for the given length into a mono buffer.
func (p pattern) render(bpm, seconds float64, seed uint64) *audio.Buffer {
	rng := rand.New(rand.NewPCG(seed, 99))
	b := audio.NewBuffer(testRate, 1, int(seconds*testRate))
	beatSec := 60 / bpm
	for bar := 0.0; bar*p.beats*beatSec < seconds; bar++ {
		for _, h := range p.hits {
			at := (bar*p.beats + h.beat) * beatSec
			addDrum(b.Samples, at, h.kind, h.gain, rng)
		}
	}
	return b
}

func addDrum(x []float32, at float64, kind drum, gain float64, rng *rand.Rand) {
	start := int(math.Round(at * testRate))
	// Each sound runs until its envelope is ~−90 dB: cutting a tail short would itself
	// be an audible click and a spurious onset.
	decay := map[drum]float64{click: 0.01, kick: 0.12, snare: 0.05, hat: 0.015}[kind]
	// Envelopes decay by a constant factor per sample rather than by math.Exp, which
	// made synthesis most of the tests' run time.
	env, fall := gain, math.Exp(-1/(decay*testRate))
	var prevNoise float64
	for i := range int(10 * decay * testRate) {
		n := start + i
		if n >= len(x) {
			return
		}
		noise := rng.Float64()*2 - 1
		var v float64
		switch kind {
		case click:
			v = noise
		case kick:
			v = kickWave()[i]
		case snare:
			v = 0.7*noise + 0.5*snareWave()[i]
		case hat:
			v = (noise - prevNoise) * 0.5
		}
		prevNoise = noise
		x[n] += float32(env * v)
		env *= fall
	}
}

// kickWave is the kick's pitch sweep, 150 Hz falling to 45 Hz, the same for every hit.
var kickWave = sync.OnceValue(func() []float64 {
	w := make([]float64, int(1.2*testRate))
	var phase float64
	for i := range w {
		phase += 2 * math.Pi * (45 + 105*math.Exp(-float64(i)/(0.04*testRate))) / testRate
		w[i] = math.Sin(phase)
	}
	return w
})

// snareWave is the snare's 185 Hz body.
var snareWave = sync.OnceValue(func() []float64 {
	w := make([]float64, int(0.5*testRate))
	for i := range w {
		w[i] = math.Sin(2 * math.Pi * 185 * float64(i) / testRate)
	}
	return w
})

// stereo copies a mono buffer into both channels, as generated tracks arrive.
func stereo(m *audio.Buffer) *audio.Buffer {
	s := audio.NewBuffer(m.SampleRate, 2, m.Frames())
	for i, v := range m.Samples {
		s.Samples[2*i], s.Samples[2*i+1] = v, v
	}
	return s
}

// addNoise mixes in white noise at the given amplitude, like a room or a tape hiss.
func addNoise(b *audio.Buffer, amp float64, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	for i := range b.Samples {
		b.Samples[i] += float32(amp * (rng.Float64()*2 - 1))
	}
}

// addNote adds a note with the first few partials of a sawtooth (amplitude 1/h for
// harmonic h), a 10 ms attack and a 60 ms release, like a simple synth pad or organ.
func addNote(x []float32, start, dur float64, midi, harmonics int, gain float64) {
	f0 := 440 * math.Pow(2, float64(midi-69)/12)
	first := int(start * testRate)
	n := int((dur + 0.06) * testRate)
	for h := 1; h <= harmonics && float64(h)*f0 < testRate/2; h++ {
		// A rotating phasor instead of math.Sin per sample: the tests synthesise minutes
		// of chords, and drift over a few seconds is far below float32 resolution.
		s, c := math.Sincos(2 * math.Pi * float64(h) * f0 / testRate)
		re, im := 1.0, 0.0
		amp := gain / float64(h)
		for i := range n {
			if first+i >= len(x) {
				break
			}
			t := float64(i) / testRate
			env := min(1, t/0.01) * min(1, max(0, dur+0.06-t)/0.06)
			x[first+i] += float32(amp * env * im)
			re, im = re*c-im*s, re*s+im*c
		}
	}
}

// chord is a triad on a degree of the key.
type chord struct {
	root  int // semitones above the key's tonic
	minor bool
}

var (
	popMajor = []chord{{0, false}, {7, false}, {9, true}, {5, false}}  // I–V–vi–IV
	popMinor = []chord{{0, true}, {8, false}, {3, false}, {10, false}} // i–VI–III–VII
	// minorCadence returns to i at the end of each phrase. Without it, i–VI–III–VII plays
	// exactly the notes, for exactly as long, of the relative major's I–V–vi–IV (Am F C G
	// against C G Am F), and no key finder working on a track's average can tell them apart.
	minorCadence = append(popMinor[:4:4], chord{0, true})
)

// playChords plays the chords in turn, each a root-position triad between G3 and F#4
// with its root doubled in the bass an octave or two below.
func playChords(tonic int, chords []chord, chordSec float64, repeats int) *audio.Buffer {
	b := audio.NewBuffer(testRate, 1, int(chordSec*float64(len(chords)*repeats)*testRate)+testRate/10)
	at := 0.0
	for range repeats {
		for _, c := range chords {
			root := (tonic + c.root) % 12
			voice := 55 + (root-55%12+12)%12 // G3 … F#4
			third := 4
			if c.minor {
				third = 3
			}
			for _, interval := range []int{0, third, 7} {
				addNote(b.Samples, at, chordSec, voice+interval, 6, 0.15)
			}
			addNote(b.Samples, at, chordSec, 36+root, 4, 0.3) // C2 … B2
			at += chordSec
		}
	}
	return b
}
