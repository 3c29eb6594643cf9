package prompt

import "testing"

// TestUnderstandKeys covers the spellings producers use for a key and the
// everyday words that only look like one.
func TestUnderstandKeys(t *testing.T) {
	checkRows(t, []row{
		{"C minor piano piece", "", want{key: "C minor", wanted: ins(Piano)}},
		{"dark cinematic in c min", "", want{key: "C minor", genre: Cinematic, mood: []string{"dark"}}},
		{"Cm", "", want{key: "C minor"}},
		{"moody Cm groove", "", want{key: "C minor", mood: []string{"moody", "groovy"}}},
		{"F#m pluck melody", "", want{key: "F# minor", wanted: ins(Plucks)}},
		{"F# minor", "", want{key: "F# minor"}},
		{"F ♯ minor", "", want{key: "F# minor"}},
		{"F sharp major arpeggios", "", want{key: "F# major", wanted: ins(Plucks)}},
		{"Bb major", "", want{key: "Bb major"}},
		{"B♭m", "", want{key: "Bb minor"}},
		{"Eb", "", want{key: "Eb major"}},
		{"chill lofi in Eb", "", want{key: "Eb major", genre: LoFi, mood: []string{"chill"}}},
		{"eb major", "", want{key: "Eb major"}},
		{"B flat", "", want{key: "Bb major"}},
		// Ab minor is written G# minor, its usual spelling.
		{"A flat minor ballad for strings", "", want{key: "G# minor", genre: Pop, wanted: ins(Strings)}},
		{"D# minor", "", want{key: "Eb minor"}},
		{"in the key of D, folk", "", want{key: "D major", genre: Folk}},
		{"key: G minor", "", want{key: "G minor"}},
		{"key of a", "", want{key: "A major"}},
		{"dark and minor, in the key of D", "", want{key: "D minor", mood: []string{"dark"}}},
		{"D dorian jazz", "", want{key: "D minor", genre: Jazz}},
		{"E phrygian, ominous", "", want{key: "E minor", mood: []string{"ominous"}}},
		{"F lydian", "", want{key: "F major"}},
		{"A harmonic minor", "", want{key: "A minor"}},
		{"A minor, sad piano", "", want{key: "A minor", wanted: ins(Piano), mood: []string{"sad"}}},
		{"sad piano in a minor", "", want{key: "A minor", wanted: ins(Piano), mood: []string{"sad"}}},
		{"in am", "", want{key: "A minor"}},
		{"in C, 100 bpm, pop", "", want{bpm: 100, key: "C major", genre: Pop}},
		{"write something in A", "", want{key: "A major"}},
		{"in D with strings", "", want{key: "D major", wanted: ins(Strings)}},
		{"C# minor", "", want{key: "C# minor"}},
		{"c# min", "", want{key: "C# minor"}},
		{"C sharp minor", "", want{key: "C# minor"}},
		{"Gb major", "", want{key: "F# major"}},
		{"G♭", "", want{key: "F# major"}},
		{"Dbmaj", "", want{key: "Db major"}},
		{"cmaj", "", want{key: "C major"}},
		{"Abm", "", want{key: "G# minor"}},
		{"bb minor", "", want{key: "Bb minor"}},
		{"E flat major", "", want{key: "Eb major"}},
		{"Bm", "", want{key: "B minor"}},
		{"in eb", "", want{key: "Eb major"}},
		{"in the key of F# minor", "", want{key: "F# minor"}},
		{"Key of Bb", "", want{key: "Bb major"}},
		{"Em, then G major", "", want{key: "E minor"}},

		// Not keys: articles, verbs, units and acronyms.
		{"a chill track with piano", "", want{wanted: ins(Piano), mood: []string{"chill"}}},
		{"sad song in a minor key", "", want{key: "minor", mood: []string{"sad"}}},
		{"a major key anthem", "", want{key: "major"}},
		{"a major label sound, bright pop", "", want{genre: Pop, mood: []string{"bright"}}},
		{"a flat, lifeless beat", "", want{wanted: ins(Drums)}},
		{"piano, a minor, slow", "", want{key: "A minor", wanted: ins(Piano), pace: Slow, wordTempo: true}},
		{"strings in a flat", "", want{key: "Ab major", wanted: ins(Strings)}},
		{"be brave, an uplifting pop song", "", want{genre: Pop, mood: []string{"uplifting"}}},
		{"I Am the night", "", want{}},
		{"Am I dreaming? dreamy pads", "", want{wanted: ins(Pads), mood: []string{"dreamy"}}},
		{"FM synth bass, 120 bpm, house", "", want{bpm: 120, genre: House, wanted: ins(Bass)}},
		{"EBM, 125 bpm", "", want{bpm: 125}},
		{"-6 db headroom, Eb major", "", want{key: "Eb major"}},
		{"a 30 cm vinyl feel", "", want{}},
		{"made in a day", "", want{}},
		{"minor", "", want{key: "minor"}},
		{"major chords", "", want{}},
		{"gm, dm me", "", want{}},
		{"2 gb of samples", "", want{}},
		{"in major", "", want{key: "major"}},
	})
}

