package compose

import "math"

// bassLines holds each genre's bass patterns, sparse to dense, a character
// per 16th: 'r' root, 'o' root an octave up, 'f' fifth, 't' third, 'a' the
// scale step leading into the next chord's root, '-' hold, '.' rest.
// "chord" holds one root per chord; "walk" is a jazz walking line.
var bassLines = map[string][]string{
	"techno":        {"..r...r...r...r.", "..r...r...r...ro", ".rrr.rrr.rrr.rrr"},
	"house":         {"r-.r..o.r-.r..f.", "..r-..r...r-..o.", "r..o..r.r..o.fr."},
	"drum and bass": {"r---------r-----", "r-------.-r---f-", "r---------r--o--"},
	"hip hop":       {"r-------r-r-----", "r--.----r-r---o-"},
	"lo-fi":         {"r-------r---....", "r-----f-r---a-.."},
	"ambient":       {"chord"},
	"cinematic":     {"chord", "r-r-r-r-r-r-r-r-"},
	"rock":          {"r-r-r-r-r-r-r-r-", "r-r-r-r-r-r-o-f-"},
	"pop":           {"r--r--r-r-------", "r--r--r-r-a-f-r-", "r-r-r-r-r-r-r-r-"},
	"jazz":          {"walk"},
	"folk":          {"r-------f-------", "r---f---r---f---"},
	"synthwave":     {"r-r-r-r-r-r-r-r-", "r-o-r-o-r-o-r-o-"},
}

// Lines that replace a genre's for trap and for a folk waltz.
var (
	trapBass  = []string{"r-------..r-----", "r------r--r---o-"}
	waltzBass = []string{"r-----------", "r-------f---"}
)

// Bass register: roots sit between G1 and F#2, the walk between E1 and E3.
const (
	bassLow = 31
	walkLow = 28
	walkTop = 52
)

func (c *composer) bassRoot(pc int) int { return bassLow + mod(pc-bassLow, 12) }

// bass writes the bass part from the chord timeline.
func (c *composer) bass() []Note {
	r := newRNG(c.spec.Seed, Bass)
	lines := bassLines[c.spec.Genre]
	switch {
	case c.trap:
		lines = trapBass
	case c.bpb == 3 && c.spec.Genre == "folk":
		lines = waltzBass
	}
	switch lines[0] {
	case "walk":
		return c.walk(r)
	case "chord": // held roots, or the next line at high energy
		if len(lines) == 1 || c.spec.Energy < 0.6 {
			return c.heldRoots()
		}
		lines = lines[1:]
	}
	base := r.intn(len(lines))
	bpb := float64(c.bpb)
	parsed := make([][]event, len(lines))
	for i, l := range lines {
		parsed[i] = events(fit(l, 4*c.bpb))
	}
	var out []Note
	for bar := 0; float64(bar)*bpb < c.end-eps; bar++ {
		if !c.plays(Bass, bar) {
			continue
		}
		start := float64(bar) * bpb
		i := base + c.variant(bar)
		if c.drive(start) >= 0.8 {
			i++
		}
		for _, e := range parsed[min(i, len(lines)-1)] {
			pos := start + float64(e.step)/4
			if pos >= c.end-eps {
				break
			}
			ci := c.chordAt(pos)
			p := c.bassNote(e.ch, ci)
			if (e.ch == 'r' || e.ch == 'o') && c.pedal(ci, pos) {
				p = c.bassRoot(c.spec.Tonic) + (p - c.bassRoot(c.chords[ci].Root))
			}
			out = append(out, Note{Start: c.swing(pos), Duration: float64(e.length) / 4 * 0.92,
				Pitch: p, Velocity: c.vel(0.8+0.1*r.float(), pos)})
		}
	}
	if last := len(c.chords) - 1; !c.spec.Loop && c.plays(Bass, int(c.end/bpb)) {
		out = append(out, Note{Start: c.end, Duration: c.beats - c.end,
			Pitch: c.bassRoot(c.chords[last].Root), Velocity: c.vel(0.8, c.end)})
	}
	return out
}

// bassNote is the pitch a pattern character asks for over chord ci.
func (c *composer) bassNote(ch byte, ci int) int {
	root := c.bassRoot(c.chords[ci].Root)
	above := func(step int) int { return root + mod(c.key.pitch(step)-root, 12) }
	st := c.syms[ci].steps()
	switch ch {
	case 'o':
		return root + 12
	case 'f':
		return above(st[2])
	case 't':
		return above(st[1])
	case 'a':
		if ci+1 >= len(c.chords) || c.chords[ci+1].Root == c.chords[ci].Root {
			return above(st[2])
		}
		target := nearest(c.chords[ci+1].Root, root)
		if target > root {
			return c.key.pitch(c.key.step(target) - 1)
		}
		return c.key.pitch(c.key.step(target) + 1)
	}
	return root
}

