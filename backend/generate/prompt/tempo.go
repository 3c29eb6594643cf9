package prompt

import "strconv"

// Tempos outside this range are typos or something else ("500 bpm" is not a
// tempo anyone can dance to), so such values are ignored.
const (
	minBPM = 40
	maxBPM = 300
)

// tempoCues precede a bare number that is a tempo: "at 128", "tempo 128",
// "bpm: 128".
var tempoCues = map[string]bool{"at": true, "tempo": true, "bpm": true, "bpms": true}

// approxWords may sit between a cue and its number: "at around 90".
var approxWords = map[string]bool{
	"around": true, "about": true, "roughly": true, "approx": true, "approximately": true,
	"like": true, "of": true, "is": true, "exactly": true,
}

// unitWords after a number make it something other than a tempo: "at 90
// seconds", "tempo 100 percent".
var unitWords = map[string]bool{
	"s": true, "sec": true, "secs": true, "second": true, "seconds": true, "min": true,
	"mins": true, "minute": true, "minutes": true, "ms": true, "hz": true, "khz": true,
	"percent": true, "db": true, "x": true, "bar": true, "bars": true, "steps": true,
	"k": true, "years": true, "tracks": true, "versions": true, "variations": true,
}

// tempo reads a tempo starting at toks[i] and returns how many tokens it
// used, or 0 when toks[i] starts no tempo. The first tempo wins; later ones
// are still consumed so that their numbers mean nothing else.
func (s *scanner) tempo(toks []token, i int) int {
	if !isNumber(word(toks, i)) {
		return 0
	}
	v, _ := strconv.ParseFloat(toks[i].norm, 64)
	n := 1
	// "120-130 bpm" and "120 to 130 bpm" mean the middle of the range.
	if next := word(toks, i+1); next == "to" && isNumber(word(toks, i+2)) && isUnit(toks, i+3) > 0 {
		hi, _ := strconv.ParseFloat(toks[i+2].norm, 64)
		v, n = (v+hi)/2, 3
	} else if isNumber(next) && isUnit(toks, i+2) > 0 {
		hi, _ := strconv.ParseFloat(next, 64)
		v, n = (v+hi)/2, 2
	}
	sane := v >= minBPM && v <= maxBPM
	unit := isUnit(toks, i+n)
	if unit == 0 && (!sane || unitWords[word(toks, i+1)] || !(s.tempoCue(toks, i) || s.besideGenre(toks, i))) {
		// Without a unit an odd number may be a word ("808") or nothing.
		return 0
	}
	n += unit
	if sane && s.u.BPM == 0 {
		s.u.BPM, s.u.BPMSource = v, BPMExplicit
	}
	return n
}

// isUnit returns how many tokens a tempo unit at toks[i] uses: "bpm", "beats
// per minute", or 0 when there is none.
func isUnit(toks []token, i int) int {
	switch word(toks, i) {
	case "bpm", "bpms":
		return 1
	case "beats", "beat":
		if word(toks, i+1) == "per" || word(toks, i+1) == "a" {
			if w := word(toks, i+2); w == "minute" || w == "min" {
				return 3
			}
		}
	}
	return 0
}

// tempoCue reports whether a cue word comes before the number at toks[i],
// looking past approximation words and a colon ("tempo: 128").
func (s *scanner) tempoCue(toks []token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		switch {
		case toks[j].brk && toks[j].norm == ":":
		case toks[j].brk:
			return false
		case tempoCues[toks[j].norm]:
			return true
		case !approxWords[toks[j].norm]:
			return false
		}
	}
	return false
}

// besideGenre reports whether the number at toks[i] sits right next to a
// strong genre word, as producers label tracks: "dnb 174", "140 trap".
func (s *scanner) besideGenre(toks []token, i int) bool {
	if s.genreEnd == i && i > 0 {
		return true
	}
	if i+1 < len(toks) {
		if e, _ := match(toks, i+1); e != nil && e.genre != "" && !e.weak {
			return true
		}
	}
	return false
}
