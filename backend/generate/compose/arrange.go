package compose

import "math"

// Section energies. They order the arrangement (intro < build < main,
// break < main, the second main above the first) and are relative: drive
// scales them by Spec.Energy before any part reads them.
const (
	introEnergy   = 0.30
	buildEnergy   = 0.55 // ramps up to the next section's energy across the build
	mainEnergy    = 0.85
	peakEnergy    = 1.00 // the second main
	breakEnergy   = 0.45
	outroEnergy   = 0.35
	textureEnergy = 0.80 // the single section when Arrange is false
)

// maxNudge is how far a loop's tempo may move to fit whole bars. The product
// tolerates 2 % on tempo; staying under 1 % keeps a nudged loop in time with
// a DAW project at the asked BPM for dozens of bars.
const maxNudge = 0.01

// Drum modes for a bar.
const (
	drumsOff = iota
	drumsLight
	drumsFull
)

func newComposer(spec Spec) *composer {
	st := styles[spec.Genre]
	c := &composer{spec: spec, st: st, key: key{tonic: spec.Tonic, minor: spec.Minor}, bpb: 4}
	r := newRNG(spec.Seed, "plan")
	if r.chance(st.waltz) {
		c.bpb = 3
	}
	c.planLength(r)
	c.sections = planSections(c.bars, spec.Arrange && !spec.Loop)
	c.swing16 = r.between(st.swing16[0], st.swing16[1])
	c.swing8 = r.between(st.swing8[0], st.swing8[1])
	c.phrase = pick(r, []int{4, 8})
	// Phrases mostly play their pattern's first variant and turn to the
	// second on every third phrase (A A B A), with a few seeded surprises.
	c.variants = make([]int, c.bars/c.phrase+1)
	for i := range c.variants {
		if i%4 == 2 || r.chance(0.2) {
			c.variants[i] = 1
		}
	}
	m := newRNG(spec.Seed, "motif")
	c.motifA = c.makeMotif(m, 1+m.intn(2))
	c.motifB = c.makeMotif(m, 2)
	if c.follows() {
		c.motifA = c.guideMotif()
	}
	return c
}

// planLength fixes the tempo, the length in beats and where the ending
// starts. Hip hop picks its flavour here because trap changes the tempo.
func (c *composer) planLength(r *rng) {
	s := &c.spec
	lo, hi := c.st.tempo[0], c.st.tempo[1]
	if s.Genre == "hip hop" {
		c.trap = s.BPM >= 115 || (s.BPM == 0 && r.chance(0.4))
		if c.trap {
			lo, hi = 130, 150
		}
	}
	if s.BPM == 0 {
		s.BPM = math.Round(r.between(lo, hi))
	}
	bar := float64(c.bpb)
	beats := s.Seconds * s.BPM / 60
	if s.Loop {
		n := math.Max(1, math.Round(beats/bar))
		if bpm := n * bar * 60 / s.Seconds; math.Abs(bpm/s.BPM-1) < maxNudge {
			s.BPM = bpm
		} else {
			s.Seconds = n * bar * 60 / s.BPM
		}
		beats = n * bar
	}
	c.beats = beats
	c.bars = int(math.Ceil(beats/bar - eps))
	c.end = beats
	if !s.Loop {
		// The final tonic starts on the last bar line and lasts at least
		// two beats, so a short partial bar joins the bar before it.
		c.end = float64(c.bars-1) * bar
		if beats-c.end < 2 && c.end >= bar {
			c.end -= bar
		}
	}
}

// planSections lays out the arrangement over bars. Sections other than the
// mains and the outro are a quarter of a phrase-aligned eighth of the piece;
// the mains take the rest in whole phrases and the outro any remainder.
func planSections(bars int, arrange bool) []Section {
	if !arrange || bars < 16 {
		return []Section{{Name: "main", Bars: bars, Energy: textureEnergy}}
	}
	if bars < 32 {
		return []Section{
			{Name: "intro", Bars: 4, Energy: introEnergy},
			{Name: "main", StartBar: 4, Bars: bars - 8, Energy: mainEnergy},
			{Name: "outro", StartBar: bars - 4, Bars: 4, Energy: outroEnergy},
		}
	}
	unit := max(4, bars/8/4*4)
	rest := bars - 4*unit
	main1 := rest / 2 / 4 * 4
	main2 := (rest - main1) / 4 * 4
	plan := []Section{
		{"intro", 0, unit, introEnergy}, {"build", 0, unit, buildEnergy},
		{"main", 0, main1, mainEnergy}, {"break", 0, unit, breakEnergy},
		{"main", 0, main2, peakEnergy}, {"outro", 0, unit + rest - main1 - main2, outroEnergy},
	}
	for i := 1; i < len(plan); i++ {
		plan[i].StartBar = plan[i-1].StartBar + plan[i-1].Bars
	}
	return plan
}

