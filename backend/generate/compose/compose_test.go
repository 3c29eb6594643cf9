package compose

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
)

// compose is Compose for specs a test expects to be valid.
func compose(t testing.TB, spec Spec) *Score {
	t.Helper()
	s, err := Compose(spec)
	if err != nil {
		t.Fatalf("Compose(%+v): %v", spec, err)
	}
	return s
}

// band is every instrument, so each test exercises every part writer.
func band() []string { return Instruments() }

func TestComposeRejectsBadSpecs(t *testing.T) {
	ok := Spec{Seconds: 30, Genre: "pop", Energy: 0.5, Brightness: 0.5}
	tests := []struct {
		name string
		edit func(*Spec)
	}{
		{"zero length", func(s *Spec) { s.Seconds = 0 }},
		{"negative length", func(s *Spec) { s.Seconds = -1 }},
		{"too long", func(s *Spec) { s.Seconds = MaxSeconds + 1 }},
		{"NaN length", func(s *Spec) { s.Seconds = math.NaN() }},
		{"slow tempo", func(s *Spec) { s.BPM = 10 }},
		{"fast tempo", func(s *Spec) { s.BPM = 400 }},
		{"tonic", func(s *Spec) { s.Tonic = 12 }},
		{"energy", func(s *Spec) { s.Energy = 1.5 }},
		{"brightness NaN", func(s *Spec) { s.Brightness = math.NaN() }},
		{"genre", func(s *Spec) { s.Genre = "polka" }},
		{"instrument", func(s *Spec) { s.Instruments = []string{"kazoo"} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := ok
			tt.edit(&spec)
			if _, err := Compose(spec); !errors.Is(err, ErrInvalidSpec) {
				t.Fatalf("err = %v, want ErrInvalidSpec", err)
			}
		})
	}
}

func TestComposeFillsDefaults(t *testing.T) {
	s := compose(t, Spec{Seconds: 20, Instruments: []string{Pads, Drums, Pads}})
	if s.Genre != DefaultGenre {
		t.Errorf("genre = %q, want %q", s.Genre, DefaultGenre)
	}
	if !slices.Equal(s.Instruments, []string{Drums, Pads}) {
		t.Errorf("instruments = %v, want [drums pads] (deduplicated, canonical order)", s.Instruments)
	}
	lo, hi := styles[DefaultGenre].tempo[0], styles[DefaultGenre].tempo[1]
	if s.BPM < lo || s.BPM > hi {
		t.Errorf("BPM = %v, want the genre's %v–%v", s.BPM, lo, hi)
	}
	d := compose(t, Spec{Seconds: 20, Genre: "jazz"})
	if !slices.Equal(d.Instruments, DefaultInstruments("jazz")) {
		t.Errorf("jazz band = %v, want %v", d.Instruments, DefaultInstruments("jazz"))
	}
	for _, g := range Genres() {
		if len(DefaultInstruments(g)) == 0 {
			t.Errorf("genre %q has no default band", g)
		}
	}
}

func TestNonLoopLengthIsExact(t *testing.T) {
	tests := []struct {
		seconds, bpm float64
		genre        string
		arrange      bool
	}{
		{1, 120, "pop", false},
		{2.5, 0, "techno", false},
		{7.3, 97, "folk", false},
		{30, 0, "jazz", true},
		{47.77, 133.3, "rock", true},
		{95, 0, "drum and bass", true},
		{190, 0, "cinematic", true},
		{190, 61, "ambient", true},
	}
	for _, tt := range tests {
		for seed := int64(0); seed < 4; seed++ {
			s := compose(t, Spec{Seconds: tt.seconds, BPM: tt.bpm, Genre: tt.genre, Arrange: tt.arrange,
				Instruments: band(), Energy: 0.7, Brightness: 0.5, Seed: seed})
			name := fmt.Sprintf("%s %vs seed %d", tt.genre, tt.seconds, seed)
			if got := s.Beats() * s.SecondsPerBeat(); math.Abs(got-tt.seconds) > 1e-3 || math.Abs(s.Duration()-tt.seconds) > 1e-3 {
				t.Errorf("%s: length %v s (Duration %v), want %v within 1 ms", name, got, s.Duration(), tt.seconds)
			}
			if tt.bpm != 0 && s.BPM != tt.bpm {
				t.Errorf("%s: BPM %v, want the asked %v", name, s.BPM, tt.bpm)
			}
			if want := int(math.Ceil(s.Beats()/float64(s.BeatsPerBar) - 1e-9)); s.Bars != want {
				t.Errorf("%s: %d bars, want %d", name, s.Bars, want)
			}
			checkInside(t, name, s)
		}
	}
}

// checkInside fails when a note starts before 0, rings past the end, or has
// no length or an out-of-range velocity.
func checkInside(t *testing.T, name string, s *Score) {
	t.Helper()
	end := s.Beats()
	for part, notes := range s.Parts {
		for _, n := range notes {
			if n.Start < 0 || n.Duration <= 0 || n.Start+n.Duration > end+1e-9 || n.Velocity <= 0 || n.Velocity > 1 {
				t.Fatalf("%s: %s note %+v is outside 0..%v beats or has a bad velocity", name, part, n, end)
			}
		}
	}
}

