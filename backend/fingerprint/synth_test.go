package fingerprint

import (
	"math"
	"math/rand/v2"

	"stableaudio/backend/audio"
)

// The tests synthesise their music so that every song is different, the right answer is
// known exactly, and no fixture files are needed. A song is a melody, a bass line, pad
// chords and drums, each song's notes and rhythms drawn from its own seed.

const testRate = 44100

// style is what the songs of one prompt share: tempo, key, instruments and mix.
type style struct {
	bpm             float64
	tonic           int // MIDI note
	minor           bool
	lead, bass, pad instrument
}

// instrument is a wavetable voice with an attack-decay envelope.
type instrument struct {
	table   []float32 // one period plus a guard sample, for interpolation
	attack  float64   // seconds
	decay   float64   // seconds for the level to fall by e towards sustain
	sustain float64   // level the decay settles at, relative to the peak
}

const tableSize = 2048

// randomInstrument has up to eight harmonics of random strength: a different timbre,
// from organ-like to bright, for every seed.
func randomInstrument(rng *rand.Rand, attack, decay, sustain float64) instrument {
	table := make([]float32, tableSize+1)
	harmonics := 3 + rng.IntN(6)
	for h := 1; h <= harmonics; h++ {
		amp := rng.Float64() / float64(h)
		phase := rng.Float64() * 2 * math.Pi
		for i := range tableSize {
			table[i] += float32(amp * math.Sin(2*math.Pi*float64(h*i)/tableSize+phase))
		}
	}
	table[tableSize] = table[0]
	return instrument{table: table, attack: attack, decay: decay, sustain: sustain}
}

func randomStyle(seed uint64) style {
	rng := rand.New(rand.NewPCG(seed, 1))
	return style{
		bpm:   80 + rng.Float64()*80,
		tonic: 57 + rng.IntN(12),
		minor: rng.IntN(2) == 0,
		lead:  randomInstrument(rng, 0.005, 0.15+rng.Float64()*0.3, 0.3*rng.Float64()),
		bass:  randomInstrument(rng, 0.005, 0.2+rng.Float64()*0.3, 0.2),
		pad:   randomInstrument(rng, 0.05+rng.Float64()*0.1, 0.5, 0.7),
	}
}

// track is a stereo mix being written.
type track struct {
	rate int
	l, r []float64
	rng  *rand.Rand
}

// note plays an instrument at a MIDI pitch from start for dur seconds, panned from −1
// (left) to 1 (right).
func (tr *track) note(in instrument, midi int, start, dur, gain, pan float64) {
	rate := float64(tr.rate)
	inc := 440 * math.Pow(2, float64(midi-69)/12) * tableSize / rate
	first := int(start * rate)
	n := min(int((dur+0.05)*rate), len(tr.l)-first)
	gl, gr := gain*(1-pan)/2, gain*(1+pan)/2
	attack := max(1, int(in.attack*rate))
	// The envelope relaxes towards sustain by a constant factor per sample, and after
	// the note's end towards zero in ~15 ms.
	fall, release := math.Exp(-1/(in.decay*rate)), math.Exp(-1/(0.015*rate))
	level, target := 1.0, in.sustain
	end := int(dur * rate)
	phase := 0.0
	for i := range max(0, n) {
		var env float64
		switch {
		case i < attack:
			env = float64(i) / float64(attack)
		case i < end:
			level = target + (level-target)*fall
			env = level
		default:
			level *= release
			env = level
		}
		k := int(phase)
		frac := phase - float64(k)
		v := float64(in.table[k]) + frac*float64(in.table[k+1]-in.table[k])
		tr.l[first+i] += gl * env * v
		tr.r[first+i] += gr * env * v
		if phase += inc; phase >= tableSize {
			phase -= tableSize
		}
	}
}

type drum int

const (
	kick  drum = iota // sine sweeping down from 150 Hz
	snare             // noise with a tonal body
	hat               // differentiated noise, bright and short
)

func (tr *track) drum(kind drum, start, gain float64) {
	rate := float64(tr.rate)
	decay := map[drum]float64{kick: 0.12, snare: 0.06, hat: 0.02}[kind]
	first := int(start * rate)
	n := min(int(8*decay*rate), len(tr.l)-first)
	env, fall := gain, math.Exp(-1/(decay*rate))
	var phase, prev float64
	for i := range max(0, n) {
		noise := tr.rng.Float64()*2 - 1
		var v float64
		switch kind {
		case kick:
			phase += 2 * math.Pi * (45 + 105*math.Exp(-float64(i)/(0.04*rate))) / rate
			v = math.Sin(phase)
		case snare:
			phase += 2 * math.Pi * 190 / rate
			v = 0.6*noise + 0.5*math.Sin(phase)
		case hat:
			v = (noise - prev) * 0.5
		}
		prev = noise
		tr.l[first+i] += env * v
		tr.r[first+i] += env * v
		env *= fall
	}
}

