package compose

import (
	"slices"
	"testing"
)

func sectionNames(s *Score) []string {
	var names []string
	for _, sec := range s.Sections {
		names = append(names, sec.Name)
	}
	return names
}

func TestArrangementSections(t *testing.T) {
	full := []string{"intro", "build", "main", "break", "main", "outro"}
	tests := []struct {
		seconds float64
		bpm     float64
		arrange bool
		want    []string
	}{
		{190, 120, true, full},
		{190, 174, true, full},
		{64, 120, true, full},                               // exactly 32 bars
		{60, 120, true, []string{"intro", "main", "outro"}}, // 30 bars
		{20, 120, true, []string{"main"}},                   // 10 bars: too short to arrange
		{190, 120, false, []string{"main"}},
	}
	for _, tt := range tests {
		for seed := int64(0); seed < 5; seed++ {
			s := compose(t, Spec{Seconds: tt.seconds, BPM: tt.bpm, Genre: "pop", Arrange: tt.arrange, Instruments: band(), Seed: seed})
			if got := sectionNames(s); !slices.Equal(got, tt.want) {
				t.Fatalf("%vs at %v arrange=%v: sections %v, want %v", tt.seconds, tt.bpm, tt.arrange, got, tt.want)
			}
			next := 0
			energy := map[string][]float64{}
			for _, sec := range s.Sections {
				if sec.StartBar != next || sec.Bars < 1 {
					t.Fatalf("%vs: section %+v does not start at bar %d", tt.seconds, sec, next)
				}
				next += sec.Bars
				energy[sec.Name] = append(energy[sec.Name], sec.Energy)
			}
			if next != s.Bars {
				t.Errorf("%vs: sections cover %d bars of %d", tt.seconds, next, s.Bars)
			}
			if len(s.Sections) < 6 {
				continue
			}
			intro, build, brk, main := energy["intro"][0], energy["build"][0], energy["break"][0], energy["main"]
			if !(intro < build && build < main[0] && main[0] < main[1] && brk < main[0]) {
				t.Errorf("energies %v, want intro < build < main < second main and break < main", energy)
			}
		}
	}
}

func TestPartsFollowTheArrangement(t *testing.T) {
	for _, g := range Genres() {
		s := compose(t, Spec{Seconds: 150, BPM: 120, Genre: g, Arrange: true, Instruments: band(), Energy: 0.7, Seed: 11})
		if len(s.Sections) != 6 {
			t.Fatalf("%s: sections %v", g, sectionNames(s))
		}
		playing := func(part string, sec Section) int {
			from := float64(sec.StartBar * s.BeatsPerBar)
			to := float64((sec.StartBar + sec.Bars) * s.BeatsPerBar)
			count := 0
			for _, n := range s.Parts[part] {
				if n.Start >= from && n.Start < to {
					count++
				}
			}
			return count
		}
		for _, sec := range s.Sections {
			switch sec.Name {
			case "intro":
				for _, p := range []string{Bass, Lead} {
					if playing(p, sec) > 0 {
						t.Errorf("%s: %s plays in the intro", g, p)
					}
				}
			case "break":
				for _, p := range []string{Drums, Bass} {
					if playing(p, sec) > 0 {
						t.Errorf("%s: %s plays in the break", g, p)
					}
				}
				if playing(Pads, sec) == 0 || playing(Lead, sec) == 0 {
					t.Errorf("%s: the break needs pads and melody", g)
				}
			case "main":
				for _, p := range s.Instruments {
					if playing(p, sec) == 0 {
						t.Errorf("%s: %s is silent in a main section", g, p)
					}
				}
			}
		}
	}
}

// meanVelocity and count of a part, the two things energy scales.
func meanVelocity(notes []Note) float64 {
	sum := 0.0
	for _, n := range notes {
		sum += n.Velocity
	}
	return sum / float64(len(notes))
}

func TestEnergyAndBrightness(t *testing.T) {
	for _, g := range Genres() {
		var calmVel, loudVel, calmN, loudN, darkPitch, brightPitch float64
		for seed := int64(0); seed < 6; seed++ {
			spec := Spec{Seconds: 40, Genre: g, Instruments: band(), Seed: seed}
			spec.Energy, spec.Brightness = 0.05, 0.1
			calm := compose(t, spec)
			spec.Energy, spec.Brightness = 0.95, 0.9
			loud := compose(t, spec)
			// Pads and kicks: parts whose notes do not change with energy,
			// so ghost notes joining at high energy cannot lower the mean.
			calmVel += meanVelocity(calm.Parts[Pads]) + meanVelocity(kicks(calm.Parts[Drums]))
			loudVel += meanVelocity(loud.Parts[Pads]) + meanVelocity(kicks(loud.Parts[Drums]))
			calmN += float64(len(calm.Parts[Drums]) + len(calm.Parts[Lead]))
			loudN += float64(len(loud.Parts[Drums]) + len(loud.Parts[Lead]))
			for _, ch := range calm.Chords {
				darkPitch += mean(ch.Notes)
			}
			for _, ch := range loud.Chords {
				brightPitch += mean(ch.Notes)
			}
		}
		if loudVel <= calmVel || loudN <= calmN {
			t.Errorf("%s: energy 0.95 gives velocity %.2f and %v notes, energy 0.05 %.2f and %v; want both higher",
				g, loudVel/12, loudN, calmVel/12, calmN)
		}
		if brightPitch <= darkPitch {
			t.Errorf("%s: bright chords are not voiced higher than dark ones", g)
		}
	}
}

func kicks(drums []Note) []Note {
	var out []Note
	for _, n := range drums {
		if n.Pitch == Kick {
			out = append(out, n)
		}
	}
	return out
}

func spec190() Spec {
	return Spec{Seconds: 190, Genre: "drum and bass", Minor: true, Instruments: band(),
		Energy: 0.8, Brightness: 0.6, Arrange: true, Seed: 1}
}

// The product composes before it renders, on the user's machine: a full 190 s arrangement
// should cost a few milliseconds (measured: about 2 ms).
func BenchmarkCompose190sArrangement(b *testing.B) {
	for b.Loop() {
		if _, err := Compose(spec190()); err != nil {
			b.Fatal(err)
		}
	}
}
