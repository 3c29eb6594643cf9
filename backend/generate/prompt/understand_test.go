package prompt

import (
	"slices"
	"strings"
	"testing"
)

// want is what a producer expects Understand to hear. Every field is
// compared, so a row also asserts that nothing else was heard: a zero key
// means "no key", a nil list "none".
type want struct {
	bpm       float64
	key       string // Key.String()
	genre     Genre
	style     string
	wanted    []Instrument
	excluded  []Instrument
	mood      []string
	pace      Pace
	half      bool
	loop      bool
	only      bool
	avoid     []Genre
	unavail   []string
	wordTempo bool // BPMSource is BPMWord
}

type row struct {
	prompt, negative string
	want
}

func ins(xs ...Instrument) []Instrument { return xs }

// checkRows runs Understand on each row and reports every field that differs.
func checkRows(t *testing.T, rows []row) {
	t.Helper()
	for _, r := range rows {
		t.Run(r.prompt+"|"+r.negative, func(t *testing.T) {
			u := Understand(r.prompt, r.negative)
			var wanted, excluded []Instrument
			for _, x := range AllInstruments {
				switch u.Instruments[x] {
				case Wanted:
					wanted = append(wanted, x)
				case Excluded:
					excluded = append(excluded, x)
				}
			}
			src := ""
			switch {
			case r.bpm > 0:
				src = BPMExplicit
			case r.wordTempo:
				src = BPMWord
			}
			got := []any{u.BPM, u.BPMSource, u.Key.String(), u.Genre, u.Style, wanted, excluded,
				u.Mood, u.Pace, u.HalfTime, u.Loop, u.Only, u.Avoid, u.Unavailable}
			exp := []any{r.bpm, src, r.key, r.genre, r.style, r.wanted, r.excluded,
				r.mood, r.pace, r.half, r.loop, r.only, r.avoid, r.unavail}
			names := []string{"BPM", "BPMSource", "Key", "Genre", "Style", "Wanted", "Excluded",
				"Mood", "Pace", "HalfTime", "Loop", "Only", "Avoid", "Unavailable"}
			for i := range got {
				if !equal(got[i], exp[i]) {
					t.Errorf("%s = %v, want %v", names[i], got[i], exp[i])
				}
			}
		})
	}
}

// equal compares values treating nil and empty slices alike.
func equal(a, b any) bool {
	switch a := a.(type) {
	case []Instrument:
		return slices.Equal(a, b.([]Instrument))
	case []string:
		return slices.Equal(a, b.([]string))
	case []Genre:
		return slices.Equal(a, b.([]Genre))
	}
	return a == b
}

