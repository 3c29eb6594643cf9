package compose

import (
	"math"
	"slices"
)

// compPatterns holds each genre's piano, guitar and plucks patterns, sparse
// to dense, a character per 16th: 'x' block chord (strummed on guitar),
// 'r' rolled chord, 'p' power chord (the tonic's with its third), 'a' next
// arpeggio note, '-' hold, '.' rest.
var compPatterns = map[string]map[string][]string{
	"techno":        {Piano: {"..x...x...x...x."}, Guitar: {"..x...x...x...x."}, Plucks: {"a-a-a-a-a-a-a-a-", "aaaaaaaaaaaaaaaa"}},
	"house":         {Piano: {"x..x..x...x..x..", "x..x..x.x..x..x."}, Guitar: {"..x..x....x..x.."}, Plucks: {"a-a-a-a-a-a-a-a-", "aaaaaaaaaaaaaaaa"}},
	"drum and bass": {Piano: {"r---------------", "r-------r-------"}, Guitar: {"a---a---a---a---"}, Plucks: {"a-a-a-a-a-a-a-a-", "aaaaaaaaaaaaaaaa"}},
	"hip hop":       {Piano: {"r-------..r-----", "x-----x---x-----"}, Guitar: {"a---a---a---a---"}, Plucks: {"a-.-a-.-a-.-a-.-"}},
	"lo-fi":         {Piano: {"r-------.-----r-", "r-----r---r-----"}, Guitar: {"a-a-a-a-a-a-a-a-"}, Plucks: {"a---a---a---a---"}},
	"ambient":       {Piano: {"a---a---a---a---"}, Guitar: {"a-------a-------"}, Plucks: {"a---a---a---a---"}},
	"cinematic":     {Piano: {"a---a---a---a---", "a-a-a-a-a-a-a-a-"}, Guitar: {"a---a---a---a---"}, Plucks: {"a-a-a-a-a-a-a-a-"}},
	"rock":          {Piano: {"x---x---x---x---", "x-x-x-x-x-x-x-x-"}, Guitar: {"p-p-p-p-p-p-p-p-", "p-pp-pp-p-pp-pp-"}, Plucks: {"a-a-a-a-a-a-a-a-"}},
	"pop":           {Piano: {"x---x---x---x---", "a-a-a-a-a-a-a-a-", "x-x-x-x-x-x-x-x-"}, Guitar: {"x-.-x-x-.-x-x-x-"}, Plucks: {"a-a-a-a-a-a-a-a-"}},
	"jazz":          {Piano: {"x-----x---------", "..x-......x-....", "x-.....x-..x-..."}, Guitar: {"x-.-x-.-x-.-x-.-"}, Plucks: {"a-a-a-a-a-a-a-a-"}},
	"folk":          {Piano: {"a-a-a-a-a-a-a-a-"}, Guitar: {"x---x-x---x-x-x-", "x-.-x-x-.-x-x-x-"}, Plucks: {"a-a-a-a-a-a-a-a-"}},
	"synthwave":     {Piano: {"x-------x-------"}, Guitar: {"a-a-a-a-a-a-a-a-"}, Plucks: {"a-a-a-a-a-a-a-a-", "aaaaaaaaaaaaaaaa"}},
}

// waltzPatterns are the 3/4 comping of the genres that play waltzes: every beat
// sounded, the first leading, so the bar is heard in three and not as two dotted
// beats, which is what a cut-down 4/4 pattern's syncopation would suggest.
var waltzPatterns = map[string]map[string][]string{
	"folk": {Piano: {"a---a---a---"}, Guitar: {"x---x---x---", "x---x-x-x---"}, Plucks: {"a-a-a-a-a-a-"}},
	"jazz": {Piano: {"x---x---x---", "x-----x-x---"}, Guitar: {"x---x---x---"}, Plucks: {"a-a-a-a-a-a-"}},
}

