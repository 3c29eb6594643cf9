package compose

import (
	"math"
	"slices"
)

// chordDegrees returns chord i's tones as scale degrees 0..6.
func (c *composer) chordDegrees(i int) []int {
	var out []int
	for _, s := range c.syms[i].steps() {
		out = append(out, mod(s, 7))
	}
	return out
}

// leadRange is the melody's register: around G4, up to a fifth higher for
// bright prompts.
func (c *composer) leadRange() (center, lo, hi int) {
	center = 67 + int(math.Round(7*c.spec.Brightness))
	return center, center - 12, center + 16
}

// melody writes the melody. Within each section the motif is stated in
// phrases of four units, A A' A B: A' varies the ending, the third
// statement may be sequenced a step up, B answers with the contour turned
// over and comes home to the root. The break sings a second motif.
func (c *composer) melody() []Note {
	r := newRNG(c.spec.Seed, "melody")
	follow := r.chance(0.6) // transpose with the chords, or stay put and let strong beats snap
	rests := c.st.lead.grid >= 1 || c.spec.Genre == "cinematic"
	bpb := float64(c.bpb)
	var out []Note
	for _, s := range c.sections {
		m := c.motifA
		if s.Name == "break" {
			m = c.motifB
		}
		limit := math.Min(float64(s.StartBar+s.Bars)*bpb, c.end)
		for k, bar := 0, s.StartBar; float64(bar)*bpb < limit-eps; k, bar = k+1, bar+m.bars {
			if !c.plays(Lead, bar) || (rests && k%2 == 1) {
				continue
			}
			// A statement of a followed phrase keeps it as heard as often as the
			// guide's strength says; the others are varied like a composed motif.
			kept := m.notes
			asHeard := c.follows() && s.Name != "break" && r.chance(c.spec.Guide.Strength)
			if !asHeard {
				kept = c.vary(r, m.notes, k%4)
			}
			phrase := c.realize(r, kept, float64(bar)*bpb, limit, follow && !asHeard, !asHeard)
			if n := len(phrase); n > 0 && k%2 == 1 && !asHeard {
				phrase[n-1].Pitch = c.home(phrase[n-1].Pitch, k%4 == 3)
			}
			out = append(out, phrase...)
		}
	}
	if c.spec.Genre == "jazz" {
		out = c.passingTones(r, out)
	}
	if !c.spec.Loop && len(out) > 0 && c.plays(Lead, int(c.end/bpb)) {
		_, lo, hi := c.leadRange()
		p := fold(nearest(c.spec.Tonic, out[len(out)-1].Pitch), lo, hi)
		out = append(out, Note{Start: c.end, Duration: c.beats - c.end, Pitch: p, Velocity: c.vel(0.7, c.end)})
	}
	return out
}

// home moves a phrase's last note to the nearest tonic (final) or, for the
// half-way answer, the key's third, within the lead's range: it is where
// the melody comes to rest that tells a listener the key, and the third
// that tells the mode.
func (c *composer) home(p int, final bool) int {
	tones := []int{2}
	if final {
		tones = []int{0}
	}
	_, lo, hi := c.leadRange()
	return fold(c.key.pitch(snapStep(c.key.step(p), tones)), lo, hi)
}

// vary returns the k-th statement of a phrase (0 A, 1 A', 2 A, 3 B).
func (c *composer) vary(r *rng, notes []motifNote, k int) []motifNote {
	out := slices.Clone(notes)
	n := len(out)
	switch k {
	case 1:
		out[n-1].step += pick(r, []int{-1, 1, 2})
		if r.chance(0.3) && out[0].dur >= 2*c.st.lead.grid {
			half := out[0].dur / 2
			out[0].dur = half
			out = slices.Insert(out, 1, motifNote{pos: out[0].pos + half, dur: half, step: out[0].step + 1})
		}
	case 2:
		if r.chance(0.35) {
			for i := range out {
				out[i].step++
			}
		}
	case 3:
		pivot := out[n/2].step
		for i := n / 2; i < n; i++ {
			out[i].step = 2*pivot - out[i].step
		}
		out[n-1].step = snapStep(out[n-1].step, []int{0})
	}
	if k > 0 && n > 2 && r.chance(0.25) { // a small surprise inside the phrase
		out[1+r.intn(n-2)].step += pick(r, []int{-1, 1})
	}
	return out
}

