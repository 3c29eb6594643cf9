package prompt

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

const seeds = 200

func TestResolveIsDeterministic(t *testing.T) {
	for _, p := range []string{"", "dark techno", "sad song in a minor key, fast", "chill piano, no drums"} {
		for seed := int64(-3); seed < 50; seed++ {
			a := Understand(p, "vocals").Resolve(seed)
			b := Understand(p, "vocals").Resolve(seed)
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("%q seed %d: %+v then %+v", p, seed, a, b)
			}
		}
	}
}

func TestResolveKeysVaryAcrossSeeds(t *testing.T) {
	for _, p := range []string{"", "techno", "lofi", "rock song", "jazz", "ambient pads"} {
		u := Understand(p, "")
		keys := map[Key]bool{}
		for seed := range int64(seeds) {
			k := u.Resolve(seed).Key
			if !k.Known || k.Tonic < 0 || k.Tonic > 11 {
				t.Fatalf("%q seed %d: key %+v", p, seed, k)
			}
			keys[k] = true
		}
		if len(keys) < 20 {
			t.Errorf("%q: %d of 24 keys over %d seeds, want at least 20", p, len(keys), seeds)
		}
	}
}

func TestResolveTempoStaysInTheGenreRange(t *testing.T) {
	check := func(prompt string, lo, hi float64) {
		t.Helper()
		u := Understand(prompt, "")
		seen := map[float64]bool{}
		for seed := range int64(seeds) {
			r := u.Resolve(seed)
			if r.BPM < lo || r.BPM > hi || r.BPM != float64(int(r.BPM)) {
				t.Errorf("%q seed %d: %v BPM, want a whole number in %v–%v", prompt, seed, r.BPM, lo, hi)
			}
			seen[r.BPM] = true
		}
		if !seen[lo] || !seen[hi] {
			t.Errorf("%q: %d seeds never reached both ends of %v–%v", prompt, seeds, lo, hi)
		}
	}
	for _, g := range AllGenres {
		check(string(g), profiles[g].lo, profiles[g].hi)
	}
	check("trap", 130, 150)
	check("deep house", 118, 124)
	check("fast techno", 128, 136)
	check("slow lofi", 65, 80)
}

func TestResolveFillsOnlyWhatThePromptLeftOpen(t *testing.T) {
	u := Understand("a dark techno loop at 128 BPM in F# minor, no drums", "")
	for seed := range int64(seeds) {
		r := u.Resolve(seed)
		if r.BPM != 128 || r.Key.String() != "F# minor" || r.Genre != Techno || !r.Loop {
			t.Fatalf("seed %d changed what the prompt said: %+v", seed, r)
		}
		if r.BPMFrom != FromPrompt || r.KeyFrom != FromPrompt || r.GenreFrom != FromPrompt {
			t.Fatalf("seed %d: sources %v %v %v, want all prompt", seed, r.BPMFrom, r.KeyFrom, r.GenreFrom)
		}
	}
	// Saying one thing keeps what the seed chose for the others.
	for seed := range int64(seeds) {
		open := Understand("techno", "").Resolve(seed)
		tempo := Understand("techno at 130 bpm", "").Resolve(seed)
		mode := Understand("techno in a minor key", "").Resolve(seed)
		if tempo.Key != open.Key || mode.Key.Tonic != open.Key.Tonic || !mode.Key.Minor || mode.KeyFrom != FromBoth {
			t.Fatalf("seed %d: keys %v, %v, %v", seed, open.Key, tempo.Key, mode.Key)
		}
	}
}

func TestResolveGenreFromSeed(t *testing.T) {
	count := func(prompt, negative string) map[Genre]int {
		u := Understand(prompt, negative)
		n := map[Genre]int{}
		for seed := range int64(seeds) {
			r := u.Resolve(seed)
			if r.GenreFrom != FromSeed || (r.BPMSource != BPMSeed && u.BPM == 0) {
				t.Fatalf("%q seed %d: genre from %v, tempo from %v", prompt, seed, r.GenreFrom, r.BPMSource)
			}
			n[r.Genre]++
		}
		return n
	}
	if n := count("", ""); len(n) != len(AllGenres) {
		t.Errorf("empty prompt: %d genres over %d seeds, want all %d: %v", len(n), seeds, len(AllGenres), n)
	}
	if n := count("", "techno, house, jazz"); n[Techno]+n[House]+n[Jazz] > 0 || len(n) != len(AllGenres)-3 {
		t.Errorf("avoided genres were picked: %v", n)
	}
	if n := count("174 bpm", ""); n[DrumAndBass] < seeds*2/5 {
		t.Errorf("174 BPM: drum and bass %d of %d, want the most likely: %v", n[DrumAndBass], seeds, n)
	}
	if n := count("calm and chill", ""); n[Ambient]+n[LoFi] <= 3*(n[Techno]+n[DrumAndBass]) {
		t.Errorf("calm and chill: %v, want calm genres well ahead", n)
	}
	if n := count("guitar", ""); n[Rock]+n[Folk] < seeds/4 {
		t.Errorf("guitar: %v, want rock and folk favoured", n)
	}
	all := Understood{Avoid: slices.Clone(AllGenres)}.Resolve(1)
	if all.Genre != "" || all.BPM < 90 || all.BPM > 130 || len(all.Instruments) == 0 {
		t.Errorf("every genre avoided: %+v", all)
	}
}

func TestResolveModeLeansWithTheMood(t *testing.T) {
	minors := func(prompt string) (n int) {
		u := Understand(prompt, "")
		for seed := range int64(seeds) {
			if u.Resolve(seed).Key.Minor {
				n++
			}
		}
		return n
	}
	if happy, sad := minors("happy uplifting pop"), minors("sad dark pop"); happy >= seeds/4 || sad <= seeds/2 {
		t.Errorf("minor keys: happy %d, sad %d of %d", happy, sad, seeds)
	}
	if techno := minors("techno"); techno < seeds*3/4 {
		t.Errorf("techno: %d of %d minor, want mostly minor", techno, seeds)
	}
}

func TestResolveInstruments(t *testing.T) {
	for _, c := range []struct {
		prompt, negative string
		want             []Instrument
		from             Source
	}{
		{"techno", "", ins(Bass, Drums, LeadSynth, Pads), FromPrompt},
		{"techno, no drums, piano", "", ins(Bass, LeadSynth, Pads, Piano), FromPrompt},
		{"techno", "drums, lead", ins(Bass, Pads), FromPrompt},
		{"trap", "", ins(Bass, Bells, Drums, Pads), FromPrompt},
		{"solo piano", "", ins(Piano), FromPrompt},
		{"rock, drums only", "", ins(Drums), FromPrompt},
		{"ambient, no pads, no bells", "", ins(Piano), FromPrompt},
		{"folk", "guitar, bass, strings, piano", ins(Pads), FromPrompt},
		{"lofi", "drums, bass, piano, pads, strings, lead, guitar, plucks, bells", nil, FromPrompt},
	} {
		r := Understand(c.prompt, c.negative).Resolve(42)
		if !slices.Equal(r.Instruments, c.want) || r.InstrumentsFrom != c.from {
			t.Errorf("%q / %q: %v from %v, want %v from %v", c.prompt, c.negative, r.Instruments, r.InstrumentsFrom, c.want, c.from)
		}
	}
}

func TestLevels(t *testing.T) {
	e := func(p string) float64 { return Understand(p, "").Energy }
	b := func(p string) float64 { return Understand(p, "").Brightness }
	checks := []struct {
		name string
		ok   bool
	}{
		{"nothing said is 0.5", e("") == 0.5 && b("") == 0.5},
		{"chill and calm are low", e("chill") < 0.4 && e("calm") < 0.4},
		{"energetic, aggressive, driving, banger are high", e("energetic") > 0.6 && e("aggressive") > 0.6 && e("driving") > 0.6 && e("banger") > 0.6},
		{"ambient < lofi < techno < dnb", e("ambient") < e("lofi") && e("lofi") < e("techno") && e("techno") < e("dnb")},
		{"chill techno between ambient and techno", e("ambient") < e("chill techno") && e("chill techno") < e("techno")},
		{"slow is calmer than fast", e("slow") < e("fast")},
		{"dark and warm are dim", b("dark") < 0.4 && b("warm") < 0.4},
		{"bright and shimmering are bright", b("bright") > 0.6 && b("shimmering") > 0.6},
		{"a negated mood does nothing", e("not aggressive") == 0.5},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: does not hold", c.name)
		}
	}
}

func TestTempoRangeFollowsPace(t *testing.T) {
	for _, c := range []struct {
		pace   Pace
		lo, hi float64
	}{
		{"", 124, 132},
		{Fast, 128, 136},
		{Slow, 120, 128},
		{MidTempo, 124 + 8.0/3, 132 - 8.0/3},
	} {
		lo, hi := tempoRange(Techno, "", c.pace)
		if lo != c.lo || hi != c.hi {
			t.Errorf("techno %q: range %v–%v, want %v–%v", c.pace, lo, hi, c.lo, c.hi)
		}
	}
	if lo, hi := tempoRange(Ambient, "", Slow); lo < minBPM || hi > 90 {
		t.Errorf("slow ambient: range %v–%v escapes the sane range", lo, hi)
	}
}

func TestExplain(t *testing.T) {
	for _, c := range []struct {
		prompt, negative string
		seed             int64
		want             string
	}{
		{"a dark techno loop at 128 BPM in F# minor, no drums", "", 1, `
Tempo: 128 BPM (from the prompt)
Key: F# minor (from the prompt)
Genre: techno (from the prompt)
Instruments: bass, lead synth, pads (drums excluded)
Mood: dark (energy 0.8, brightness 0.2)
Loop: yes`},
		{"", "", 1, `
Tempo: 86 BPM (from the seed, within lo-fi's usual 70–90)
Key: Ab major (from the seed)
Genre: lo-fi (from the seed)
Instruments: bass, drums, piano (the usual lo-fi band)
Mood: none said (energy 0.3, brightness 0.3)
Loop: no`},
		{"sad song in a minor key, fast, with vocals", "jazz, piano", 1, `
Tempo: 80 BPM (from the seed, within the fast end of lo-fi's range: 80–95)
Key: G# minor (minor from the prompt, G# from the seed)
Genre: lo-fi (from the seed)
Instruments: bass, drums (piano excluded)
Mood: sad (energy 0.4, brightness 0.3)
Loop: no
Avoided: jazz
Not available in the built-in model: vocals`},
		{"trap with 808s, half-time", "", 1, `
Tempo: 146 BPM, half-time feel (from the seed, within trap's usual 130–150)
Key: G# minor (from the seed)
Genre: trap (hip hop, from the prompt)
Instruments: bass, bells, drums, pads (bass, drums wanted)
Mood: none said (energy 0.6, brightness 0.4)
Loop: no`},
		{"solo cello at 72.25 bpm", "", 1, `
Tempo: 72.3 BPM (from the prompt)
Key: Ab major (from the seed)
Genre: ambient (from the seed)
Instruments: strings (only strings, as the prompt asked)
Mood: none said (energy 0.1, brightness 0.5)
Loop: no`},
	} {
		got := Understand(c.prompt, c.negative).Resolve(c.seed).Explain()
		if want := strings.TrimPrefix(c.want, "\n"); got != want {
			t.Errorf("%q / %q seed %d:\n%s\nwant:\n%s", c.prompt, c.negative, c.seed, got, want)
		}
	}
}