func TestUnderstandProducerPrompts(t *testing.T) {
	checkRows(t, []row{
		{"a dark techno loop at 128 BPM in F# minor, no drums", "", want{bpm: 128, key: "F# minor", genre: Techno, excluded: ins(Drums), mood: []string{"dark"}, loop: true}},
		{"lofi hip hop beat, 80bpm, warm keys", "", want{bpm: 80, genre: LoFi, wanted: ins(Drums, Piano), mood: []string{"warm"}}},
		{"epic orchestral trailer in D minor", "", want{key: "D minor", genre: Cinematic, mood: []string{"epic"}}},
		{"drum and bass 174", "", want{bpm: 174, genre: DrumAndBass}},
		{"I am making a chill track", "", want{mood: []string{"chill"}}},
		{"jazz trio, brushes, upright bass, piano, Bb major", "", want{key: "Bb major", genre: Jazz, wanted: ins(Bass, Drums, Piano)}},
		{"ambient piano", "drums, vocals", want{genre: Ambient, wanted: ins(Piano), excluded: ins(Drums)}},
		{"hip hop beat at 92 bpm in G minor with dusty keys", "", want{bpm: 92, key: "G minor", genre: HipHop, wanted: ins(Drums, Piano)}},
		{"808 trap beat", "", want{genre: HipHop, style: "trap", wanted: ins(Bass, Drums)}},
		{"trap beat with 808s, half-time", "", want{genre: HipHop, style: "trap", wanted: ins(Bass, Drums), half: true, wordTempo: true}},
		{"half-time drum & bass, dark", "", want{genre: DrumAndBass, mood: []string{"dark"}, half: true, wordTempo: true}},
		{"d&b roller at 172", "", want{bpm: 172, genre: DrumAndBass}},
		{"jungle breaks 165 bpm", "", want{bpm: 165, genre: DrumAndBass, style: "jungle", wanted: ins(Drums)}},
		{"liquid drum n bass, rolling", "", want{genre: DrumAndBass}},
		{"boom bap with vinyl crackle", "", want{genre: HipHop, style: "boom bap"}},
		{"chillhop", "", want{genre: LoFi}},
		{"lo-fi study beats", "", want{genre: LoFi}},
		{"lofi house", "", want{genre: LoFi}},
		{"minus the bass, deep house 122", "", want{bpm: 122, genre: House, style: "deep house", excluded: ins(Bass)}},
		{"tech house", "", want{genre: House, style: "tech house"}},
		{"trance at 138", "", want{bpm: 138, genre: Techno}},
		{"aggressive industrial techno banger", "", want{genre: Techno, mood: []string{"aggressive", "banger"}}},
		{"dark minimal techno in A minor, hypnotic", "", want{key: "A minor", genre: Techno, mood: []string{"dark", "hypnotic"}}},
		{"epic techno", "", want{genre: Techno, mood: []string{"epic"}}},
		{"film score with strings and piano", "", want{genre: Cinematic, wanted: ins(Piano, Strings)}},
		{"80s pop", "", want{genre: Pop}},
		{"80s inspired night drive", "", want{genre: Synthwave}},
		{"retrowave outrun", "", want{genre: Synthwave}},
		{"synthwave with arps and a lead", "", want{genre: Synthwave, wanted: ins(LeadSynth, Plucks)}},
		{"acoustic", "", want{genre: Folk}},
		{"acoustic rock ballad", "", want{genre: Rock}},
		{"singer-songwriter with guitar", "", want{genre: Folk, wanted: ins(Guitar)}},
		{"rock song with a guitar solo", "", want{genre: Rock, wanted: ins(Guitar)}},
		{"bossa nova, nylon guitar", "", want{genre: Jazz, wanted: ins(Guitar)}},
		{"calm meditation music", "", want{genre: Ambient, mood: []string{"calm"}}},
		{"a sad piano ballad", "", want{genre: Pop, wanted: ins(Piano), mood: []string{"sad"}}},
		{"uptempo pop with bright synths", "", want{genre: Pop, wanted: ins(LeadSynth), mood: []string{"bright"}, pace: Fast, wordTempo: true}},
		{"downtempo chill with pads", "", want{wanted: ins(Pads), mood: []string{"chill"}, pace: Slow, wordTempo: true}},
		{"fast techno", "", want{genre: Techno, pace: Fast, wordTempo: true}},
		{"not too fast, mellow jazz", "", want{genre: Jazz, mood: []string{"mellow"}}},
		{"mid-tempo folk", "", want{genre: Folk, pace: MidTempo, wordTempo: true}},

		// Instruments and their negations.
		{"no drums, heavy bass", "", want{wanted: ins(Bass), excluded: ins(Drums), mood: []string{"heavy"}}},
		{"no drums and a big bass", "", want{wanted: ins(Bass), excluded: ins(Drums)}},
		{"without drums or bass, cinematic strings", "", want{genre: Cinematic, wanted: ins(Strings), excluded: ins(Bass, Drums)}},
		{"no percussion", "", want{excluded: ins(Drums)}},
		{"drumless hip hop", "", want{genre: HipHop, excluded: ins(Drums)}},
		{"beatless ambient", "", want{genre: Ambient, excluded: ins(Drums)}},
		{"bass-free house", "", want{genre: House, excluded: ins(Bass)}},
		{"w/o drums", "", want{excluded: ins(Drums)}},
		{"dont use drums", "", want{excluded: ins(Drums)}},
		{"no live drums", "", want{excluded: ins(Drums)}},
		{"808s, no drums", "", want{wanted: ins(Bass), excluded: ins(Drums)}},
		{"no synths, warm analog techno", "", want{genre: Techno, excluded: ins(LeadSynth, Pads, Plucks), mood: []string{"warm"}}},
		{"no drums, no bass, just piano", "", want{wanted: ins(Piano), excluded: ins(Bass, Drums), only: true}},
		{"solo cello, melancholic", "", want{wanted: ins(Strings), mood: []string{"melancholic"}, only: true}},
		{"piano only", "", want{wanted: ins(Piano), only: true}},
		{"kick, hats and a rolling bassline", "", want{wanted: ins(Bass, Drums)}},
		{"rhodes and violin", "", want{wanted: ins(Piano, Strings)}},
		{"happy ukulele", "", want{wanted: ins(Guitar), mood: []string{"happy"}}},
		{"organ and choir, dark", "", want{wanted: ins(Pads, Piano), mood: []string{"dark"}}},
		{"dreamy shimmering bells and kalimba", "", want{wanted: ins(Bells, Plucks), mood: []string{"dreamy", "shimmering"}}},
		{"lead guitar and synth lead", "", want{wanted: ins(Guitar, LeadSynth)}},
		{"bass guitar groove", "", want{wanted: ins(Bass), mood: []string{"groovy"}}},
		{"dnb with vocals", "", want{genre: DrumAndBass, unavail: []string{"vocals"}}},
		{"without vocals, instrumental hip hop", "", want{genre: HipHop}},

		// Moods, loops and the negative prompt.
		{"not too dark, bright pop", "", want{genre: Pop, mood: []string{"bright"}}},
		{"seamless loop of ambient pads", "", want{genre: Ambient, wanted: ins(Pads), loop: true}},
		{"loopable drum loop", "", want{wanted: ins(Drums), loop: true}},
		{"not a loop, a full song", "", want{}},
		{"cinematic", "brass", want{genre: Cinematic}},
		{"smooth lounge", "jazz", want{avoid: []Genre{Jazz}}},
		{"jazz", "jazz", want{avoid: []Genre{Jazz}}},
		{"piano house", "piano", want{genre: House, excluded: ins(Piano)}},
		{"chill beat", "no drums, no 808", want{wanted: nil, excluded: ins(Bass, Drums), mood: []string{"chill"}}},
		{"anything but techno", "epic", want{avoid: []Genre{Techno}}}, // a weak cue avoids nothing
		{"house, not techno", "", want{genre: House, avoid: []Genre{Techno}}},
		{"", "", want{}},
		{"!!!", "???", want{}},
	})
}

