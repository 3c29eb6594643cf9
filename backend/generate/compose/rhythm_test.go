package compose

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

// hitsAt reports whether part has a note of pitch starting at pos (beats).
func hitsAt(notes []Note, pitch int, pos float64) bool {
	for _, n := range notes {
		if n.Pitch == pitch && math.Abs(n.Start-pos) < 1e-6 {
			return true
		}
	}
	return false
}

// ending is where a score's final chord starts; grooves stop there.
func ending(s *Score) float64 { return s.Chords[len(s.Chords)-1].StartBeat }

func TestDrumsOnlyWhenAsked(t *testing.T) {
	for _, g := range Genres() {
		for _, arrange := range []bool{false, true} {
			with := compose(t, Spec{Seconds: 60, Genre: g, Instruments: []string{Drums, Pads}, Arrange: arrange, Energy: 0.5, Seed: 3})
			if len(with.Parts[Drums]) == 0 {
				t.Errorf("%s arrange=%v: drums asked for but the part is empty", g, arrange)
			}
			for _, n := range with.Parts[Drums] {
				if n.Pitch < 35 || n.Pitch > 81 {
					t.Errorf("%s: drum note %d is not a General MIDI drum", g, n.Pitch)
				}
			}
			without := compose(t, Spec{Seconds: 60, Genre: g, Instruments: []string{Bass, Pads, Lead}, Arrange: arrange, Energy: 1, Seed: 3})
			if _, ok := without.Parts[Drums]; ok {
				t.Errorf("%s arrange=%v: drums not asked for but present", g, arrange)
			}
			if len(without.Parts) != 3 {
				t.Errorf("%s: parts %d, want exactly the 3 asked for", g, len(without.Parts))
			}
		}
	}
}

func TestTechnoKickOnEveryBeat(t *testing.T) {
	for seed := int64(0); seed < 12; seed++ {
		for _, loop := range []bool{false, true} {
			s := compose(t, Spec{Seconds: 45, Genre: "techno", Instruments: band(), Loop: loop,
				Energy: float64(seed%4) / 3, Seed: seed})
			drums := s.Parts[Drums]
			for beat := 0.0; beat < ending(s)-1e-9; beat++ {
				if !hitsAt(drums, Kick, beat) {
					t.Fatalf("seed %d loop=%v: no kick on beat %v", seed, loop, beat)
				}
			}
		}
	}
}

func TestDrumAndBassTwoStep(t *testing.T) {
	for seed := int64(0); seed < 20; seed++ {
		s := compose(t, Spec{Seconds: 60, Genre: "drum and bass", Minor: true, Instruments: band(), Energy: 0.8, Arrange: seed%2 == 0, Seed: seed})
		if s.BPM < 170 || s.BPM > 176 {
			t.Errorf("seed %d: %v BPM, want 170–176", seed, s.BPM)
		}
		drums := s.Parts[Drums]
		bars, withLateKick := 0, 0
		for _, sec := range s.Sections {
			for bar := sec.StartBar; bar < sec.StartBar+sec.Bars && sec.Name == "main"; bar++ {
				at := float64(bar * s.BeatsPerBar)
				if at+4 > ending(s) {
					break
				}
				bars++
				if !hitsAt(drums, Kick, at) || !hitsAt(drums, Snare, at+1) || !hitsAt(drums, Snare, at+3) {
					t.Fatalf("seed %d bar %d: want kick on 1 and snares on 2 and 4", seed, bar)
				}
				if hitsAt(drums, Kick, at+1) || hitsAt(drums, Kick, at+3) {
					t.Fatalf("seed %d bar %d: a kick on the backbeat is not two-step", seed, bar)
				}
				if hitsAt(drums, Kick, at+2.5) {
					withLateKick++
				}
			}
		}
		if bars == 0 || withLateKick*4 < bars*3 {
			t.Errorf("seed %d: kick on the and of 3 in %d of %d bars, want at least 75 %% (fills may take it)", seed, withLateKick, bars)
		}
	}
}

func TestLoFiSwing(t *testing.T) {
	for seed := int64(0); seed < 10; seed++ {
		s := compose(t, Spec{Seconds: 40, Genre: "lo-fi", Instruments: []string{Drums}, Energy: 0.9, Seed: seed})
		ratios := map[float64]bool{}
		for _, n := range s.Parts[Drums] {
			off := n.Start - math.Floor(n.Start*2)/2 // position inside its 8th
			if off < 1e-6 {
				continue
			}
			ratios[math.Round(off*2*1e6)/1e6] = true
		}
		if len(ratios) != 1 {
			t.Fatalf("seed %d: off-beat 16ths at %v of an 8th, want one swing ratio", seed, ratios)
		}
		for r := range ratios {
			if r < 0.55 || r > 0.60 {
				t.Errorf("seed %d: swing %v, want 55–60 %%", seed, r)
			}
		}
	}
}

