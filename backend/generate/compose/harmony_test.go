package compose

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// intervals of each quality, the inverse of the qualities table written out
// again so that a wrong table entry cannot pass by agreeing with itself.
var qualityIntervals = map[string][]int{
	"maj": {0, 4, 7}, "min": {0, 3, 7}, "dim": {0, 3, 6}, "sus2": {0, 2, 7}, "sus4": {0, 5, 7},
	"maj7": {0, 4, 7, 11}, "7": {0, 4, 7, 10}, "min7": {0, 3, 7, 10}, "min7b5": {0, 3, 6, 10},
}

func TestProgressionTablesAreDiatonicAndSpelledRight(t *testing.T) {
	for name, st := range styles {
		for mode, progs := range [][]string{st.major, st.minor} {
			k := key{minor: mode == 1}
			all := append(slices.Clone(progs), strings.Join(st.ending[mode][:], " "))
			for _, prog := range all {
				for _, tok := range strings.Fields(prog) {
					cs, err := parseChord(tok)
					if err != nil {
						t.Errorf("%s: %v", name, err)
						continue
					}
					q := k.quality(cs)
					iv, ok := qualityIntervals[q]
					if !ok {
						t.Errorf("%s %s: %q has no quality in this mode", name, prog, tok)
						continue
					}
					if cs.sus == 0 && (iv[1] == 4) != cs.upper {
						t.Errorf("%s %s: %q is %s; the numeral's case says otherwise", name, prog, tok, q)
					}
				}
			}
		}
		if len(st.major) == 0 || len(st.minor) == 0 || len(st.chordBars) == 0 {
			t.Errorf("%s: missing progressions or harmonic rhythm", name)
		}
	}
	if _, err := parseChord("VIII"); err == nil {
		t.Error(`parseChord("VIII") succeeded`)
	}
	if _, err := parseChord("IVadd9"); err == nil {
		t.Error(`parseChord("IVadd9") succeeded`)
	}
}

// scores composes every genre in both modes over a few tonics and seeds.
func scores(t *testing.T, seconds float64, arrange bool) map[string]*Score {
	t.Helper()
	out := map[string]*Score{}
	for _, g := range Genres() {
		for _, minor := range []bool{false, true} {
			for seed := int64(0); seed < 4; seed++ {
				spec := Spec{Seconds: seconds, Genre: g, Minor: minor, Tonic: int(seed*5) % 12, Instruments: band(),
					Energy: float64(seed) / 3, Brightness: 1 - float64(seed)/3, Arrange: arrange, Seed: seed}
				out[fmt.Sprintf("%s minor=%v seed=%d", g, minor, seed)] = compose(t, spec)
			}
		}
	}
	return out
}

func TestEveryNoteIsInTheKey(t *testing.T) {
	for _, arrange := range []bool{false, true} {
		for name, s := range scores(t, 70, arrange) {
			k := key{tonic: s.Tonic, minor: s.Minor}
			for part, notes := range s.Parts {
				if part == Drums {
					continue
				}
				outside := 0
				for i, n := range notes {
					if k.inScale(n.Pitch) {
						continue
					}
					outside++
					if s.Genre != "jazz" {
						t.Fatalf("%s: %s note %+v is outside the key", name, part, n)
					}
					if !resolvesBySemitone(notes, i) {
						t.Errorf("%s: %s chromatic note %+v does not move a half step to the next note", name, part, n)
					}
				}
				if outside*10 > len(notes) {
					t.Errorf("%s: %s has %d of %d notes outside the key, want at most 10 %%", name, part, outside, len(notes))
				}
			}
		}
	}
}

// resolvesBySemitone reports whether notes[i], a chromatic passing or
// approach tone, is followed within a beat of its end by a note a half step
// away: the only way this package leaves the scale.
func resolvesBySemitone(notes []Note, i int) bool {
	n := notes[i]
	for _, m := range notes[i+1:] {
		if m.Start > n.Start+n.Duration+1 {
			break
		}
		if m.Start > n.Start && abs(m.Pitch-n.Pitch) == 1 {
			return true
		}
	}
	return false
}

func TestChordsAreDiatonicAndTileTheScore(t *testing.T) {
	for name, s := range scores(t, 45, true) {
		k := key{tonic: s.Tonic, minor: s.Minor}
		pos := 0.0
		for _, ch := range s.Chords {
			if math.Abs(ch.StartBeat-pos) > 1e-9 || ch.Beats <= 0 {
				t.Fatalf("%s: chord %+v does not start where the last ended (%v)", name, ch, pos)
			}
			pos += ch.Beats
			if !k.inScale(ch.Root) {
				t.Errorf("%s: chord root %d is not diatonic", name, ch.Root)
			}
			var pcs []int
			for _, p := range ch.Notes {
				pcs = append(pcs, mod(p-ch.Root, 12))
				if p < 53 || p > 80 {
					t.Errorf("%s: voicing %v leaves the middle register", name, ch.Notes)
				}
			}
			slices.Sort(pcs)
			if want := qualityIntervals[ch.Quality]; !slices.Equal(pcs, want) {
				t.Errorf("%s: %d%s voiced %v, want intervals %v above the root", name, ch.Root, ch.Quality, ch.Notes, want)
			}
		}
		if math.Abs(pos-s.Beats()) > 1e-9 {
			t.Errorf("%s: chords end at %v, score at %v", name, pos, s.Beats())
		}
	}
}

func TestNonLoopEndsOnTheTonic(t *testing.T) {
	for _, seconds := range []float64{1, 5, 33, 120} {
		for name, s := range scores(t, seconds, false) {
			last := s.Chords[len(s.Chords)-1]
			if last.Root != s.Tonic || (s.Minor != strings.HasPrefix(last.Quality, "min")) {
				t.Errorf("%s %vs: final chord %d%s, want the tonic chord", name, seconds, last.Root, last.Quality)
			}
			if s.Beats() >= 2 && last.Beats < 2 {
				t.Errorf("%s %vs: final chord lasts %v beats, want at least 2", name, seconds, last.Beats)
			}
			if lead := s.Parts[Lead]; len(lead) > 0 {
				if end := lead[len(lead)-1]; mod(end.Pitch-s.Tonic, 12) != 0 || end.Start < last.StartBeat {
					t.Errorf("%s %vs: melody ends on %+v, want the tonic over the final chord", name, seconds, end)
				}
			}
		}
	}
}

func TestKeyArithmetic(t *testing.T) {
	a := key{tonic: 9, minor: true} // A minor
	if a.pitch(35) != 69 || a.pitch(36) != 71 || a.pitch(34) != 67 {
		t.Errorf("A minor steps 34..36 = %d %d %d, want 67 69 71", a.pitch(34), a.pitch(35), a.pitch(36))
	}
	for s := -20; s < 80; s++ {
		if got := a.step(a.pitch(s)); got != s {
			t.Fatalf("step(pitch(%d)) = %d", s, got)
		}
	}
	if nearest(0, 66) != 60 || nearest(0, 67) != 72 || nearest(7, 60) != 55 {
		t.Errorf("nearest: %d %d %d, want 60 72 55", nearest(0, 66), nearest(0, 67), nearest(7, 60))
	}
}
