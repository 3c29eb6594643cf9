package compose

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Part names: the instruments a Spec may ask for, and the keys of Score.Parts.
const (
	Drums   = "drums"
	Bass    = "bass"
	Pads    = "pads"
	Strings = "strings"
	Piano   = "piano"
	Guitar  = "guitar"
	Plucks  = "plucks"
	Lead    = "lead synth"
	Bells   = "bells"
)

// instruments is every part in the order parts are composed and listed.
var instruments = []string{Drums, Bass, Pads, Strings, Piano, Guitar, Plucks, Lead, Bells}

// Instruments returns the part names Compose understands.
func Instruments() []string { return slices.Clone(instruments) }

// Genres returns the genre names Compose understands.
func Genres() []string {
	names := make([]string, 0, len(styles))
	for name := range styles {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Limits of a Spec. MaxSeconds bounds the work of one call; the product's
// longest model asks for 190 s.
const (
	MaxSeconds = 600.0
	MinBPM     = 40.0
	MaxBPM     = 240.0
)

// DefaultGenre is used when Spec.Genre is empty.
const DefaultGenre = "pop"

// ErrInvalidSpec is wrapped by every error Compose returns; the message says
// which field to fix.
var ErrInvalidSpec = errors.New("invalid composition spec")

// Spec is what to compose. It is filled by the prompt parser; Compose only
// reads it.
type Spec struct {
	Seconds     float64  // length asked for, seconds (0 < Seconds <= MaxSeconds)
	BPM         float64  // tempo, beats per minute; 0 = the genre's range, picked by Seed
	Tonic       int      // key's tonic pitch class: 0 = C … 11 = B
	Minor       bool     // natural minor instead of major
	Genre       string   // one of Genres(); "" = DefaultGenre
	Instruments []string // subset of Instruments(); empty = DefaultInstruments(Genre)
	Energy      float64  // 0..1: velocities, density, fills
	Brightness  float64  // 0..1: register of melody and chords, hat level
	Loop        bool     // whole bars that repeat seamlessly, no ending
	Arrange     bool     // sections (model 2.0); false = one texture with gentle variation
	Seed        int64    // same Spec and Seed give the same Score
	Guide       *Guide   // a phrase for the melody to follow (audio to audio); nil = none
}

// defaultBands is each genre's band when the prompt names no instrument.
var defaultBands = map[string][]string{
	"techno":        {Drums, Bass, Pads, Plucks, Lead},
	"house":         {Drums, Bass, Pads, Piano, Lead},
	"drum and bass": {Drums, Bass, Pads, Lead},
	"hip hop":       {Drums, Bass, Piano, Pads},
	"lo-fi":         {Drums, Bass, Piano, Pads},
	"ambient":       {Pads, Strings, Piano, Bells},
	"cinematic":     {Drums, Bass, Strings, Piano, Pads},
	"rock":          {Drums, Bass, Guitar, Piano},
	"pop":           {Drums, Bass, Piano, Pads, Lead},
	"jazz":          {Drums, Bass, Piano},
	"folk":          {Drums, Bass, Guitar, Strings},
	"synthwave":     {Drums, Bass, Pads, Plucks, Lead},
}

// DefaultInstruments returns the band used for genre when Spec.Instruments
// is empty, or nil for an unknown genre.
func DefaultInstruments(genre string) []string {
	if genre == "" {
		genre = DefaultGenre
	}
	return slices.Clone(defaultBands[genre])
}

// normalized checks s and fills its defaults. Instruments come back
// deduplicated in the canonical order, so two prompts naming the same band in
// a different order compose the same score.
func (s Spec) normalized() (Spec, error) {
	bad := func(format string, args ...any) (Spec, error) {
		return s, fmt.Errorf("%w: "+format, append([]any{ErrInvalidSpec}, args...)...)
	}
	if s.Genre == "" {
		s.Genre = DefaultGenre
	}
	if _, ok := styles[s.Genre]; !ok {
		return bad("unknown genre %q; use one of %v", s.Genre, Genres())
	}
	if !(s.Seconds > 0 && s.Seconds <= MaxSeconds) {
		return bad("length %v s is out of range; ask for more than 0 and at most %v seconds", s.Seconds, MaxSeconds)
	}
	if s.BPM != 0 && !(s.BPM >= MinBPM && s.BPM <= MaxBPM) {
		return bad("tempo %v BPM is out of range; use %v–%v BPM, or 0 for the genre's tempo", s.BPM, MinBPM, MaxBPM)
	}
	if s.Tonic < 0 || s.Tonic > 11 {
		return bad("tonic %d is not a pitch class; use 0 (C) … 11 (B)", s.Tonic)
	}
	for _, v := range []struct {
		name string
		x    float64
	}{{"energy", s.Energy}, {"brightness", s.Brightness}} {
		if !(v.x >= 0 && v.x <= 1) || math.IsNaN(v.x) {
			return bad("%s %v is out of range; use 0..1", v.name, v.x)
		}
	}
	if s.Guide != nil {
		if err := s.Guide.validate(); err != nil {
			return s, err
		}
	}
	asked := s.Instruments
	if len(asked) == 0 {
		asked = defaultBands[s.Genre]
	}
	s.Instruments = nil
	for _, name := range instruments {
		if slices.Contains(asked, name) {
			s.Instruments = append(s.Instruments, name)
		}
	}
	for _, name := range asked {
		if !slices.Contains(instruments, name) {
			return bad("unknown instrument %q; use any of %v", name, instruments)
		}
	}
	return s, nil
}

// has reports whether the spec asks for part.
func (s Spec) has(part string) bool { return slices.Contains(s.Instruments, part) }