// pedal reports whether the bass holds the tonic at pos under chord ci
// instead of the root: over the first half of every chord that contains
// the tonic (iv and VI in minor, IV and vi in major, ii7), the bass stays
// home and then steps to the root. The pedal is what tells i–iv in F# minor
// from v–i in B minor: the same chords, but the bass says which is home.
func (c *composer) pedal(ci int, pos float64) bool {
	ch := c.chords[ci]
	return ch.Root != c.spec.Tonic && c.chordTone(ci, c.spec.Tonic) && pos < ch.StartBeat+ch.Beats/2-eps
}

// heldRoots holds each chord's root for as long as the bass plays under it
// (after the tonic pedal, see pedal): the sustained bass of ambient and
// quiet cinematic scores.
func (c *composer) heldRoots() []Note {
	var out []Note
	for i, ch := range c.chords {
		mid := ch.StartBeat + ch.Beats/2
		for _, run := range c.runs(Bass, ch.StartBeat, ch.StartBeat+ch.Beats) {
			if c.pedal(i, run[0]) && run[1] > mid+eps { // tonic, then the root
				out = append(out, Note{Start: run[0], Duration: mid - run[0] - 0.05,
					Pitch: c.bassRoot(c.spec.Tonic), Velocity: c.vel(0.7, run[0])})
				run[0] = mid
			}
			p := c.bassRoot(ch.Root)
			if c.pedal(i, run[0]) {
				p = c.bassRoot(c.spec.Tonic)
			}
			out = append(out, Note{Start: run[0], Duration: run[1] - run[0] - 0.05,
				Pitch: p, Velocity: c.vel(0.7, run[0])})
		}
	}
	return out
}

// walk writes a jazz walking line in quarter notes: the chord root on each
// chord's first beat, a chord tone or scale step toward the next root in
// between, and an approach into the next root on the last beat before a
// change — chromatic from a half step away at most one note in ten, which
// keeps the line in the key while still leaning into the changes.
func (c *composer) walk(r *rng) []Note {
	var out []Note
	chromatic, prev := 0, -1
	for beat := 0.0; beat < c.end-eps; beat++ {
		if !c.plays(Bass, int(beat)/c.bpb) {
			prev = -1
			continue
		}
		ci := c.chordAt(beat)
		ch := c.chords[ci]
		var p int
		switch {
		case prev < 0:
			p = c.bassRoot(ch.Root)
		case math.Abs(beat-ch.StartBeat) < eps:
			p = c.walkRange(nearest(ch.Root, prev))
		case beat+1 >= ch.StartBeat+ch.Beats-eps && ci+1 < len(c.chords):
			target := c.walkRange(nearest(c.chords[ci+1].Root, prev))
			side := 1 // approach from above when coming down
			if target > prev || (target == prev && r.chance(0.5)) {
				side = -1
			}
			resolves := c.plays(Bass, int(beat+1)/c.bpb)
			if resolves && (chromatic+1)*10 <= len(out)+1 && r.chance(0.5) {
				chromatic++
				p = target + side
			} else {
				p = c.key.pitch(c.key.step(target) + side)
			}
		default:
			next := ch.Root
			if ci+1 < len(c.chords) {
				next = c.chords[ci+1].Root
			}
			dir := 1
			if target := nearest(next, prev); target < prev || (target == prev && r.chance(0.5)) {
				dir = -1
			}
			switch {
			case prev+5 > walkTop:
				dir = -1
			case prev-5 < walkLow:
				dir = 1
			}
			p = c.walkStep(r, prev, ci, dir)
		}
		v := 0.72
		if beat == ch.StartBeat {
			v = 0.82
		}
		out = append(out, Note{Start: beat, Duration: 0.9, Pitch: p, Velocity: c.vel(v+0.06*r.float(), beat)})
		prev = p
	}
	if !c.spec.Loop && c.plays(Bass, int(c.end)/c.bpb) {
		root := c.bassRoot(c.chords[len(c.chords)-1].Root)
		if prev >= 0 {
			root = c.walkRange(nearest(c.chords[len(c.chords)-1].Root, prev))
		}
		out = append(out, Note{Start: c.end, Duration: c.beats - c.end, Pitch: root, Velocity: c.vel(0.8, c.end)})
	}
	return out
}

// walkStep moves from prev in direction dir: to the nearest chord tone
// within a fourth, or one scale step.
func (c *composer) walkStep(r *rng, prev, ci, dir int) int {
	if r.chance(0.5) {
		for d := 1; d <= 5; d++ {
			if p := prev + dir*d; c.chordTone(ci, p) {
				return p
			}
		}
	}
	return c.key.pitch(c.key.step(prev) + dir)
}

// walkRange folds p into the walking bass register by octaves.
func (c *composer) walkRange(p int) int {
	for p < walkLow {
		p += 12
	}
	for p > walkTop {
		p -= 12
	}
	return p
}
