package prompt

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Explain describes the piece in the words the app shows under a
// generation, one line per field, saying what came from the prompt and what
// from the seed:
//
//	Tempo: 128 BPM (from the prompt)
//	Key: F# minor (from the seed)
//	Genre: techno (from the prompt)
//	Instruments: bass, lead synth, pads (drums excluded)
//	Mood: dark (energy 0.8, brightness 0.2)
//	Loop: yes
//
// Lines for avoided genres and for sounds the model cannot make follow
// only when there are any.
func (r Resolved) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Tempo: %s BPM%s (%s)\n", formatBPM(r.BPM), halfTime(r.HalfTime), r.tempoOrigin())
	fmt.Fprintf(&b, "Key: %s (%s)\n", r.Key, r.keyOrigin())
	if r.Style != "" {
		fmt.Fprintf(&b, "Genre: %s (%s, from the %s)\n", r.Style, r.Genre, r.GenreFrom)
	} else {
		fmt.Fprintf(&b, "Genre: %s (from the %s)\n", r.genreName(), r.GenreFrom)
	}
	fmt.Fprintf(&b, "Instruments: %s (%s)\n", joinInstruments(r.Instruments), r.instrumentNote())
	mood := "none said"
	if len(r.Mood) > 0 {
		mood = strings.Join(r.Mood, ", ")
	}
	fmt.Fprintf(&b, "Mood: %s (energy %.1f, brightness %.1f)\n", mood, r.Energy, r.Brightness)
	fmt.Fprintf(&b, "Loop: %s", yesNo(r.Loop))
	if len(r.Avoid) > 0 {
		names := make([]string, len(r.Avoid))
		for i, g := range r.Avoid {
			names[i] = string(g)
		}
		fmt.Fprintf(&b, "\nAvoided: %s", strings.Join(names, ", "))
	}
	if len(r.Unavailable) > 0 {
		fmt.Fprintf(&b, "\nNot available in the built-in model: %s", strings.Join(r.Unavailable, ", "))
	}
	return b.String()
}

// paceParts names the part of the range a tempo word chose.
var paceParts = map[Pace]string{Fast: "the fast end of", Slow: "the slow end of", MidTempo: "the middle of"}

func (r Resolved) tempoOrigin() string {
	if r.BPMSource == BPMExplicit {
		return "from the prompt"
	}
	span := formatBPM(r.BPMRange[0]) + "–" + formatBPM(r.BPMRange[1])
	if part := paceParts[r.Pace]; part != "" {
		return fmt.Sprintf("from the seed, within %s %s's range: %s", part, r.genreName(), span)
	}
	return fmt.Sprintf("from the seed, within %s's usual %s", r.genreName(), span)
}

func (r Resolved) keyOrigin() string {
	if r.KeyFrom == FromBoth {
		mode := "major"
		if r.Key.Minor {
			mode = "minor"
		}
		tonic := strings.TrimSuffix(r.Key.String(), " "+mode)
		return fmt.Sprintf("%s from the prompt, %s from the seed", mode, tonic)
	}
	return "from the " + string(r.KeyFrom)
}

func (r Resolved) genreName() string {
	switch {
	case r.Genre == "":
		return "no genre"
	case r.Style != "":
		return r.Style
	}
	return string(r.Genre)
}

// instrumentNote says why the band is what it is.
func (r Resolved) instrumentNote() string {
	var parts []string
	if len(r.Wanted) > 0 {
		parts = append(parts, joinInstruments(r.Wanted)+" wanted")
	}
	if len(r.Excluded) > 0 {
		parts = append(parts, joinInstruments(r.Excluded)+" excluded")
	}
	switch {
	case r.Only:
		return "only " + joinInstruments(r.Wanted) + ", as the prompt asked"
	case len(parts) == 0:
		return fmt.Sprintf("the usual %s band", r.genreName())
	}
	return strings.Join(parts, "; ")
}

func joinInstruments(xs []Instrument) string {
	if len(xs) == 0 {
		return "none"
	}
	names := make([]string, len(xs))
	for i, x := range xs {
		names[i] = string(x)
	}
	return strings.Join(names, ", ")
}

// formatBPM shows whole tempos without decimals and others to one place.
func formatBPM(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

func halfTime(on bool) string {
	if on {
		return ", half-time feel"
	}
	return ""
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