func TestTrapHalfTimeAndRolls(t *testing.T) {
	rolls := 0
	for seed := int64(0); seed < 10; seed++ {
		s := compose(t, Spec{Seconds: 40, Genre: "hip hop", BPM: 140, Instruments: []string{Drums}, Energy: 0.8, Seed: seed})
		for _, n := range s.Parts[Drums] {
			beat := n.Start - math.Floor(n.Start/4)*4
			if n.Pitch == Snare && beat < 2-1e-6 {
				t.Fatalf("seed %d: snare at %v, want the half-time backbeat on beat 3 (and fills after it)", seed, n.Start)
			}
			if n.Pitch == ClosedHat && n.Duration < 0.2 {
				rolls++
			}
		}
	}
	if rolls == 0 {
		t.Error("no triplet or 32nd hat rolls in ten trap seeds")
	}
}

func TestJazzBassWalks(t *testing.T) {
	for seed := int64(0); seed < 12; seed++ {
		s := compose(t, Spec{Seconds: 60, Genre: "jazz", Minor: seed%3 == 0, Tonic: int(seed), Instruments: band(),
			Arrange: seed%2 == 1, Energy: 0.6, Seed: seed})
		k := key{tonic: s.Tonic, minor: s.Minor}
		var walk []Note
		for _, n := range s.Parts[Bass] {
			if n.Start < ending(s)-1e-9 {
				walk = append(walk, n)
			}
		}
		if len(walk) < 16 {
			t.Fatalf("seed %d: only %d bass notes", seed, len(walk))
		}
		smooth := 0
		for i, n := range walk {
			if !whole(n.Start) || n.Duration > 1 {
				t.Fatalf("seed %d: bass note %+v is not a quarter note on the beat", seed, n)
			}
			if i == 0 {
				continue
			}
			ch := s.Chords[slices.IndexFunc(s.Chords, func(c Chord) bool { return n.Start < c.StartBeat+c.Beats-1e-9 })]
			chordTone := slices.Contains(qualityIntervals[ch.Quality], mod(n.Pitch-ch.Root, 12))
			if abs(n.Pitch-walk[i-1].Pitch) <= 2 || (chordTone && k.inScale(n.Pitch)) {
				smooth++
			}
		}
		if smooth*100 < (len(walk)-1)*85 {
			t.Errorf("seed %d: %d of %d moves are steps or chord tones, want 85 %%", seed, smooth, len(walk)-1)
		}
	}
}

func TestGenreSignatures(t *testing.T) {
	tests := []struct {
		genre string
		check func(drums []Note, at float64) error
	}{
		{"house", func(d []Note, at float64) error {
			for b := 0.0; b < 4; b++ {
				if !hitsAt(d, Kick, at+b) || !hitsAt(d, OpenHat, at+b+0.5) {
					return fmt.Errorf("beat %v: want kick on the beat and open hat off it", b)
				}
			}
			return nil
		}},
		{"rock", func(d []Note, at float64) error {
			if !hitsAt(d, Kick, at) || !hitsAt(d, Snare, at+1) || !hitsAt(d, Snare, at+3) {
				return fmt.Errorf("want kick on 1 and the backbeat on 2 and 4")
			}
			return nil
		}},
		{"jazz", func(d []Note, at float64) error {
			if !hitsAt(d, Ride, at) || !hitsAt(d, Ride, at+1) || !hitsAt(d, PedalHat, at+1) {
				return fmt.Errorf("want the ride on 1 and 2 and the hat on 2")
			}
			for _, n := range d { // the skip note after 2 swings late, toward the triplet
				if n.Pitch == Ride && n.Start > at+1.1 && n.Start < at+1.9 && (n.Start < at+1.6-1e-9 || n.Start > at+1.67+1e-9) {
					return fmt.Errorf("ride at %v: want the and of 2 swung to 60–67 %% of the beat", n.Start-at)
				}
			}
			return nil
		}},
	}
	for _, tt := range tests {
		for seed := int64(0); seed < 8; seed++ {
			s := compose(t, Spec{Seconds: 30, Genre: tt.genre, Instruments: []string{Drums}, Energy: 0.7, Seed: seed})
			if s.BeatsPerBar != 4 {
				continue
			}
			for bar := 0; float64(bar+1)*4 <= ending(s)-4; bar++ { // the bar before the ending may fill
				if (bar+1)%4 == 0 {
					continue // phrase ends may fill
				}
				if err := tt.check(s.Parts[Drums], float64(bar*4)); err != nil {
					t.Fatalf("%s seed %d bar %d: %v", tt.genre, seed, bar, err)
				}
			}
		}
	}
}