var (
	majorScale = []int{0, 2, 4, 5, 7, 9, 11}
	minorScale = []int{0, 2, 3, 5, 7, 8, 10}
)

// song renders seconds of music in the style, its notes and rhythms drawn from seed, as
// stereo at the given rate, peaking at 0.9 like a mastered track.
func song(st style, seed uint64, seconds float64, rate int) *audio.Buffer {
	n := int(seconds * float64(rate))
	tr := &track{rate: rate, l: make([]float64, n), r: make([]float64, n), rng: rand.New(rand.NewPCG(seed, 2))}
	rng := rand.New(rand.NewPCG(seed, 3))
	scale := majorScale
	if st.minor {
		scale = minorScale
	}
	pitch := func(degree, octave int) int {
		d := ((degree % 7) + 7) % 7
		return st.tonic + 12*(octave+(degree-d)/7) + scale[d]
	}
	beat := 60 / st.bpm
	bar := 4 * beat

	// Melody: a random walk over two octaves in random note lengths, with rests.
	lengths := []float64{0.25, 0.5, 0.5, 0.75, 1, 1, 1.5, 2}
	for at, degree := 0.0, rng.IntN(7); at < seconds; {
		dur := lengths[rng.IntN(len(lengths))] * beat
		if rng.IntN(6) > 0 {
			degree = max(-3, min(10, degree+rng.IntN(7)-3))
			tr.note(st.lead, pitch(degree, 0), at, dur*0.9, 0.25+0.1*rng.Float64(), -0.4)
		}
		at += dur
	}
	// Chords, a bar each, on random degrees; the bass plays their root in a rhythm of
	// its own per bar and the pad holds the triad.
	for at := 0.0; at < seconds; at += bar {
		root := rng.IntN(7)
		for _, third := range []int{0, 2, 4} {
			tr.note(st.pad, pitch(root+third, 0), at, bar, 0.06, 0.5)
		}
		for b := 0.0; b < 4; {
			step := []float64{0.5, 1, 1, 2}[rng.IntN(4)]
			tr.note(st.bass, pitch(root, -2), at+b*beat, step*beat*0.8, 0.35, 0)
			b += step
		}
	}
	// Drums: a random one-bar pattern in sixteenths, varied a little in every bar.
	var pattern [16][3]bool
	for s := range pattern {
		pattern[s] = [3]bool{s == 0 || rng.IntN(5) == 0, s%8 == 4 || rng.IntN(12) == 0, s%2 == 0 || rng.IntN(3) == 0}
	}
	for at := 0.0; at < seconds; at += bar {
		for s, hits := range pattern {
			for kind, on := range hits {
				if on != (rng.IntN(20) == 0) { // one hit in 20 added or dropped
					tr.drum(drum(kind), at+float64(s)*beat/4, []float64{0.6, 0.35, 0.15}[kind]*(0.7+0.3*rng.Float64()))
				}
			}
		}
	}

	var top float64
	for i := range tr.l {
		top = max(top, math.Abs(tr.l[i]), math.Abs(tr.r[i]))
	}
	b := audio.NewBuffer(rate, 2, n)
	for i := range tr.l {
		b.Samples[2*i] = float32(0.9 * tr.l[i] / top)
		b.Samples[2*i+1] = float32(0.9 * tr.r[i] / top)
	}
	return b
}

// excerpt copies frames [start, start+n) of b.
func excerpt(b *audio.Buffer, start, n int) *audio.Buffer {
	c := b.Channels
	return &audio.Buffer{SampleRate: b.SampleRate, Channels: c, Samples: append([]float32(nil), b.Samples[start*c:(start+n)*c]...)}
}

// A degradation is what can happen to a recording between the catalog and an upload.
type degradation struct {
	name  string
	apply func(b *audio.Buffer, seed uint64) *audio.Buffer
}

var degradations = []degradation{
	{"clean", func(b *audio.Buffer, _ uint64) *audio.Buffer { return b }},
	{"-6dB", func(b *audio.Buffer, _ uint64) *audio.Buffer { return gain(b, -6) }},
	{"+6dB clipped", func(b *audio.Buffer, _ uint64) *audio.Buffer { return gain(b, 6) }},
	{"noise 10dB SNR", func(b *audio.Buffer, seed uint64) *audio.Buffer { return addNoise(b, 10, seed) }},
	{"300Hz-4kHz", func(b *audio.Buffer, _ uint64) *audio.Buffer { return bandPass(b, 300, 4000) }},
	{"via 22.05kHz", func(b *audio.Buffer, _ uint64) *audio.Buffer { return doubleRate(halveRate(b)) }},
	{"mono", func(b *audio.Buffer, _ uint64) *audio.Buffer { return mono(b) }},
}

