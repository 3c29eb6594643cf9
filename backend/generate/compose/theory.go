package compose

import (
	"fmt"
	"strconv"
	"strings"
)

// rng is a splitmix64 generator. The composer keeps its own instead of
// math/rand because a seed is a promise to the user: the same seed must give
// the same score after a Go upgrade, and math/rand/v2 does not pin the
// sequences of its helper methods.
type rng struct{ s uint64 }

// newRNG returns the stream called name for seed. Each part draws from its
// own stream so that adding an instrument, or changing how one part is
// written, does not change the notes of any other part.
func newRNG(seed int64, name string) *rng {
	h := uint64(14695981039346656037) // FNV-1a
	for i := 0; i < len(name); i++ {
		h = (h ^ uint64(name[i])) * 1099511628211
	}
	r := &rng{s: uint64(seed) ^ h}
	r.next()
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// intn returns 0..n-1; the modulo bias is below 2^-50 for the small n used here.
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

func (r *rng) chance(p float64) bool { return r.float() < p }

func (r *rng) between(lo, hi float64) float64 { return lo + (hi-lo)*r.float() }

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// Scales of the two modes, in semitones above the tonic. Minor is natural
// minor (aeolian): every chord and melody note stays inside these seven
// pitch classes, which is what the scale tests check.
var (
	majorScale = [7]int{0, 2, 4, 5, 7, 9, 11}
	minorScale = [7]int{0, 2, 3, 5, 7, 8, 10}
)

// key is a tonic pitch class and a mode. Scale steps count diatonic notes:
// step 0 is the tonic in MIDI octave -1, step 7 the tonic an octave up, so
// step 35 is the tonic in the octave starting at middle C.
type key struct {
	tonic int
	minor bool
}

func (k key) scale() [7]int {
	if k.minor {
		return minorScale
	}
	return majorScale
}

// pitch returns the MIDI pitch of scale step s.
func (k key) pitch(s int) int {
	o := floorDiv(s, 7)
	return k.tonic + 12*o + k.scale()[s-7*o]
}

// step returns the scale step of pitch p, or of the scale note just below it
// when p is not in the scale.
func (k key) step(p int) int {
	o := floorDiv(p-k.tonic, 12)
	rel := p - k.tonic - 12*o
	best := 0
	for i, s := range k.scale() {
		if s <= rel {
			best = i
		}
	}
	return 7*o + best
}

// inScale reports whether pitch (or pitch class) p belongs to the key.
func (k key) inScale(p int) bool {
	pc := mod(p-k.tonic, 12)
	for _, s := range k.scale() {
		if s == pc {
			return true
		}
	}
	return false
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func mod(a, b int) int { return ((a % b) + b) % b }

// chordSym is one chord of a progression written as a roman numeral:
// "ii7:2" is the seventh chord on the second degree, lasting two beats. The
// numeral's case is only a reading aid: the key decides whether a third is
// major or minor, so every chord is diatonic by construction.
type chordSym struct {
	degree  int     // 0 = tonic … 6
	seventh bool    // add the diatonic seventh
	sus     int     // 0, 2 or 4: replace the third by the second or fourth
	beats   float64 // 0 = the style's harmonic rhythm
	upper   bool    // numeral written in capitals
}

var numerals = map[string]int{"i": 0, "ii": 1, "iii": 2, "iv": 3, "v": 4, "vi": 5, "vii": 6}

func parseChord(tok string) (chordSym, error) {
	var cs chordSym
	name, beats, hasBeats := strings.Cut(tok, ":")
	if hasBeats {
		b, err := strconv.ParseFloat(beats, 64)
		if err != nil || b <= 0 {
			return cs, fmt.Errorf("chord %q: bad length %q", tok, beats)
		}
		cs.beats = b
	}
	n := strings.IndexFunc(name, func(r rune) bool { return !strings.ContainsRune("ivIV", r) })
	if n < 0 {
		n = len(name)
	}
	deg, ok := numerals[strings.ToLower(name[:n])]
	if !ok {
		return cs, fmt.Errorf("chord %q: unknown numeral", tok)
	}
	cs.degree, cs.upper = deg, n > 0 && name[0] <= 'Z'
	switch name[n:] {
	case "":
	case "7", "maj7":
		cs.seventh = true
	case "sus2":
		cs.sus = 2
	case "sus4":
		cs.sus = 4
	default:
		return cs, fmt.Errorf("chord %q: unknown suffix %q", tok, name[n:])
	}
	return cs, nil
}

// steps returns the chord's tones as scale steps above the tonic, root first.
func (cs chordSym) steps() []int {
	d := cs.degree
	third := d + 2
	switch cs.sus {
	case 2:
		third = d + 1
	case 4:
		third = d + 3
	}
	st := []int{d, third, d + 4}
	if cs.seventh {
		st = append(st, d+6)
	}
	return st
}

// qualities names a chord by its intervals above the root. A diatonic stack
// that is not listed (a "sus4" over an augmented fourth) is a table error,
// caught by the progression tests.
var qualities = map[[3]int]string{
	{4, 7, 0}: "maj", {3, 7, 0}: "min", {3, 6, 0}: "dim", {2, 7, 0}: "sus2", {5, 7, 0}: "sus4",
	{4, 7, 11}: "maj7", {4, 7, 10}: "7", {3, 7, 10}: "min7", {3, 6, 10}: "min7b5",
}

// quality returns the chord's quality name in key k, or "" if it has none.
func (k key) quality(cs chordSym) string {
	st := cs.steps()
	root := k.pitch(st[0])
	var iv [3]int
	for i, s := range st[1:] {
		iv[i] = k.pitch(s) - root
	}
	return qualities[iv]
}
