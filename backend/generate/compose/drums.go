package compose

import "math"

// drums writes the drum part: the genre's groove bar by bar (A and B
// grooves by phrase), thinned by drive, with fills at phrase and section
// ends, a crash after each fill, trap hat rolls, jazz snare comping, and a
// final hit on a non-loop's last chord.
func (c *composer) drums() []Note {
	r := newRNG(c.spec.Seed, Drums)
	kit := c.kit()
	a := r.intn(len(kit))
	b := (a + 1) % len(kit)
	steps := 4 * c.bpb
	bpb := float64(c.bpb)
	hatLevel := 0.8 + 0.3*c.spec.Brightness
	out := make([]Note, 0, c.bars*steps*2)
	var notes []Note // one bar, reused: the drummer writes many thousand hits
	for bar := 0; bar < c.bars; bar++ {
		start := float64(bar) * bpb
		if start >= c.end-eps {
			break
		}
		mode := c.drumMode(bar)
		if mode == drumsOff {
			continue
		}
		g := kit[a]
		if c.variant(bar) == 1 {
			g = kit[b]
		}
		fill, hasFill := c.fillFrom(bar)
		if !hasFill || mode != drumsFull {
			fill, hasFill = math.Inf(1), false
		}
		notes = notes[:0]
		for _, h := range g {
			if (mode == drumsLight && !cymbal(h.drum)) || c.drive(start) < h.minDrive {
				continue
			}
			pat := fit(h.steps, steps)
			for i := 0; i < steps; i++ {
				v := accent(pat[i])
				pos := start + float64(i)/4
				if v == 0 || pos >= c.end-eps || (pos >= fill-eps && !(h.drum == Kick && keepsKick[c.spec.Genre])) {
					continue
				}
				if cymbal(h.drum) {
					v *= hatLevel
				}
				notes = append(notes, c.drum(h.drum, pos, v*(0.94+0.06*r.float())))
			}
		}
		if mode == drumsFull {
			if _, after := c.fillFrom(bar - 1); bar > 0 && after && c.st.fill != fillSoft {
				notes = append(notes, c.drum(Crash, start, 0.85))
			}
			switch {
			case c.trap:
				notes = c.trapRoll(r, notes, start, fill)
			case c.spec.Genre == "jazz":
				notes = c.jazzComp(r, notes, start)
			}
		}
		if hasFill {
			notes = append(notes, c.fill(r, fill, start+bpb)...)
		}
		out = append(out, notes...)
	}
	if !c.spec.Loop && c.end < c.beats && c.drumMode(c.bars-1) == drumsFull {
		out = append(out, c.drum(Kick, c.end, 0.9), c.drum(Crash, c.end, 0.8))
	}
	return out
}

// kit returns the grooves for this score's genre and meter.
func (c *composer) kit() []groove {
	switch {
	case c.trap:
		return trapKit
	case c.bpb == 3 && waltzKits[c.spec.Genre] != nil:
		return waltzKits[c.spec.Genre]
	}
	return kits[c.spec.Genre]
}

// drum is one hit at pos (straight time; swing is applied here).
func (c *composer) drum(d int, pos, v float64) Note {
	length := 0.25
	switch d {
	case Crash:
		length = 2
	case OpenHat, Ride:
		length = 0.5
	}
	return Note{Start: c.swing(pos), Duration: length, Pitch: d, Velocity: c.vel(v, pos)}
}

// trapRoll swaps the hats of one beat for a triplet roll (32nds when the
// drive is high), the signature of trap hats.
func (c *composer) trapRoll(r *rng, notes []Note, start, fill float64) []Note {
	if !r.chance(0.3 + 0.4*c.drive(start)) {
		return notes
	}
	beat := start + float64(1+2*r.intn(c.bpb/2))
	if beat+1 > fill || beat+1 > c.end {
		return notes
	}
	kept := notes[:0]
	for _, n := range notes {
		if !(n.Pitch == ClosedHat && n.Start >= beat && n.Start < beat+1) {
			kept = append(kept, n)
		}
	}
	per := 6
	if c.drive(start) > 0.75 {
		per = 8
	}
	for i := 0; i < per; i++ {
		pos := beat + float64(i)/float64(per)
		kept = append(kept, Note{Start: pos, Duration: 1 / float64(per), Pitch: ClosedHat,
			Velocity: c.vel(0.5+0.4*float64(i)/float64(per), pos)})
	}
	return kept
}

// jazzComp adds the drummer's conversation with the soloist: one or two
// ghosted snare hits on swung off-beats and, now and then, a kick "bomb"
// before the bar line.
func (c *composer) jazzComp(r *rng, notes []Note, start float64) []Note {
	for n := 1 + r.intn(2); n > 0; n-- {
		pos := start + float64(r.intn(c.bpb)) + 0.5
		notes = append(notes, c.drum(Snare, pos, 0.35))
	}
	if r.chance(0.15 * c.drive(start)) {
		notes = append(notes, c.drum(Kick, start+float64(c.bpb)-0.5, 0.7))
	}
	return notes
}

// fill plays the genre's fill from from to to (beats), in 16ths.
func (c *composer) fill(r *rng, from, to float64) []Note {
	var out []Note
	n := int(math.Round((to - from) * 4))
	toms := []int{HighTom, HighMidTom, MidTom, LowTom, HighFloorTom, FloorTom}
	if r.chance(0.5) { // start the run with two snares
		toms = append([]int{Snare, Snare}, toms[:4]...)
	}
	for i := 0; i < n; i++ {
		pos := from + float64(i)/4
		t := float64(i) / float64(max(n-1, 1))
		switch c.st.fill {
		case fillRoll:
			out = append(out, c.drum(Snare, pos, 0.45+0.5*t))
			if t > 0.7 && c.drive(pos) > 0.8 && c.swing16 == 0.5 { // 32nds to finish; a swung roll stays in 16ths
				out = append(out, c.drum(Snare, pos+0.125, 0.5+0.5*t))
			}
		case fillToms:
			out = append(out, c.drum(toms[i*len(toms)/n], pos, 0.7+0.25*t))
		case fillSoft:
			if i%2 == 0 {
				out = append(out, c.drum(pick(r, []int{LowTom, FloorTom}), pos, 0.35+0.2*t))
			}
		case fillJazz:
			if i%4 == 0 {
				for k := 0; k < 3; k++ {
					out = append(out, c.drum(Snare, pos+float64(k)/3, 0.4+0.3*t))
				}
			}
		}
	}
	if c.st.fill == fillJazz && n > 0 {
		out = append(out, c.drum(Kick, to-1.0/3, 0.8))
	}
	return out
}
