package compose

import (
	"fmt"
	"math"
)

// Guide is a phrase the melody follows, heard in a recording (audio to audio): its
// rhythm in beats and its contour in MIDI pitches.
type Guide struct {
	// Notes start at beat 0 (the phrase's first note) and are sorted by Start. Pitch is
	// the MIDI note heard, 0 for a hit with no pitch: it keeps its place in the rhythm
	// and the composer chooses its note.
	Notes []Note
	// Strength, 0..1, is the share of the melody's statements that keep the phrase as
	// heard — no variation, no snapping to the chords; the rest are varied as a
	// composed motif would be. 0 ignores the guide.
	Strength float64
}

// Limits of a Guide: a phrase longer than maxGuideBars is cut, one with more notes than
// maxGuideNotes is refused, since no sung or played phrase of that length has them.
const (
	maxGuideBars  = 8
	maxGuideNotes = 256
)

// validate reports the first problem with g, naming the field to fix.
func (g *Guide) validate() error {
	if !(g.Strength >= 0 && g.Strength <= 1) {
		return fmt.Errorf("%w: guide strength %v is out of range; use 0..1", ErrInvalidSpec, g.Strength)
	}
	if len(g.Notes) > maxGuideNotes {
		return fmt.Errorf("%w: the guide has %d notes; at most %d are followed", ErrInvalidSpec, len(g.Notes), maxGuideNotes)
	}
	prev := 0.0
	for i, n := range g.Notes {
		if !(n.Start >= prev) || !(n.Duration > 0) || math.IsInf(n.Start+n.Duration, 0) || n.Pitch < 0 || n.Pitch > 127 {
			return fmt.Errorf("%w: guide note %d (start %v, length %v, pitch %d) is not a note; starts must be sorted, lengths positive, pitches 0..127",
				ErrInvalidSpec, i, n.Start, n.Duration, n.Pitch)
		}
		prev = n.Start
	}
	return nil
}

// follows reports whether the guide shapes the melody at all.
func (c *composer) follows() bool {
	g := c.spec.Guide
	return g != nil && g.Strength > 0 && len(g.Notes) > 0
}

// guideMotif turns the guide into the melody's main motif: whole bars long, each note on
// the scale step of the pitch heard (absolute steps, so realize keeps the contour and only
// moves it by octaves), an unpitched hit on the step of the note before it.
func (c *composer) guideMotif() motif {
	notes := c.spec.Guide.Notes
	bpb := float64(c.bpb)
	last := notes[len(notes)-1]
	bars := min(maxGuideBars, max(1, int(math.Ceil((last.Start+last.Duration)/bpb-eps))))
	span := float64(bars) * bpb
	step := c.key.step(60 + c.spec.Tonic) // middle of the keyboard until a pitch is heard
	for _, n := range notes {
		if n.Pitch > 0 {
			step = c.key.step(n.Pitch)
			break
		}
	}
	var out []motifNote
	for _, n := range notes {
		if n.Start >= span-eps {
			break
		}
		if n.Pitch > 0 {
			step = c.key.step(n.Pitch)
		}
		out = append(out, motifNote{pos: n.Start, dur: math.Min(n.Duration, span-n.Start), step: step})
	}
	return motif{notes: out, bars: bars}
}