// arpOrders are the arpeggio shapes a seed may pick: up, down, up-down and
// broken (1-3-2-4), over two octaves of the chord.
var arpOrders = []func(i, n int) int{
	func(i, n int) int { return i % n },
	func(i, n int) int { return n - 1 - i%n },
	func(i, n int) int {
		k := i % (2*n - 2)
		return min(k, 2*n-2-k)
	},
	func(i, n int) int { return []int{0, 2, 1, 3}[i%4] % n },
}

// event is one note of a pattern: where it starts, how many steps it
// lasts (its own and the holds after it) and its character.
type event struct {
	step, length int
	ch           byte
}

func events(pattern string) []event {
	var out []event
	for i := 0; i < len(pattern); i++ {
		if ch := pattern[i]; ch != '-' && ch != '.' {
			n := 1
			for i+n < len(pattern) && pattern[i+n] == '-' {
				n++
			}
			out = append(out, event{step: i, length: n, ch: ch})
		}
	}
	return out
}

// comp writes a comping part (piano, guitar, plucks) from its genre's
// patterns; arpeggios restart on each chord, guitar chords are strummed
// (down on the beat, up off it), and a non-loop ends on a rolled tonic.
func (c *composer) comp(part string) []Note {
	r := newRNG(c.spec.Seed, part)
	pats := compPatterns[c.spec.Genre][part]
	if waltz := waltzPatterns[c.spec.Genre][part]; c.bpb == 3 && waltz != nil {
		pats = waltz
	}
	base := r.intn(len(pats))
	order := pick(r, arpOrders)
	bpb := float64(c.bpb)
	parsed := make([][]event, len(pats))
	for i, p := range pats {
		parsed[i] = events(fit(p, 4*c.bpb))
	}
	out := make([]Note, 0, c.bars*4*c.bpb*2)
	lastChord, arp := -1, 0
	for bar := 0; float64(bar)*bpb < c.end-eps; bar++ {
		if !c.plays(part, bar) {
			continue
		}
		start := float64(bar) * bpb
		i := base + c.variant(bar)
		if c.drive(start) >= 0.75 {
			i++
		}
		for _, e := range parsed[min(i, len(pats)-1)] {
			pos := start + float64(e.step)/4
			if pos >= c.end-eps {
				break
			}
			ci := c.chordAt(pos)
			if ci != lastChord {
				lastChord, arp = ci, 0
			}
			dur := float64(e.length) / 4 * 0.95
			v := c.vel(0.6+0.08*r.float(), pos)
			if e.step%4 == 0 {
				v *= 1.1
			}
			var notes []int
			var spread float64
			switch e.ch {
			case 'a':
				tones := c.compVoicing(part, ci)
				tones = append(tones, tones[0]+12, tones[1]+12, tones[2]+12)
				notes = []int{tones[order(arp, len(tones))]}
				arp++
			case 'p':
				root := 40 + mod(c.chords[ci].Root-40, 12)
				notes = []int{root, root + 7, root + 12}
				if c.chords[ci].Root == c.spec.Tonic && c.syms[ci].sus == 0 {
					// The tonic rings full: a bare fifth is neither major nor minor,
					// and the mode is the half of the key a power chord leaves out.
					third := c.key.pitch(c.syms[ci].steps()[1]) - c.key.pitch(c.syms[ci].steps()[0])
					notes = append(notes, root+12+third)
				}
			default:
				notes = c.compVoicing(part, ci)
				if e.ch == 'r' || part == Guitar {
					spread = 0.02
				}
				if part == Guitar && e.step%4 != 0 {
					slices.Reverse(notes)
				}
			}
			for j, p := range notes {
				off := float64(j) * spread
				out = append(out, Note{Start: c.swing(pos) + off, Duration: dur - off, Pitch: p, Velocity: v})
			}
		}
	}
	if !c.spec.Loop && c.plays(part, int(c.end/bpb)) {
		for j, p := range c.compVoicing(part, len(c.chords)-1) {
			off := 0.03 * float64(j)
			out = append(out, Note{Start: c.end + off, Duration: c.beats - c.end - off, Pitch: p, Velocity: c.vel(0.6, c.end)})
		}
	}
	return out
}

// compVoicing is chord ci as part plays it: the piano takes the voicing,
// plucks an octave up, the guitar drops to its register with the root
// added below.
func (c *composer) compVoicing(part string, ci int) []int {
	ch := c.chords[ci]
	notes := slices.Clone(ch.Notes)
	switch part {
	case Plucks:
		for i := range notes {
			notes[i] += 12
		}
	case Guitar:
		if notes[0] >= 55 {
			for i := range notes {
				notes[i] -= 12
			}
		}
		if root := notes[0] - 12 + mod(ch.Root-notes[0], 12); root >= 40 { // low E
			notes = append([]int{root}, notes...)
		}
	}
	return notes
}

// sustained writes pads or strings: each chord's voicing held for as long
// as the part plays under it, a minor tonic chord with its third doubled
// (see tonicThird). Strings add the root below, soar an octave up on bright
// prompts, and in cinematic scores drive an eighth-note ostinato once the
// energy is high.
func (c *composer) sustained(part string) []Note {
	var out []Note
	for i, ch := range c.chords {
		notes := slices.Clone(ch.Notes)
		top := notes[len(notes)-1]
		if part == Strings {
			notes = append([]int{notes[0] - 12 + mod(ch.Root-notes[0], 12)}, notes...)
		}
		if c.spec.Brightness > 0.6 {
			notes = append(notes, top+12)
		}
		third := -1
		if c.spec.Minor && ch.Root == c.spec.Tonic && c.syms[i].sus == 0 {
			third = c.tonicThird(ch.Notes)
		}
		for _, run := range c.runs(part, ch.StartBeat, ch.StartBeat+ch.Beats) {
			v := c.vel(0.5, run[0])
			for _, p := range notes {
				out = append(out, Note{Start: run[0], Duration: run[1] - run[0] - 0.02, Pitch: p, Velocity: v})
			}
			if third >= 0 {
				out = append(out, Note{Start: run[0], Duration: run[1] - run[0] - 0.02, Pitch: third, Velocity: 0.6 * v})
			}
			if part == Strings && c.spec.Genre == "cinematic" {
				out = append(out, c.ostinato(i, run)...)
			}
		}
	}
	return out
}

// tonicThird is the tonic chord's third an octave above its place in the
// voicing, which pads and strings add softly to a minor tonic: the third is
// the note that says minor, and every synthesised root also sounds a major
// third in its 5th harmonic, which would otherwise outvote it.
func (c *composer) tonicThird(voicing []int) int {
	third := mod(c.key.pitch(2), 12)
	for _, p := range voicing {
		if mod(p, 12) == third {
			return p + 12
		}
	}
	return voicing[len(voicing)-1] + 12 + mod(third-voicing[len(voicing)-1], 12)
}

// ostinato alternates the chord's root and fifth in low eighths where the
// drive is high.
func (c *composer) ostinato(ci int, run [2]float64) []Note {
	root := 36 + mod(c.chords[ci].Root-36, 12)
	fifth := root + mod(c.key.pitch(c.syms[ci].steps()[2])-root, 12)
	var out []Note
	for k, pos := 0, run[0]; pos < run[1]-eps; k, pos = k+1, pos+0.5 {
		if c.drive(pos) >= 0.75 && pos < c.end-eps {
			p := root
			if k%2 == 1 {
				p = fifth
			}
			out = append(out, Note{Start: pos, Duration: 0.4, Pitch: p, Velocity: c.vel(0.55, pos)})
		}
	}
	return out
}

// runs splits from..to (beats) into the spans where part plays, bar by bar,
// joining neighbours, so a chord that crosses a section line is held only
// where the part is in.
func (c *composer) runs(part string, from, to float64) [][2]float64 {
	var out [][2]float64
	bpb := float64(c.bpb)
	for pos := from; pos < to-eps; {
		bar := int(pos/bpb + eps)
		next := math.Min(float64(bar+1)*bpb, to)
		if c.plays(part, bar) {
			if n := len(out); n > 0 && math.Abs(out[n-1][1]-pos) < eps {
				out[n-1][1] = next
			} else {
				out = append(out, [2]float64{pos, next})
			}
		}
		pos = next
	}
	return out
}
