package compose

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// harmonize lays the chord timeline: the seed picks one of the genre's
// progressions for the piece and another for the break, and a harmonic
// rhythm. Each section restarts the progression on its first bar, as a
// songwriter would; a non-loop then ends with the genre's cadence onto the
// tonic.
func (c *composer) harmonize() {
	r := newRNG(c.spec.Seed, "harmony")
	progs := c.st.progressions(c.spec.Minor)
	main := homeOnTonic(mustParse(pick(r, progs)))
	alt := homeOnTonic(mustParse(pick(r, progs)))
	rhythm := float64(pick(r, c.st.chordBars) * c.bpb)
	c.lift = r.intn(7) - 3
	bpb := float64(c.bpb)
	for _, s := range c.sections {
		prog := main
		if s.Name == "break" {
			prog = alt
		}
		pos := float64(s.StartBar) * bpb
		stop := math.Min(float64(s.StartBar+s.Bars)*bpb, c.end)
		for i := 0; pos < stop-eps; i++ {
			cs := prog[i%len(prog)]
			d := c.chordBeats(cs, rhythm)
			c.addChord(cs, pos, math.Min(d, stop-pos))
			pos += d
		}
	}
	if !c.spec.Loop {
		mode := 0
		if c.spec.Minor {
			mode = 1
		}
		end := mustParse(strings.Join(c.st.ending[mode][:], " "))
		if c.end >= bpb {
			c.truncateChords(c.end - bpb)
			c.addChord(end[0], c.end-bpb, bpb)
		}
		c.addChord(end[1], c.end, c.beats-c.end)
	}
	var prev []int
	for i := range c.chords {
		c.chords[i].Notes = c.voice(c.syms[i], prev)
		prev = c.chords[i].Notes
	}
}

// homeOnTonic rotates a progression so that it starts on the tonic chord
// (a loop's content is unchanged, but each section now opens on home and
// its last chord leads back there), puts a tonic chord first when the
// progression has none, and doubles a lone tonic chord in a progression of
// three or more, so the key's home chord sounds longest. A tonic that is
// only ever sus2 or sus4 is preceded by the plain triad. A listener — and a
// key finder — names the key from where the harmony rests: an i–iv vamp is
// also a v–i vamp in the key a fifth below, and only time on i decides it.
func homeOnTonic(prog []chordSym) []chordSym {
	first, count, plain := -1, 0, false
	for i, cs := range prog {
		if cs.degree == 0 {
			if first < 0 {
				first = i
			}
			count++
			plain = plain || cs.sus == 0
		}
	}
	var out []chordSym
	switch {
	case first < 0:
		out = append([]chordSym{{seventh: prog[0].seventh, beats: prog[0].beats}}, prog...)
	case !plain: // a sus tonic has no third, so nothing says major or minor: state it once
		out = append([]chordSym{{beats: prog[first].beats}}, prog[first:]...)
		out = append(out, prog[:first]...)
		return out
	default:
		out = append(slices.Clone(prog[first:]), prog[:first]...)
	}
	if count <= 1 && len(out) >= 3 { // count 0: the tonic was put first above
		long := out[0]
		if long.beats > 0 {
			long.beats *= 2
			out[0] = long
		} else {
			out = append([]chordSym{long}, out...)
		}
	}
	return out
}

// mustParse parses a progression from the style table; the tables are
// checked by tests, so a bad one is a programming error.
func mustParse(prog string) []chordSym {
	var out []chordSym
	for _, tok := range strings.Fields(prog) {
		cs, err := parseChord(tok)
		if err != nil {
			panic(err)
		}
		out = append(out, cs)
	}
	return out
}

// chordBeats is how long cs lasts. Lengths written for 4/4 become whole
// bars in 3/4, so a jazz waltz keeps its chords on the bar lines.
func (c *composer) chordBeats(cs chordSym, rhythm float64) float64 {
	switch {
	case cs.beats == 0:
		return rhythm
	case c.bpb == 4:
		return cs.beats
	}
	return math.Max(1, math.Round(cs.beats/4)) * float64(c.bpb)
}

func (c *composer) addChord(cs chordSym, start, beats float64) {
	if beats <= eps {
		return
	}
	q := c.key.quality(cs)
	if q == "" { // a sus over a tritone; the tables avoid it, the triad is the safe reading
		cs.sus = 0
		q = c.key.quality(cs)
	}
	c.chords = append(c.chords, Chord{
		StartBeat: start, Beats: beats, Root: mod(c.key.pitch(cs.degree), 12), Quality: q,
	})
	c.syms = append(c.syms, cs)
}

// truncateChords ends the timeline at beat at.
func (c *composer) truncateChords(at float64) {
	for len(c.chords) > 0 {
		last := &c.chords[len(c.chords)-1]
		if last.StartBeat < at-eps {
			last.Beats = math.Min(last.Beats, at-last.StartBeat)
			return
		}
		c.chords = c.chords[:len(c.chords)-1]
		c.syms = c.syms[:len(c.syms)-1]
	}
}

// voice places a chord's tones in close position around the middle of the
// keyboard, choosing the inversion whose centre is nearest the previous
// chord's so that the voices move as little as possible. Brightness lifts
// the register by up to a fifth, and the seed moves it up to a third either
// way, which changes the inversions the progression is voiced in.
func (c *composer) voice(cs chordSym, prev []int) []int {
	center := 60 + int(math.Round(7*c.spec.Brightness)) + c.lift
	var pcs []int
	for _, s := range cs.steps() {
		pcs = append(pcs, mod(c.key.pitch(s), 12))
	}
	target := float64(center + 2)
	if len(prev) > 0 {
		target = mean(prev)
	}
	var best []int
	bestCost := math.Inf(1)
	for inv := range pcs {
		notes := make([]int, len(pcs))
		notes[0] = center - 7 + mod(pcs[inv]-(center-7), 12)
		for j := 1; j < len(pcs); j++ {
			notes[j] = notes[j-1] + mod(pcs[(inv+j)%len(pcs)]-notes[j-1], 12)
		}
		m := mean(notes)
		if cost := math.Abs(m-target) + 0.25*math.Abs(m-float64(center+2)); cost < bestCost {
			best, bestCost = notes, cost
		}
	}
	return best
}

func mean(xs []int) float64 {
	sum := 0
	for _, x := range xs {
		sum += x
	}
	return float64(sum) / float64(len(xs))
}

// chordAt returns the index of the chord sounding at pos (beats).
func (c *composer) chordAt(pos float64) int {
	i := sort.Search(len(c.chords), func(i int) bool { return c.chords[i].StartBeat > pos+eps })
	return max(i-1, 0)
}

// chordTone reports whether pitch p belongs to chord i.
func (c *composer) chordTone(i, p int) bool {
	for _, s := range c.syms[i].steps() {
		if mod(c.key.pitch(s)-p, 12) == 0 {
			return true
		}
	}
	return false
}

// nearest returns the pitch of class pc nearest to p (ties go down).
func nearest(pc, p int) int {
	d := mod(pc-p, 12)
	if d >= 6 {
		return p + d - 12
	}
	return p + d
}
