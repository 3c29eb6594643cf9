package compose

import (
	"math"
	"slices"
)

// General MIDI drum numbers used in the "drums" part.
const (
	Kick         = 36
	SideStick    = 37
	Snare        = 38
	Clap         = 39
	FloorTom     = 41
	ClosedHat    = 42
	HighFloorTom = 43
	PedalHat     = 44
	LowTom       = 45
	OpenHat      = 46
	MidTom       = 47
	HighMidTom   = 48
	Crash        = 49
	HighTom      = 50
	Ride         = 51
	Tambourine   = 54
	Shaker       = 70
)

// Note is one note of a part. Times are in beats from the start of the score.
type Note struct {
	Start, Duration float64 // beats
	Pitch           int     // MIDI note; in the drums part a General MIDI drum number
	Velocity        float64 // 0..1
}

// Chord is one chord of the harmony. Chords tile the score without gaps.
type Chord struct {
	StartBeat, Beats float64
	Root             int    // pitch class of the root, 0 = C
	Quality          string // maj, min, dim, sus2, sus4, maj7, 7, min7, min7b5
	Notes            []int  // the voicing played by pads and piano, MIDI, ascending
}

// Section is a span of bars with one role in the arrangement.
type Section struct {
	Name     string  // intro, build, main, break, outro
	StartBar int     // first bar, 0-based
	Bars     int     // length; the last section may end in a partial bar
	Energy   float64 // relative intensity, see the section table in arrange.go
}

// Score is a composed piece. Its embedded Spec is the spec as composed:
// defaults filled in, and for a loop the BPM nudged (or the length rounded)
// so that whole bars fit; see Compose.
type Score struct {
	Spec
	Bars        int // bars, counting a final partial bar
	BeatsPerBar int // 4, or 3 for some folk and jazz seeds
	Sections    []Section
	Chords      []Chord
	Parts       map[string][]Note // one entry per instrument, notes sorted by start
	// Pulse is the depth (0..1) of a swell on every beat that the sustained parts
	// (pads, strings) play when nothing in the band marks the beat — a band of only
	// pads, strings and bells would otherwise have no tempo a listener could tap.
	Pulse float64
}

// SecondsPerBeat is the length of one beat at the score's tempo.
func (s *Score) SecondsPerBeat() float64 { return 60 / s.BPM }

// Duration is the length of the score in seconds; every note ends by then.
func (s *Score) Duration() float64 { return s.Seconds }

// Beats is the length of the score in beats.
func (s *Score) Beats() float64 { return s.Seconds / s.SecondsPerBeat() }

// Compose writes the score for spec. It is a pure function of the spec: the
// same spec (seed included) always gives an identical score.
//
// Length: a non-loop lasts exactly spec.Seconds and ends on the tonic after
// a cadence, fading over its last bars; its final bar may be partial. A loop
// is a whole number of bars: the bar count closest to spec.Seconds is kept
// and the BPM nudged by less than 1 % so those bars last exactly
// spec.Seconds. When no nudge that small fits (loops of a few bars), the
// asked BPM is kept and Seconds becomes the length of the whole bars; the
// caller renders Score.Duration().
func Compose(spec Spec) (*Score, error) {
	spec, err := spec.normalized()
	if err != nil {
		return nil, err
	}
	c := newComposer(spec)
	c.harmonize()
	parts := make(map[string][]Note, len(c.spec.Instruments))
	for _, name := range c.spec.Instruments {
		parts[name] = c.part(name)
	}
	if carrier := c.carrier(); carrier != "" && carrier != Lead {
		parts[carrier] = append(parts[carrier], c.melody()...)
	}
	for name, notes := range parts {
		parts[name] = c.finish(notes)
	}
	return &Score{
		Spec: c.spec, Bars: c.bars, BeatsPerBar: c.bpb,
		Sections: c.sections, Chords: c.chords, Parts: parts, Pulse: c.pulse(),
	}, nil
}

// pulse is Score.Pulse: none when a part that plays on the beat (drums, bass, the
// comping instruments) is in the band, else deeper with energy.
func (c *composer) pulse() float64 {
	for _, part := range []string{Drums, Bass, Piano, Guitar, Plucks} {
		if c.spec.has(part) {
			return 0
		}
	}
	return 0.35 + 0.25*c.spec.Energy
}

// composer holds the plan every part is written against.
type composer struct {
	spec     Spec
	st       *style
	key      key
	bpb      int     // beats per bar
	beats    float64 // total length
	end      float64 // start of the final tonic chord; == beats for a loop
	bars     int
	phrase   int // bars between variations and fills
	trap     bool
	swing16  float64
	swing8   float64
	sections []Section
	chords   []Chord
	syms     []chordSym // parallel to chords
	variants []int      // per phrase: which variant of their pattern parts play
	motifA   motif
	motifB   motif // the break's motif
	lift     int   // semitones the seed moves the chords' register by, so seeds voice them apart
}

func (c *composer) part(name string) []Note {
	switch name {
	case Drums:
		return c.drums()
	case Bass:
		return c.bass()
	case Pads, Strings:
		return c.sustained(name)
	case Lead:
		return c.melody()
	case Bells:
		return c.bells()
	}
	return c.comp(name)
}

// carrier is the part that plays the melody: the lead synth, or failing
// that the first melodic instrument, so a "solo piano" prompt still sings.
func (c *composer) carrier() string {
	for _, p := range []string{Lead, Piano, Guitar, Strings, Plucks} {
		if c.spec.has(p) {
			return p
		}
	}
	return ""
}

// finish clips notes to the end, fades a non-loop's ending, clamps
// velocities and sorts. Clipping here, once, is what guarantees that no
// part rings past Duration().
func (c *composer) finish(notes []Note) []Note {
	fadeFrom := math.Max(0, c.end-2*float64(c.bpb))
	out := notes[:0]
	for _, n := range notes {
		if n.Start >= c.beats-eps || n.Start < 0 {
			continue
		}
		n.Duration = math.Min(n.Duration, c.beats-n.Start)
		if n.Duration <= eps {
			continue
		}
		if !c.spec.Loop && n.Start > fadeFrom {
			n.Velocity *= 1 - 0.45*(n.Start-fadeFrom)/(c.beats-fadeFrom)
		}
		n.Velocity = math.Round(clamp(n.Velocity, 0.05, 1)*1000) / 1000
		out = append(out, n)
	}
	slices.SortStableFunc(out, func(a, b Note) int {
		if a.Start != b.Start {
			if a.Start < b.Start {
				return -1
			}
			return 1
		}
		return a.Pitch - b.Pitch
	})
	return out
}

// eps absorbs float rounding when comparing positions in beats.
const eps = 1e-9

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }
