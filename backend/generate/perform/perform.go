// Package perform plays a composed score on the synthesiser: it turns the score's notes
// into the control signals (pitch, level, noise, timbre, pan per voice and frame) that the
// ONNX synthesis graph renders into audio. Drums get three voices of their own; the tonal
// parts share the rest, each part as many voices as its chords need, within the budget.
package perform

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"stableaudio/backend/generate/compose"
	"stableaudio/backend/generate/synthgraph"
)

// partPriority is the order in which tonal parts get voices when there are too few.
var partPriority = []string{"bass", "lead synth", "pads", "piano", "strings", "guitar", "plucks", "bells"}

// maxPolyphony caps the voices one part may take: four covers a seventh chord.
const maxPolyphony = 4

// Perform turns a score into controls for a synthesiser of the given shape; the score's
// Brightness (0..1) tilts every tonal timbre.
func Perform(s *compose.Score, cfg synthgraph.Config) (*synthgraph.Controls, error) {
	if cfg.Voices < drumVoices+1 {
		return nil, fmt.Errorf("perform: %d voices are too few; need at least %d", cfg.Voices, drumVoices+1)
	}
	if s.Seconds <= 0 || s.BPM <= 0 {
		return nil, errors.New("perform: the score has no length or tempo")
	}
	frameRate := float64(cfg.SampleRate) / float64(cfg.Hop)
	frames := int(math.Round(s.Seconds*frameRate)) + 1
	c := newControls(cfg.Voices, frames, cfg.Harmonics)
	p := performer{score: s, c: c, frameRate: frameRate, spb: s.SecondsPerBeat()}

	p.drums(s.Parts["drums"])
	next := drumVoices
	for _, name := range tonalParts(s) {
		timbre, ok := timbres[name]
		if !ok || next >= cfg.Voices {
			continue
		}
		voices := min(polyphony(s.Parts[name], p.spb, timbre.tail()), maxPolyphony, cfg.Voices-next)
		p.tonal(s.Parts[name], timbre, next, voices, s.Brightness)
		next += voices
	}
	return c, nil
}

// tonalParts lists the score's non-drum parts in priority order, unknown names last.
func tonalParts(s *compose.Score) []string {
	rank := func(name string) int {
		for i, n := range partPriority {
			if n == name {
				return i
			}
		}
		return len(partPriority)
	}
	var names []string
	for name, notes := range s.Parts {
		if name != "drums" && len(notes) > 0 {
			names = append(names, name)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if rank(names[i]) != rank(names[j]) {
			return rank(names[i]) < rank(names[j])
		}
		return names[i] < names[j]
	})
	return names
}

func newControls(voices, frames, harmonics int) *synthgraph.Controls {
	rows := func() [][]float32 {
		r := make([][]float32, voices)
		for i := range r {
			r[i] = make([]float32, frames)
		}
		return r
	}
	c := &synthgraph.Controls{F0: rows(), Amp: rows(), Noise: rows(),
		Harmonics: make([][]float32, voices), Pan: make([]float32, voices), NoiseColor: make([]float32, voices)}
	for v := range voices {
		c.Harmonics[v] = make([]float32, harmonics)
	}
	return c
}

type performer struct {
	score     *compose.Score
	c         *synthgraph.Controls
	frameRate float64 // control frames per second
	spb       float64 // seconds per beat
}

// swell is the gain of the score's pulse at time t seconds: at each beat it rises in
// pulseRise to full level and sinks over the beat to 1 − Pulse, like a pad breathing
// with the tempo. It is 1 when the score has no pulse.
func (p *performer) swell(t float64) float64 {
	depth := p.score.Pulse
	if depth == 0 {
		return 1
	}
	since := t - p.spb*math.Floor(t/p.spb) // seconds since the beat
	rise := math.Min(1, since/pulseRise)
	return 1 - depth + depth*rise*math.Exp(-since/(pulseFall*p.spb))
}

// The pulse's shape: a rise short enough to place the beat, long enough not to click,
// and a fall over about a third of the beat.
const (
	pulseRise = 0.03 // seconds
	pulseFall = 0.35 // beats
)

func (p *performer) frame(seconds float64) int { return int(math.Round(seconds * p.frameRate)) }

func (p *performer) frames() int { return len(p.c.F0[0]) }