func TestKeyString(t *testing.T) {
	for _, c := range []struct {
		key  Key
		want string
	}{
		{Key{Tonic: 6, Minor: true, Known: true, ModeKnown: true}, "F# minor"},
		{Key{Tonic: 10, Known: true, ModeKnown: true}, "Bb major"},
		{Key{Tonic: 1, Known: true, ModeKnown: true}, "Db major"},
		{Key{Tonic: 1, Minor: true, Known: true, ModeKnown: true}, "C# minor"},
		{Key{Tonic: -1, Known: true}, "B major"},
		{Key{Minor: true, ModeKnown: true}, "minor"},
		{Key{}, ""},
	} {
		if got := c.key.String(); got != c.want {
			t.Errorf("%+v.String() = %q, want %q", c.key, got, c.want)
		}
	}
}

func TestUnderstandTempo(t *testing.T) {
	checkRows(t, []row{
		{"128 BPM", "", want{bpm: 128}},
		{"128bpm techno", "", want{bpm: 128, genre: Techno}},
		{"128 bpm", "", want{bpm: 128}},
		{"87.5 bpm", "", want{bpm: 87.5}},
		{"at 90 beats per minute, a sad piano ballad", "", want{bpm: 90, genre: Pop, wanted: ins(Piano), mood: []string{"sad"}}},
		{"128 beats per minute", "", want{bpm: 128}},
		{"tempo of 128", "", want{bpm: 128}},
		{"at 128", "", want{bpm: 128}},
		{"@128", "", want{bpm: 128}},
		{"tempo 100, folk song with acoustic guitar", "", want{bpm: 100, genre: Folk, wanted: ins(Guitar)}},
		{"tempo: 140, trap", "", want{bpm: 140, genre: HipHop, style: "trap"}},
		{"at around 95, boom bap", "", want{bpm: 95, genre: HipHop, style: "boom bap"}},
		{"bpm 174", "", want{bpm: 174}},
		{"120-130 bpm house", "", want{bpm: 125, genre: House}},
		{"90 to 100 bpm", "", want{bpm: 95}},
		{"140 trap", "", want{bpm: 140, genre: HipHop, style: "trap"}},
		{"house 124 with piano stabs", "", want{bpm: 124, genre: House, wanted: ins(Piano)}},
		{"128 BPM then 140 BPM", "", want{bpm: 128}},
		{"a 3 minute techno track at 130", "", want{bpm: 130, genre: Techno}},

		// Not tempos, or not sane ones.
		{"house track 500 bpm", "", want{genre: House}},
		{"slow 30 bpm drone", "", want{genre: Ambient, pace: Slow, wordTempo: true}},
		{"at 90 seconds long, house", "", want{genre: House}},
		{"90s hip hop", "", want{genre: HipHop}},
		{"2 pianos", "", want{wanted: ins(Piano)}},
		{"128", "", want{}},
		{"techno 909", "", want{genre: Techno, wanted: ins(Drums)}},
		{"ambient", "128 bpm", want{genre: Ambient}},
	})
}
