package analysis

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"stableaudio/backend/audio"
)

// Key is a musical key: a tonic pitch class and a mode.
type Key struct {
	Tonic int  // pitch class, 0 = C, 1 = C#, … 11 = B
	Minor bool // false for major
}

// String names the key with sharps, as "C minor" or "F# major".
func (k Key) String() string {
	mode := " major"
	if k.Minor {
		mode = " minor"
	}
	return PitchClassNames[((k.Tonic%12)+12)%12] + mode
}

// MarshalText writes the key as String does, so keys travel in JSON as "A minor".
func (k Key) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText accepts anything ParseKey does.
func (k *Key) UnmarshalText(text []byte) error {
	parsed, err := ParseKey(string(text))
	if err != nil {
		return err
	}
	*k = parsed
	return nil
}

// ErrBadKey reports a key name ParseKey cannot read.
var ErrBadKey = errors.New("not a key name")

var naturalPitchClass = map[byte]int{'C': 0, 'D': 2, 'E': 4, 'F': 5, 'G': 7, 'A': 9, 'B': 11}

// ParseKey reads a key name as people and prompts write it: a note letter, an optional
// sharp or flat (#, ♯, b, ♭), then a mode — "major", "maj", "M" or nothing for major,
// "minor", "min" or "m" for minor, with or without a space and in any letter case except
// that "M" alone means major. Enharmonic spellings map to the sharp name: "Bb major" is
// A# major, "Cb" is B major.
func ParseKey(s string) (Key, error) {
	bad := func() (Key, error) {
		return Key{}, fmt.Errorf("%w: %q; write a note A–G, optionally # or b, then major or minor, "+
			"as in \"F# minor\", \"Bb major\" or \"Am\"", ErrBadKey, s)
	}
	rest := strings.TrimSpace(s)
	if rest == "" {
		return bad()
	}
	pc, ok := naturalPitchClass[strings.ToUpper(rest[:1])[0]]
	if !ok {
		return bad()
	}
	rest = rest[1:]
	for _, acc := range []struct {
		mark  string
		shift int
	}{{"#", 1}, {"♯", 1}, {"b", -1}, {"♭", -1}} {
		if strings.HasPrefix(rest, acc.mark) {
			pc += acc.shift
			rest = rest[len(acc.mark):]
			break
		}
	}
	key := Key{Tonic: (pc + 12) % 12}
	mode := strings.TrimSpace(rest)
	switch {
	case mode == "M":
		// Chord-symbol style: a capital M is major, a small m minor.
	case mode == "m":
		key.Minor = true
	default:
		switch strings.ToLower(mode) {
		case "", "maj", "major":
		case "min", "minor":
			key.Minor = true
		default:
			return bad()
		}
	}
	return key, nil
}

// Krumhansl–Kessler probe-tone profiles: how well each scale degree (from the tonic)
// fits a major or minor key context, as rated by listeners. Correlating a track's chroma
// with every rotation of both is the classic key finder (Krumhansl 1990).
var (
	majorProfile = [12]float64{6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88}
	minorProfile = [12]float64{6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17}
)

// FindKey estimates the key of b. confidence is the Pearson correlation of the track's
// chroma with the winning key profile, in [0, 1]: above ~0.8 the harmony fits the key
// well; low values mean atonal, percussive or modulating material.
func FindKey(b *audio.Buffer) (key Key, confidence float64, err error) {
	chroma, err := Chroma(b)
	if err != nil {
		return Key{}, 0, err
	}
	key, r := KeyFromChroma(chroma)
	return key, max(r, 0), nil
}

// KeyFromChroma returns the key whose profile, rotated to its tonic, correlates best
// with the chroma (index 0 = C), and that correlation in [−1, 1].
func KeyFromChroma(chroma [12]float64) (Key, float64) {
	best, bestR := Key{}, math.Inf(-1)
	for tonic := range 12 {
		var rotated [12]float64
		for degree := range rotated {
			rotated[degree] = chroma[(tonic+degree)%12]
		}
		for _, mode := range []struct {
			minor   bool
			profile *[12]float64
		}{{false, &majorProfile}, {true, &minorProfile}} {
			if r := pearson(&rotated, mode.profile); r > bestR {
				best, bestR = Key{Tonic: tonic, Minor: mode.minor}, r
			}
		}
	}
	return best, bestR
}

func pearson(a, b *[12]float64) float64 {
	var ma, mb float64
	for i := range a {
		ma += a[i]
		mb += b[i]
	}
	ma, mb = ma/12, mb/12
	var cov, va, vb float64
	for i := range a {
		da, db := a[i]-ma, b[i]-mb
		cov += da * db
		va += da * da
		vb += db * db
	}
	if va == 0 || vb == 0 {
		return 0
	}
	return cov / math.Sqrt(va*vb)
}