// FuzzUnderstand checks that no prompt, however odd, makes Understand or
// Resolve panic or step outside their ranges.
func FuzzUnderstand(f *testing.F) {
	for _, s := range []string{
		"a dark techno loop at 128 BPM in F# minor, no drums", "lofi hip hop beat, 80bpm, warm keys",
		"in the key of", "key of", "no", "F#", "b", "a flat", "120-", "120 to bpm", "1e9 bpm",
		"999999999999999999999 bpm", "0.5 bpm", "♯♭#&", "tempo:", "at", "solo", "-", "..",
		"Ab minor\x00", "in \xff\xfe", "drum and", "not not not drums", "bass free less",
	} {
		f.Add(s, "vocals", int64(7))
	}
	f.Fuzz(func(t *testing.T, prompt, negative string, seed int64) {
		u := Understand(prompt, negative)
		if u.BPM != 0 && (u.BPM < minBPM || u.BPM > maxBPM) {
			t.Fatalf("BPM %v outside %d–%d", u.BPM, minBPM, maxBPM)
		}
		if (u.BPM > 0) != (u.BPMSource == BPMExplicit) {
			t.Fatalf("BPM %v with source %q", u.BPM, u.BPMSource)
		}
		if u.Key.Tonic < 0 || u.Key.Tonic > 11 || u.Energy < 0 || u.Energy > 1 || u.Brightness < 0 || u.Brightness > 1 {
			t.Fatalf("out of range: %+v", u)
		}
		if slices.Contains(u.Words, "") {
			t.Fatalf("empty word in %q", u.Words)
		}
		r := u.Resolve(seed)
		if r.BPM < minBPM || r.BPM > maxBPM || !r.Key.Known || r.Key.Tonic < 0 || r.Key.Tonic > 11 {
			t.Fatalf("resolved out of range: %+v", r)
		}
		if !slices.IsSorted(r.Instruments) || len(slices.Compact(slices.Clone(r.Instruments))) != len(r.Instruments) {
			t.Fatalf("instruments not sorted and unique: %v", r.Instruments)
		}
		if lines := strings.Count(r.Explain(), "\n") + 1; lines < 6 {
			t.Fatalf("Explain has %d lines", lines)
		}
	})
}
