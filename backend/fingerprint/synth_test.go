package fingerprint

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"

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

// track is a song being written, one mono bus per place in the stereo image.
type track struct {
	rate              int
	lead, pad, centre []float32
	noise             uint64       // xorshift state for the drums
	bodies            [3][]float32 // see drumBodies
}

// note plays an instrument at a MIDI pitch from start for dur seconds into a bus.
func (tr *track) note(bus []float32, in instrument, midi int, start, dur, gain float64) {
	rate := float64(tr.rate)
	first := int(start * rate)
	if first >= len(bus) {
		return
	}
	out := bus[first:min(len(bus), first+int((dur+0.05)*rate))]
	inc := 440 * math.Pow(2, float64(midi-69)/12) * tableSize / rate
	attack, end := max(1, int(in.attack*rate)), int(dur*rate)
	// The envelope rises linearly, relaxes towards sustain by a constant factor per
	// sample, and after the note's end falls away in ~15 ms.
	rise, target := float32(gain)/float32(attack), float32(gain*in.sustain)
	fall, release := float32(math.Exp(-1/(in.decay*rate))), float32(math.Exp(-1/(0.015*rate)))
	var env float32
	phase := 0.0
	for i := range out {
		switch {
		case i < attack:
			env += rise
		case i < end:
			env = target + (env-target)*fall
		default:
			env *= release
		}
		k := int(phase)
		frac := float32(phase - float64(k))
		ab := [2]float32(in.table[k:]) // one access for both points, which the race detector checks once
		out[i] += env * (ab[0] + frac*(ab[1]-ab[0]))
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
	decay := [...]float64{kick: 0.12, snare: 0.06, hat: 0.02}[kind]
	first := int(start * rate)
	if first >= len(tr.centre) {
		return
	}
	// Five time constants: the tail is 43 dB down when it stops.
	out := tr.centre[first:min(len(tr.centre), first+int(5*decay*rate))]
	env, fall := float32(gain), float32(math.Exp(-1/(decay*rate)))
	if kind == kick {
		for i, v := range tr.bodies[kick][:len(out)] {
			out[i] += env * v
			env *= fall
		}
		return
	}
	body := tr.bodies[kind]
	x := tr.noise
	var prev float32
	for i := range out {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		noise := float32(int32(x)) / (1 << 31)
		v := (noise - prev) * 0.5 // hat
		if kind == snare {
			v = 0.6*noise + 0.5*body[i]
		}
		prev = noise
		out[i] += env * v
		env *= fall
	}
	tr.noise = x
}

// drumBodies are the tonal parts of the drums, the same in every hit: the kick's sweep
// from 150 Hz down to 45 Hz and the snare's 190 Hz.
func drumBodies(rate int) [3][]float32 {
	r := float64(rate)
	kickBody, snareBody := make([]float32, int(5*0.12*r)+1), make([]float32, int(5*0.06*r)+1)
	var phase float64
	for i := range kickBody {
		phase += 2 * math.Pi * (45 + 105*math.Exp(-float64(i)/(0.04*r))) / r
		kickBody[i] = float32(math.Sin(phase))
	}
	for i := range snareBody {
		snareBody[i] = float32(math.Sin(2 * math.Pi * 190 * float64(i) / r))
	}
	return [3][]float32{kick: kickBody, snare: snareBody}
}

var (
	majorScale = []int{0, 2, 4, 5, 7, 9, 11}
	minorScale = []int{0, 2, 3, 5, 7, 8, 10}
)

// song renders seconds of music in the style, its notes and rhythms drawn from seed, as
// stereo at the given rate, peaking at 0.9 like a mastered track.
func song(st style, seed uint64, seconds float64, rate int) *audio.Buffer {
	n := int(seconds * float64(rate))
	bus := (n + 3) &^ 3 // whole blocks of four, for mix
	tr := &track{rate: rate, lead: make([]float32, bus), pad: make([]float32, bus), centre: make([]float32, bus),
		noise: seed*0x9E3779B97F4A7C15 | 1, bodies: drumBodies(rate)}
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
			tr.note(tr.lead, st.lead, pitch(degree, 0), at, dur*0.9, 0.25+0.1*rng.Float64())
		}
		at += dur
	}
	// Chords, a bar each, on random degrees; the bass plays their root in a rhythm of
	// its own per bar and the pad holds the triad for half the bar.
	for at := 0.0; at < seconds; at += bar {
		root := rng.IntN(7)
		for _, third := range []int{0, 2, 4} {
			tr.note(tr.pad, st.pad, pitch(root+third, 0), at, bar/2, 0.06)
		}
		for b := 0.0; b < 4; {
			step := []float64{0.5, 1, 1, 2}[rng.IntN(4)]
			tr.note(tr.centre, st.bass, pitch(root, -2), at+b*beat, step*beat*0.8, 0.35)
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

	return tr.mix(n, rate)
}

// mix pans the buses into n stereo frames peaking at 0.9: the lead leans left and the
// pad right, so the channels differ. The lead and pad buses are reused for the left and
// right channels. It goes four frames at a time, as arrays: the race detector checks an
// array copy once rather than every value in it, which makes these loops over every
// sample several times faster under -race (the buses have room for a last block).
func (tr *track) mix(n, rate int) *audio.Buffer {
	left, right := tr.lead, tr.pad
	var top float32
	for i := 0; i < n; i += 4 {
		lead, pad, centre := [4]float32(tr.lead[i:]), [4]float32(tr.pad[i:]), [4]float32(tr.centre[i:])
		var l, r [4]float32
		for k := range 4 {
			l[k] = 0.7*lead[k] + 0.25*pad[k] + 0.5*centre[k]
			r[k] = 0.3*lead[k] + 0.75*pad[k] + 0.5*centre[k]
			top = max(top, l[k], -l[k], r[k], -r[k])
		}
		*(*[4]float32)(left[i:]), *(*[4]float32)(right[i:]) = l, r
	}
	g := 0.9 / top
	b := audio.NewBuffer(rate, 2, n)
	for i := 0; i+4 <= n; i += 4 {
		l, r := [4]float32(left[i:]), [4]float32(right[i:])
		*(*[8]float32)(b.Samples[2*i:]) = [8]float32{g * l[0], g * r[0], g * l[1], g * r[1], g * l[2], g * r[2], g * l[3], g * r[3]}
	}
	for i := n &^ 3; i < n; i++ {
		b.Samples[2*i], b.Samples[2*i+1] = g*left[i], g*right[i]
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
	{"via 22.05kHz", func(b *audio.Buffer, _ uint64) *audio.Buffer { return doubleRate(divideRate(b, 2)) }},
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

// divideRate low-passes at 0.4 of the new rate (48 dB/octave) and keeps one sample in
// factor.
func divideRate(b *audio.Buffer, factor int) *audio.Buffer {
	lp := butterworth(b.SampleRate, 0.4*float64(b.SampleRate/factor), false)
	f := filter(b, lp, lp, lp, lp)
	c := b.Channels
	out := audio.NewBuffer(b.SampleRate/factor, c, b.Frames()/factor)
	for i := range out.Frames() {
		copy(out.Samples[i*c:(i+1)*c], f.Samples[factor*i*c:])
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

// The matching tests share one catalog of different songs, each in a style of its own,
// synthesised and fingerprinted once: minute-long songs that excerpts are cut from, and
// shorter decoys that excerpts must not match either.
const (
	excerptedSongs = 8
	decoySongs     = 22
	songSeconds    = 60
	decoySeconds   = 10
	excerptSeconds = 10
)

type catalogSong struct {
	audio *audio.Buffer // nil for decoys, whose print is all the tests need
	print *Print
}

var catalog = sync.OnceValue(func() []catalogSong {
	songs := make([]catalogSong, excerptedSongs+decoySongs)
	parallel(len(songs), func(i int) {
		seed, seconds := uint64(i+1), float64(songSeconds)
		if i >= excerptedSongs {
			seconds = decoySeconds
		}
		b := song(randomStyle(seed), seed, seconds, testRate)
		p, err := Compute(b)
		if err != nil {
			panic(err)
		}
		songs[i].print = p
		if i < excerptedSongs {
			songs[i].audio = b
		}
	})
	return songs
})

// parallel runs fn(0) … fn(n−1) spread over the cores.
func parallel(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		})
	}
	wg.Wait()
}
