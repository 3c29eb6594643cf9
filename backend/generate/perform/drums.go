package perform

import (
	"math"
	"math/rand/v2"
)

// drumHit is how one drum sound is synthesised on a drum voice: a pitched body sweeping
// from f0Start to f0End, and a noise burst.
type drumHit struct {
	voice          int     // which drum voice plays it: kickVoice, snareVoice, hatVoice
	f0Start, f0End float64 // Hz of the body; 0 = no body
	sweep          float64 // seconds for the body's pitch to fall
	bodyDecay      float64 // seconds for the body to fall by 1/e
	body           float64 // body level
	noiseDecay     float64 // seconds for the noise to fall by 1/e
	noise          float64 // noise level
}

// Drum voices: one for kicks (a sine body), one for snares, claps and toms (body and
// noise), one for hats and cymbals (bright noise).
const (
	kickVoice = iota
	snareVoice
	hatVoice
	drumVoices
)

// drumKit maps General MIDI drum numbers to sounds.
var drumKit = map[int]drumHit{
	36: {voice: kickVoice, f0Start: 150, f0End: 48, sweep: 0.045, bodyDecay: 0.22, body: 1.0, noiseDecay: 0.004, noise: 0.25},
	37: {voice: snareVoice, f0Start: 420, f0End: 380, sweep: 0.01, bodyDecay: 0.03, body: 0.3, noiseDecay: 0.03, noise: 0.25},
	38: {voice: snareVoice, f0Start: 210, f0End: 180, sweep: 0.02, bodyDecay: 0.07, body: 0.45, noiseDecay: 0.12, noise: 0.45},
	39: {voice: snareVoice, noiseDecay: 0.09, noise: 0.55},
	41: {voice: snareVoice, f0Start: 110, f0End: 85, sweep: 0.08, bodyDecay: 0.25, body: 0.6},
	45: {voice: snareVoice, f0Start: 140, f0End: 110, sweep: 0.07, bodyDecay: 0.2, body: 0.55},
	47: {voice: snareVoice, f0Start: 170, f0End: 140, sweep: 0.06, bodyDecay: 0.18, body: 0.5},
	50: {voice: snareVoice, f0Start: 210, f0End: 170, sweep: 0.05, bodyDecay: 0.16, body: 0.5},
	42: {voice: hatVoice, noiseDecay: 0.035, noise: 0.22},
	44: {voice: hatVoice, noiseDecay: 0.03, noise: 0.15},
	46: {voice: hatVoice, noiseDecay: 0.22, noise: 0.2},
	49: {voice: hatVoice, noiseDecay: 0.8, noise: 0.12},
	51: {voice: hatVoice, noiseDecay: 0.5, noise: 0.14},
	54: {voice: hatVoice, noiseDecay: 0.06, noise: 0.16},
	70: {voice: hatVoice, noiseDecay: 0.05, noise: 0.12},
}

// kitFor is the drum kit a seed plays: every seed damps and balances its drums its own
// way — each drum's decays and the start of its pitch sweep within about ±30 %, body and
// noise levels within ±20 % — so two seeds of one prompt do not share a drum sound, as
// two records rarely share a kit. Where the bodies land stays as it is (see tuneToKey):
// a kick or snare retuned at random would sound in the key as a wrong note.
func kitFor(seed int64) map[int]drumHit {
	r := rand.New(rand.NewPCG(uint64(seed), 0xd5))
	within := func(spread float64) float64 { return math.Exp(spread * (2*r.Float64() - 1)) }
	kit := make(map[int]drumHit, len(drumKit))
	for _, num := range drumNumbers {
		d := drumKit[num]
		d.f0Start = max(d.f0End, d.f0Start*within(0.3))
		d.sweep *= within(0.3)
		d.bodyDecay *= within(0.3)
		d.noiseDecay *= within(0.3)
		d.body *= within(0.2)
		d.noise *= within(0.2)
		kit[num] = d
	}
	return kit
}

// drumNumbers are drumKit's keys in order, so kitFor draws the same kit for a seed every
// time (a map's order is random).
var drumNumbers = []int{36, 37, 38, 39, 41, 42, 44, 45, 46, 47, 49, 50, 51, 54, 70}

// at gives the body pitch, body level and noise level t seconds after the hit.
func (d drumHit) at(t float64) (f0, body, noise float64) {
	if t < 0 {
		return 0, 0, 0
	}
	if d.f0Start > 0 {
		x := math.Min(t/d.sweep, 1)
		f0 = d.f0Start * math.Pow(d.f0End/d.f0Start, x)
		body = d.body * math.Exp(-t/d.bodyDecay)
	}
	if d.noise > 0 {
		noise = d.noise * math.Exp(-t/d.noiseDecay)
	}
	// a 1 ms attack ramp: an instant step would click
	if ramp := t / 0.001; ramp < 1 {
		body *= ramp
		noise *= ramp
	}
	return f0, body, noise
}

// length is how long a hit is audible (to −60 dB).
func (d drumHit) length() float64 {
	return 6.9 * math.Max(d.bodyDecay, d.noiseDecay)
}

// tuneToKey moves a pitched drum's body (snares and toms; the kick sits below the notes
// that define a key) onto the key, keeping its sweep: toms, which play ostinatos, onto the
// nearest tonic, as timpani are tuned; the snare onto the nearest tonic or fifth. Untuned
// bodies ring between notes or on notes outside the key, and a listener — or a key
// finder — hears them as wrong notes. The third is left out: drums hammering the minor
// third make a minor key sound like its relative major.
func tuneToKey(d drumHit, tonic int) drumHit {
	if d.f0End == 0 || d.voice == kickVoice {
		return d
	}
	midi := 69 + 12*math.Log2(d.f0End/440)
	best, bestDist := midi, math.Inf(1)
	steps := []int{0, 7}
	if d.voice == snareVoice && d.noise == 0 { // a tom: body only
		steps = []int{0}
	}
	for octave := -1; octave <= 9; octave++ {
		for _, step := range steps {
			cand := float64(12*octave + tonic + step)
			if dist := math.Abs(cand - midi); dist < bestDist {
				best, bestDist = cand, dist
			}
		}
	}
	ratio := 440 * math.Pow(2, (best-69)/12) / d.f0End
	d.f0Start *= ratio
	d.f0End *= ratio
	return d
}