// realize places motif notes from beat at until limit. The statement is
// centred on the lead's register as a whole, so a motif is never broken by
// octave jumps; with snap, notes on the beat snap to a tone of the chord
// under them, so the melody agrees with the harmony wherever the motif lands.
func (c *composer) realize(r *rng, notes []motifNote, at, limit float64, follow, snap bool) []Note {
	center, lo, hi := c.leadRange()
	anchor := 0
	if follow {
		anchor = c.syms[c.chordAt(at)].degree
	}
	lowest, highest := notes[0].step, notes[0].step
	for _, n := range notes {
		lowest, highest = min(lowest, n.step), max(highest, n.step)
	}
	target := c.key.step(center) - (lowest+highest)/2
	anchor += 7 * int(math.Round(float64(target-anchor)/7))
	var out []Note
	for _, n := range notes {
		pos := at + n.pos
		if pos >= limit-eps {
			break
		}
		s := anchor + n.step
		v := 0.68
		if whole(pos) {
			if snap {
				s = snapStep(s, c.chordDegrees(c.chordAt(pos)))
			}
			v = 0.8
		}
		out = append(out, Note{Start: c.swing(pos), Duration: math.Min(n.dur, limit-pos),
			Pitch: c.key.pitch(s), Velocity: c.vel(v+0.06*r.float(), pos)})
	}
	return shiftInto(out, lo, hi)
}

// shiftInto moves a statement by whole octaves until it fits lo..hi, then
// folds any note still outside; a motif wider than the range is the only
// case that folds.
func shiftInto(notes []Note, lo, hi int) []Note {
	if len(notes) == 0 {
		return notes
	}
	low, high := notes[0].Pitch, notes[0].Pitch
	for _, n := range notes {
		low, high = min(low, n.Pitch), max(high, n.Pitch)
	}
	shift := 0
	for low+shift < lo {
		shift += 12
	}
	for high+shift > hi && low+shift-12 >= lo {
		shift -= 12
	}
	for i := range notes {
		notes[i].Pitch = fold(notes[i].Pitch+shift, lo, hi)
	}
	return notes
}

// fold moves p by octaves into lo..hi.
func fold(p, lo, hi int) int {
	for p < lo {
		p += 12
	}
	for p > hi {
		p -= 12
	}
	return p
}

// passingTones splits some long jazz notes that move by a whole step, so
// the line passes through the chromatic note between. They are capped at
// one in ten notes so the line stays in the key.
func (c *composer) passingTones(r *rng, notes []Note) []Note {
	budget := len(notes) / 10
	out := make([]Note, 0, len(notes)+budget)
	for i, n := range notes {
		if budget > 0 && i+1 < len(notes) && n.Duration >= 0.9 && r.chance(0.5) {
			if next := notes[i+1]; abs(next.Pitch-n.Pitch) == 2 && next.Start >= n.Start+n.Duration-eps {
				half := n.Duration / 2
				out = append(out, Note{n.Start, half, n.Pitch, n.Velocity},
					Note{n.Start + half, half, (n.Pitch + next.Pitch) / 2, n.Velocity * 0.9})
				budget--
				continue
			}
		}
		out = append(out, n)
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// bells plays the opening of the motif at half speed, two octaves above
// the chords, every two or four bars: sparse and high, leaving the melody
// its space.
func (c *composer) bells() []Note {
	r := newRNG(c.spec.Seed, Bells)
	every := pick(r, []int{2, 4})
	count := min(len(c.motifA.notes), 2+r.intn(2))
	bpb := float64(c.bpb)
	base := c.key.step(84+int(math.Round(6*c.spec.Brightness))) - 3
	var out []Note
	for bar := 0; float64(bar)*bpb < c.end-eps; bar += every {
		if !c.plays(Bells, bar) {
			continue
		}
		at := float64(bar) * bpb
		limit := math.Min(float64(bar+every)*bpb, c.end)
		anchor := c.syms[c.chordAt(at)].degree
		anchor += 7 * int(math.Round(float64(base-anchor)/7))
		for _, m := range c.motifA.notes[:count] {
			pos := at + 2*m.pos
			if pos >= limit-eps {
				break
			}
			s := snapStep(anchor+m.step, c.chordDegrees(c.chordAt(pos)))
			out = append(out, Note{Start: pos, Duration: 1.5, Pitch: fold(c.key.pitch(s), 76, 100),
				Velocity: c.vel(0.45+0.05*r.float(), pos)})
		}
	}
	if !c.spec.Loop && c.plays(Bells, int(c.end/bpb)) {
		out = append(out, Note{Start: c.end, Duration: c.beats - c.end,
			Pitch: fold(c.spec.Tonic+84, 76, 100), Velocity: c.vel(0.4, c.end)})
	}
	return out
}