// drums writes each hit onto its drum voice; a hit cuts the previous one on that voice
// short, as a closed hat chokes an open one.
func (p *performer) drums(notes []compose.Note) {
	harm := [drumVoices][]float32{{1}, {1, 0.4, 0.15}, {0}}
	pans := [drumVoices]float32{0, 0.05, 0.3}
	// The kick's click is mid-bright; snares and cymbals follow the mood: a warm or dark
	// prompt gets a dull snare and dull, quieter hats and rides (noise falling towards the
	// top of the band), a bright one the full sizzle (noise rising to it).
	b := float32(p.score.Brightness)
	colors := [drumVoices]float32{0.4, min(1, 1.4*b-0.6), min(1, 1.6*b-0.3)}
	for v := range drumVoices {
		copy(p.c.Harmonics[v], harm[v])
		p.c.Pan[v] = pans[v]
		p.c.NoiseColor[v] = colors[v]
	}
	cymbals := 0.55 + 0.9*p.score.Brightness
	kit := kitFor(p.score.Seed)
	for i, n := range notes {
		hit, ok := kit[n.Pitch]
		if !ok {
			continue
		}
		hit = tuneToKey(hit, p.score.Tonic)
		start := n.Start * p.spb
		end := start + hit.length()
		for _, later := range notes[i+1:] { // choke at the next hit on the same voice
			if h, ok := kit[later.Pitch]; ok && h.voice == hit.voice && later.Start > n.Start {
				end = math.Min(end, later.Start*p.spb)
				break
			}
		}
		for f := p.frame(start); f < min(p.frame(end), p.frames()); f++ {
			f0, body, noise := hit.at(float64(f)/p.frameRate - start)
			if f0 > 0 {
				p.c.F0[hit.voice][f] = float32(f0)
			}
			p.c.Amp[hit.voice][f] = float32(body * n.Velocity)
			if hit.voice == hatVoice {
				noise *= cymbals
			}
			p.c.Noise[hit.voice][f] = float32(noise * n.Velocity)
		}
	}
	for v := range drumVoices {
		holdPitch(p.c.F0[v])
	}
}

// tonal writes a part's notes onto voices [first, first+count): each note takes a free
// voice, or the one whose note started longest ago.
func (p *performer) tonal(notes []compose.Note, tb timbre, first, count int, brightness float64) {
	h := brighten(tb.harmonics, brightness)
	for v := first; v < first+count; v++ {
		copy(p.c.Harmonics[v], h)
		p.c.NoiseColor[v] = tb.color
		if count > 1 { // spread a chord across the stereo field
			p.c.Pan[v] = float32(-0.4 + 0.8*float64(v-first)/float64(count-1))
		}
	}
	busyUntil := make([]float64, count)
	startedAt := make([]float64, count)
	assigned := make([][]compose.Note, count)
	for _, n := range notes {
		start := n.Start * p.spb
		v := 0
		for i := range count {
			if busyUntil[i] <= start {
				v = i
				break
			}
			if startedAt[i] < startedAt[v] {
				v = i
			}
		}
		assigned[v] = append(assigned[v], n)
		busyUntil[v] = (n.Start+n.Duration)*p.spb + tb.tail()
		startedAt[v] = start
	}
	for i, vn := range assigned {
		p.voice(first+i, vn, tb)
	}
}

// voice renders one voice's notes, each sounding until its release ends or the next note
// on the voice begins.
func (p *performer) voice(v int, notes []compose.Note, tb timbre) {
	for i, n := range notes {
		start := n.Start * p.spb
		hold := n.Duration * p.spb
		end := start + hold + tb.tail()
		if i+1 < len(notes) {
			end = math.Min(end, notes[i+1].Start*p.spb)
		}
		hz := 440 * math.Pow(2, float64(n.Pitch-69)/12)
		for f := p.frame(start); f < min(p.frame(end), p.frames()); f++ {
			t := float64(f)/p.frameRate - start
			level := tb.envelope(t, hold) * n.Velocity * float64(tb.gain)
			if tb.sustained {
				level *= p.swell(float64(f) / p.frameRate)
			}
			// vibrato fades in after a quarter second, as a player's does
			vib := tb.vibrato * math.Min(t/0.25, 1) * math.Sin(2*math.Pi*5.5*t)
			p.c.F0[v][f] = float32(hz * (1 + vib))
			p.c.Amp[v][f] = float32(level)
			p.c.Noise[v][f] = float32(level * float64(tb.breath))
		}
	}
	holdPitch(p.c.F0[v])
}

// holdPitch fills the frames between notes with the pitch of the note to come (or the one
// before, at the end), so an oscillator never glides audibly into a note.
func holdPitch(f0 []float32) {
	next := float32(0)
	for i := len(f0) - 1; i >= 0; i-- {
		if f0[i] > 0 {
			next = f0[i]
		} else {
			f0[i] = next
		}
	}
	if next == 0 { // a voice with no notes at all
		return
	}
	last := float32(0)
	for i := range f0 {
		if f0[i] > 0 {
			last = f0[i]
		} else if last > 0 {
			f0[i] = last
		}
	}
}

// polyphony is the most notes of a part sounding at once, counting release tails.
func polyphony(notes []compose.Note, spb, tail float64) int {
	type edge struct {
		t     float64
		delta int
	}
	edges := make([]edge, 0, 2*len(notes))
	for _, n := range notes {
		edges = append(edges, edge{n.Start * spb, 1}, edge{(n.Start+n.Duration)*spb + tail*0.5, -1})
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].t != edges[j].t {
			return edges[i].t < edges[j].t
		}
		return edges[i].delta < edges[j].delta
	})
	most, now := 0, 0
	for _, e := range edges {
		now += e.delta
		most = max(most, now)
	}
	return max(most, 1)
}