// gain scales by dB, clipping at ±1 as a fixed-point file would.
func gain(b *audio.Buffer, dB float64) *audio.Buffer {
	g := float32(math.Pow(10, dB/20))
	out := excerpt(b, 0, b.Frames())
	for i, v := range out.Samples {
		out.Samples[i] = max(-1, min(1, v*g))
	}
	return out
}

// addNoise mixes in white noise snrDB below the signal's power.
func addNoise(b *audio.Buffer, snrDB float64, seed uint64) *audio.Buffer {
	var power float64
	for _, v := range b.Samples {
		power += float64(v) * float64(v)
	}
	power /= float64(len(b.Samples))
	// Uniform noise on [−a, a] has power a²/3.
	amp := math.Sqrt(3 * power / math.Pow(10, snrDB/10))
	rng := rand.New(rand.NewPCG(seed, 4))
	out := excerpt(b, 0, b.Frames())
	for i := range out.Samples {
		out.Samples[i] += float32(amp * (rng.Float64()*2 - 1))
	}
	return out
}

// biquad is a second-order section from the Audio EQ Cookbook.
type biquad struct{ b0, b1, b2, a1, a2 float64 }

func butterworth(rate int, hz float64, highPass bool) biquad {
	w := 2 * math.Pi * hz / float64(rate)
	cos, alpha := math.Cos(w), math.Sin(w)/math.Sqrt2
	a0 := 1 + alpha
	f := biquad{a1: -2 * cos / a0, a2: (1 - alpha) / a0}
	if highPass {
		f.b0, f.b1 = (1+cos)/2/a0, -(1+cos)/a0
	} else {
		f.b0, f.b1 = (1-cos)/2/a0, (1-cos)/a0
	}
	f.b2 = f.b0
	return f
}

// filter runs the sections in cascade over every channel of b.
func filter(b *audio.Buffer, sections ...biquad) *audio.Buffer {
	out := excerpt(b, 0, b.Frames())
	for _, f := range sections {
		for c := range b.Channels {
			var x1, x2, y1, y2 float64
			for i := c; i < len(out.Samples); i += b.Channels {
				x := float64(out.Samples[i])
				y := f.b0*x + f.b1*x1 + f.b2*x2 - f.a1*y1 - f.a2*y2
				x2, x1, y2, y1 = x1, x, y1, y
				out.Samples[i] = float32(y)
			}
		}
	}
	return out
}

// bandPass is a telephone-like band: 24 dB/octave below lo and above hi.
func bandPass(b *audio.Buffer, lo, hi float64) *audio.Buffer {
	hp, lp := butterworth(b.SampleRate, lo, true), butterworth(b.SampleRate, hi, false)
	return filter(b, hp, hp, lp, lp)
}

// halveRate low-passes at 9 kHz (48 dB/octave) and drops every other sample.
func halveRate(b *audio.Buffer) *audio.Buffer {
	lp := butterworth(b.SampleRate, 9000, false)
	f := filter(b, lp, lp, lp, lp)
	out := audio.NewBuffer(b.SampleRate/2, b.Channels, b.Frames()/2)
	for i := range out.Frames() {
		copy(out.Samples[i*b.Channels:(i+1)*b.Channels], f.Samples[2*i*b.Channels:])
	}
	return out
}

// doubleRate interpolates linearly between samples. Its images of the band fall above
// the original Nyquist frequency, which the fingerprint never looks at.
func doubleRate(b *audio.Buffer) *audio.Buffer {
	c := b.Channels
	out := audio.NewBuffer(2*b.SampleRate, c, 2*b.Frames())
	for i := range b.Frames() {
		for ch := range c {
			v := b.Samples[i*c+ch]
			next := v
			if i+1 < b.Frames() {
				next = b.Samples[(i+1)*c+ch]
			}
			out.Samples[2*i*c+ch] = v
			out.Samples[(2*i+1)*c+ch] = (v + next) / 2
		}
	}
	return out
}

// mono mixes down to one channel.
func mono(b *audio.Buffer) *audio.Buffer {
	out := audio.NewBuffer(b.SampleRate, 1, b.Frames())
	for i := range out.Samples {
		var sum float32
		for _, v := range b.Samples[i*b.Channels : (i+1)*b.Channels] {
			sum += v
		}
		out.Samples[i] = sum / float32(b.Channels)
	}
	return out
}