func TestLoopsAreWholeBars(t *testing.T) {
	tests := []struct {
		seconds, bpm float64
		nudged       bool // long enough for whole bars within 1 % of the tempo
	}{
		{190, 120, true},
		{120, 128, true},
		{61, 174, true},
		{95, 124, true},
		{100, 90, false}, // 37.5 bars: either way is 1.3 % off
		{8, 120, true},   // exactly four bars: no nudge needed
		{7, 120, false},
		{3, 100, false},
		{1, 120, false}, // shorter than a bar: one bar
	}
	for _, tt := range tests {
		for _, genre := range []string{"techno", "folk", "jazz"} {
			for seed := int64(0); seed < 3; seed++ {
				s := compose(t, Spec{Seconds: tt.seconds, BPM: tt.bpm, Genre: genre, Loop: true, Arrange: true,
					Instruments: band(), Energy: 0.5, Seed: seed})
				name := fmt.Sprintf("%s loop %vs at %v seed %d", genre, tt.seconds, tt.bpm, seed)
				bars := s.Beats() / float64(s.BeatsPerBar)
				if math.Abs(bars-math.Round(bars)) > 1e-6 || int(math.Round(bars)) != s.Bars || s.Bars < 1 {
					t.Errorf("%s: %v bars, want a whole number (Bars %d)", name, bars, s.Bars)
				}
				if math.Abs(s.BPM/tt.bpm-1) >= 0.01 {
					t.Errorf("%s: BPM %v is not within 1 %% of %v", name, s.BPM, tt.bpm)
				}
				if tt.nudged && math.Abs(s.Duration()-tt.seconds) > 1e-3 {
					t.Errorf("%s: lasts %v s, want exactly %v", name, s.Duration(), tt.seconds)
				}
				if !tt.nudged && s.BPM != tt.bpm {
					t.Errorf("%s: BPM %v, want the asked %v kept when no small nudge fits", name, s.BPM, tt.bpm)
				}
				if len(s.Sections) != 1 {
					t.Errorf("%s: %d sections, want one: a loop has no intro or outro", name, len(s.Sections))
				}
				checkInside(t, name, s)
			}
		}
	}
}

func TestSameSeedSameScore(t *testing.T) {
	for _, g := range Genres() {
		spec := Spec{Seconds: 75, Genre: g, Minor: true, Tonic: 9, Instruments: band(), Energy: 0.8, Brightness: 0.3, Arrange: true, Seed: 42}
		a, b := compose(t, spec), compose(t, spec)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: two scores from one spec differ", g)
		}
	}
}

// melodyKey identifies a melody by its first sixteen notes.
func melodyKey(notes []Note) string {
	return fmt.Sprint(notes[:min(16, len(notes))])
}

func TestSeedsGiveDistinctMusic(t *testing.T) {
	for _, g := range []string{"pop", "techno", "jazz", "lo-fi"} {
		melodies, drums, progs := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for seed := int64(0); seed < 50; seed++ {
			s := compose(t, Spec{Seconds: 30, Genre: g, Instruments: []string{Drums, Lead}, Energy: 0.6, Seed: seed * 7919})
			melodies[melodyKey(s.Parts[Lead])] = true
			drums[fmt.Sprint(s.Parts[Drums])] = true
			var roots []int
			for _, ch := range s.Chords {
				roots = append(roots, ch.Root)
			}
			progs[fmt.Sprint(roots)] = true
		}
		if len(melodies) < 40 {
			t.Errorf("%s: %d distinct melodies from 50 seeds, want at least 40", g, len(melodies))
		}
		if len(drums) < 10 {
			t.Errorf("%s: %d distinct drum parts from 50 seeds, want at least 10", g, len(drums))
		}
		if len(progs) < 3 {
			t.Errorf("%s: %d distinct progressions from 50 seeds, want at least 3", g, len(progs))
		}
	}
}

// Each part draws from its own random stream, so asking for one more
// instrument must not rewrite the others.
func TestAddingAnInstrumentKeepsTheOtherParts(t *testing.T) {
	spec := Spec{Seconds: 40, Genre: "house", Instruments: []string{Drums, Lead}, Energy: 0.6, Seed: 5}
	a := compose(t, spec)
	spec.Instruments = []string{Drums, Lead, Piano, Bells}
	b := compose(t, spec)
	for _, p := range []string{Drums, Lead} {
		if !reflect.DeepEqual(a.Parts[p], b.Parts[p]) {
			t.Errorf("%s changed when piano and bells were added", p)
		}
	}
}

// Random specs, drawn from a fixed stream, must all compose and keep the
// invariants the renderer relies on.
func TestRandomSpecsKeepTheInvariants(t *testing.T) {
	r := newRNG(2024, "test")
	genres := Genres()
	for i := 0; i < 400; i++ {
		var parts []string
		for _, p := range Instruments() {
			if r.chance(0.5) {
				parts = append(parts, p)
			}
		}
		spec := Spec{Seconds: r.between(0.05, 300), Genre: pick(r, genres), Tonic: r.intn(12), Minor: r.chance(0.5),
			Instruments: parts, Energy: r.float(), Brightness: r.float(), Loop: r.chance(0.3), Arrange: r.chance(0.5), Seed: int64(r.next())}
		if r.chance(0.5) {
			spec.BPM = r.between(MinBPM, MaxBPM)
		}
		s := compose(t, spec)
		name := fmt.Sprintf("%+v", spec)
		checkInside(t, name, s)
		if !spec.Loop && math.Abs(s.Duration()-spec.Seconds) > 1e-3 {
			t.Fatalf("%s: lasts %v s", name, s.Duration())
		}
		k := key{tonic: s.Tonic, minor: s.Minor}
		for part, notes := range s.Parts {
			for _, n := range notes {
				if part != Drums && s.Genre != "jazz" && !k.inScale(n.Pitch) {
					t.Fatalf("%s: %s note %+v is outside the key", name, part, n)
				}
			}
		}
	}
}
