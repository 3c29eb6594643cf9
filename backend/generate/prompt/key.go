package prompt

import "strings"

// Key is a tonic pitch class (0 = C … 11 = B) and a mode.
type Key struct {
	Tonic     int
	Minor     bool
	Known     bool // tonic and mode are fixed
	ModeKnown bool // the mode is fixed, even when the tonic is not ("a minor key")
}

// Conventional spellings: flats for the flat major keys, sharps for the
// sharp minor ones, so a producer reads "Bb major" and "F# minor".
var (
	majorNames = [12]string{"C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"}
	minorNames = [12]string{"C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"}
)

// String is "F# minor", "Bb major", just the mode ("minor") when only that
// is known, and "" when nothing is.
func (k Key) String() string {
	mode := "major"
	if k.Minor {
		mode = "minor"
	}
	switch {
	case k.Known && k.Minor:
		return minorNames[(k.Tonic%12+12)%12] + " " + mode
	case k.Known:
		return majorNames[(k.Tonic%12+12)%12] + " " + mode
	case k.ModeKnown:
		return mode
	}
	return ""
}

var notePitch = map[byte]int{'c': 0, 'd': 2, 'e': 4, 'f': 5, 'g': 7, 'a': 9, 'b': 11}

// modeWords maps a mode to whether it is minor. Church modes fold onto the
// mode with the same third, the closest the model's major/minor comes.
var modeWords = map[string]bool{
	"minor": true, "min": true, "major": false, "maj": false,
	"dorian": true, "phrygian": true, "aeolian": true, "locrian": true,
	"ionian": false, "lydian": false, "mixolydian": false,
}

// modeSuffixes may follow a note inside one word: "Cm", "F#min", "Bbmaj".
var modeSuffixes = map[string]bool{"m": true, "min": true, "minor": true, "maj": false, "major": false}

// scaleWords after "a minor" make the "a" an article: "in a minor key".
var scaleWords = map[string]bool{"key": true, "scale": true, "mode": true, "tonality": true, "feel": true}

// note is a note name read from one or more tokens.
type note struct {
	pc              int
	sign, accWord   bool // accidental as '#'/'b' or as "sharp"/"flat"
	minor, hasMode  bool
	mSuffix, inWord bool // mode written as a lone "m" / inside the note's word
	n               int  // tokens used
}

// readNote reads a note name at toks[i] with its accidental and mode,
// either inside the word ("F#m", "Bbmaj") or after it ("F sharp minor").
func readNote(toks []token, i int) (note, bool) {
	t := word(toks, i)
	if t == "" || !strings.ContainsRune("abcdefg", rune(t[0])) {
		return note{}, false
	}
	nt := note{pc: notePitch[t[0]]}
	rest := t[1:]
	switch {
	case strings.HasPrefix(rest, "#"):
		nt.pc, nt.sign, rest = nt.pc+1, true, rest[1:]
	case strings.HasPrefix(rest, "b"):
		nt.pc, nt.sign, rest = nt.pc-1, true, rest[1:]
	}
	if rest != "" {
		minor, ok := modeSuffixes[rest]
		if !ok {
			return note{}, false
		}
		nt.minor, nt.hasMode, nt.inWord, nt.mSuffix = minor, true, true, rest == "m"
	}
	j := i + 1
	if !nt.sign {
		switch word(toks, j) {
		case "#", "sharp":
			nt.pc, nt.accWord, j = nt.pc+1, true, j+1
		case "flat":
			nt.pc, nt.accWord, j = nt.pc-1, true, j+1
		}
	}
	if !nt.hasMode {
		if w := word(toks, j); (w == "harmonic" || w == "melodic" || w == "natural") && word(toks, j+1) == "minor" {
			j++
		}
		if minor, ok := modeWords[word(toks, j)]; ok {
			nt.minor, nt.hasMode, j = minor, true, j+1
		}
	}
	nt.pc, nt.n = (nt.pc+12)%12, j-i
	return nt, true
}

// keyContext is what precedes a note: "key of" makes anything a key, "in"
// makes a bare capital letter one ("a ballad in C").
func keyContext(toks []token, i int) (keyOf, in bool) {
	j := i - 1
	if j >= 0 && toks[j].brk && toks[j].norm == ":" {
		j--
	}
	w := word(toks, j)
	return w == "key" || (w == "of" && word(toks, j-1) == "key"), w == "in"
}

// key reads a key at toks[i] and returns how many tokens it used, or 0. See
// the package doc for which spellings count and why.
func (s *scanner) key(toks []token, i int) int {
	nt, ok := readNote(toks, i)
	if !ok {
		return s.modeOnly(toks, i)
	}
	orig := toks[i].orig
	keyOf, in := keyContext(toks, i)
	after := word(toks, i+nt.n)
	end := after == ""
	capital := orig[0] >= 'A' && orig[0] <= 'G'

	accept := false
	switch {
	case keyOf:
		accept = true
	case orig == "a": // the article, unless the music says otherwise
		if nt.hasMode && !nt.accWord && scaleWords[after] {
			return s.modeOnly(toks, i+1) + 1
		}
		accept = (in && nt.hasMode) || (end && (nt.hasMode || (in && nt.accWord)))
	case nt.mSuffix && !nt.sign: // "Am", "Cm", but not "I am", "FM synth" or "cm"
		accept = in || (capital && orig[len(orig)-1] == 'm' && word(toks, i-1) != "i" && word(toks, i+1) != "i")
	case nt.sign && nt.mSuffix: // "F#m", "Bbm", but not "EBM"
		accept = strings.Contains(orig, "#") || orig != strings.ToUpper(orig)
	case nt.sign && strings.Contains(orig, "#"):
		accept = true
	case nt.sign: // "Eb", "in eb", "bb major", but not "-6 db" or "2 gb"
		accept = (nt.hasMode || in || (capital && orig[1] == 'b')) && !isNumber(word(toks, i-1))
	case nt.accWord && !nt.hasMode && capital && orig == "A": // "A flat beat" starts a sentence
		accept = end || in
	case nt.hasMode || nt.accWord:
		accept = true
	default: // a bare letter: "in C", "in F, slow", "in D with strings"
		accept = in && orig != "a" && (end || after == "at" || after == "with" || after == "and" || after == "for")
	}
	if !accept {
		return 0
	}
	if !s.u.Key.Known {
		minor := nt.minor
		if !nt.hasMode && s.u.Key.ModeKnown {
			minor = s.u.Key.Minor // "minor, in the key of D" is D minor
		}
		s.u.Key = Key{Tonic: nt.pc, Minor: minor, Known: true, ModeKnown: true}
	}
	return nt.n
}

// modeOnly reads a mode without a tonic at toks[i]: "minor", "a minor key",
// "dorian", "in major". A lone "major" needs such a cue because it is also
// an ordinary adjective ("a major hit").
func (s *scanner) modeOnly(toks []token, i int) int {
	w := word(toks, i)
	minor, ok := modeWords[w]
	if !ok || w == "min" || w == "maj" {
		return 0
	}
	_, in := keyContext(toks, i)
	if !minor && !in && !scaleWords[word(toks, i+1)] {
		return 0
	}
	if !s.u.Key.ModeKnown {
		s.u.Key.Minor, s.u.Key.ModeKnown = minor, true
	}
	return 1
}