// sectionIndex returns the index of the section holding bar.
func (c *composer) sectionIndex(bar int) int {
	for i := len(c.sections) - 1; i > 0; i-- {
		if bar >= c.sections[i].StartBar {
			return i
		}
	}
	return 0
}

func (c *composer) section(bar int) Section { return c.sections[c.sectionIndex(bar)] }

// drive is the intensity at pos (beats), 0..1: the section's energy, ramped
// across a build, scaled by Spec.Energy. Parts map it to velocity, density
// and fills.
func (c *composer) drive(pos float64) float64 {
	barF := pos / float64(c.bpb)
	i := c.sectionIndex(int(barF))
	s := c.sections[i]
	e := s.Energy
	if s.Name == "build" && i+1 < len(c.sections) {
		e += (c.sections[i+1].Energy - e) * (barF - float64(s.StartBar)) / float64(s.Bars)
	}
	return clamp(e*(0.45+0.55*c.spec.Energy), 0, 1)
}

// vel scales a pattern's velocity by the drive at pos.
func (c *composer) vel(base, pos float64) float64 {
	return clamp(base*(0.6+0.45*c.drive(pos)), 0.05, 1)
}

// plays reports whether part plays in bar: all parts in a main; the intro
// without drums, bass and lead; the build without the lead; the break
// without drums, bass and guitar; the outro thinning to pads, strings,
// piano and bells in its second half.
func (c *composer) plays(part string, bar int) bool {
	if bar < 0 || bar >= c.bars {
		return false
	}
	s := c.section(bar)
	rhythm := part == Drums || part == Bass
	switch s.Name {
	case "intro":
		return !rhythm && part != Lead
	case "build":
		return part != Lead
	case "break":
		return !rhythm && part != Guitar
	case "outro":
		late := bar-s.StartBar >= s.Bars/2
		return part != Lead && !(late && (rhythm || part == Guitar || part == Plucks))
	}
	return true
}

// drumMode is how the drums play in bar. Light drums (hats and percussion
// only) fill an electronic intro and any bar where nothing else would sound.
func (c *composer) drumMode(bar int) int {
	if c.plays(Drums, bar) {
		return drumsFull
	}
	if c.section(bar).Name == "intro" && c.st.electronic {
		return drumsLight
	}
	for _, p := range c.spec.Instruments {
		if p != Drums && c.plays(p, bar) {
			return drumsOff
		}
	}
	return drumsLight
}

// swing delays off-beat 8ths (swing8) or off-beat 16ths (swing16) to the
// style's ratio: 0.5 is straight, 0.67 a triplet feel.
func (c *composer) swing(pos float64) float64 {
	const tol = 1e-6
	if c.swing8 > 0.5 {
		if b := math.Floor(pos + tol); math.Abs(pos-b-0.5) < tol {
			return b + c.swing8
		}
	}
	if c.swing16 > 0.5 {
		if h := math.Floor(pos*2+tol) / 2; math.Abs(pos-h-0.25) < tol {
			return h + c.swing16*0.5
		}
	}
	return pos
}

// variant is which pattern variant parts play in bar's phrase.
func (c *composer) variant(bar int) int { return c.variants[bar/c.phrase] }

// fillFrom returns where a drum fill starts in bar, if the bar ends a
// section (two beats; a build's whole last bar) or a phrase at enough drive
// (one beat, two on a B phrase).
func (c *composer) fillFrom(bar int) (float64, bool) {
	bpb := float64(c.bpb)
	barEnd := float64(bar+1) * bpb
	if barEnd > c.end+eps || c.bars < 2 {
		return 0, false
	}
	i := c.sectionIndex(bar)
	s := c.sections[i]
	switch {
	case bar == s.StartBar+s.Bars-1 && i < len(c.sections)-1:
		if s.Name == "build" {
			return barEnd - bpb, true
		}
		return barEnd - 2, true
	case (bar-s.StartBar+1)%c.phrase == 0 && c.drive(barEnd-1) >= 0.4:
		return barEnd - 1 - float64(c.variant(bar)), true
	}
	return 0, false
}
