// Package prompt understands a text prompt the way a producer means it, for
// the built-in compositional model: tempo, key, genre, the instruments
// wanted or excluded, mood, energy, brightness and whether to loop.
//
// Understand reads only what the prompt and the negative prompt say and
// leaves everything else open. Understood.Resolve then fills each open field
// deterministically from the seed, so one prompt and seed always compose the
// same piece while a new seed gives a new one, and Resolved.Explain says in
// plain words where each choice came from.
//
// Deliberate readings, so that a surprising result can be checked here:
//   - A bare note name is a major key ("Eb", "in the key of D"), as in chord
//     symbols, unless the prompt said the mode elsewhere ("dark, minor, in
//     the key of D" is D minor). Church modes fold onto the mode with the
//     same third: dorian, phrygian, aeolian and locrian are minor; ionian,
//     lydian and mixolydian are major. So "D dorian" is D minor.
//   - A letter is a key only in a key-ish context: an accidental or a mode
//     ("F#", "Cm", "A minor", "B flat"), "key of X", or "in X". "I am", "a
//     chill track" and "in a minor key" (some minor key) name no tonic.
//   - A number is a tempo only with a unit or a cue: "128 BPM", "at 128",
//     "tempo 128", "120-130 bpm" (the middle), or next to a genre ("dnb
//     174"). Values below 40 or above 300 BPM are ignored.
//   - Tempo words ("fast", "slow", "uptempo", "mid-tempo") do not fix a
//     number: they pick the matching part of the genre's range and the seed
//     picks inside it. "Half-time" changes the feel, not the BPM producers
//     would label the track with (half-time drum and bass is still 174).
//   - The first strong genre word wins; weak cues ("epic", "acoustic",
//     "80s", "jazzy") count only when no strong one is present.
//   - An exclusion beats a mention ("808s, no drums" has no drums), and the
//     negative prompt excludes every instrument and avoids every genre it
//     names, even when the prompt named them too.
//   - Sounds the model lacks map to their nearest stand-in when wanted
//     (organ → piano, brass → strings, sax → lead synth) but never exclude
//     through the stand-in, so "no brass" leaves the strings alone. Voices,
//     which the model cannot make at all, are listed in Unavailable.
package prompt

// Genre is one of the styles the built-in model composes in.
type Genre string

// The genres the built-in model knows. Sub-styles such as trap or deep house
// are a Genre plus Understood.Style.
const (
	Techno      Genre = "techno"
	House       Genre = "house"
	DrumAndBass Genre = "drum and bass"
	HipHop      Genre = "hip hop"
	LoFi        Genre = "lo-fi"
	Ambient     Genre = "ambient"
	Cinematic   Genre = "cinematic"
	Rock        Genre = "rock"
	Pop         Genre = "pop"
	Jazz        Genre = "jazz"
	Folk        Genre = "folk"
	Synthwave   Genre = "synthwave"
)

// AllGenres lists every genre in a fixed order; the seed draws from it, so
// reordering it changes which genre a given seed picks.
var AllGenres = []Genre{Techno, House, DrumAndBass, HipHop, LoFi, Ambient, Cinematic, Rock, Pop, Jazz, Folk, Synthwave}

// Instrument is one of the parts the built-in model can play.
type Instrument string

// The instruments of the built-in model.
const (
	Bass      Instrument = "bass"
	Bells     Instrument = "bells"
	Drums     Instrument = "drums"
	Guitar    Instrument = "guitar"
	LeadSynth Instrument = "lead synth"
	Pads      Instrument = "pads"
	Piano     Instrument = "piano"
	Plucks    Instrument = "plucks"
	Strings   Instrument = "strings"
)

// AllInstruments lists every instrument, sorted by name.
var AllInstruments = []Instrument{Bass, Bells, Drums, Guitar, LeadSynth, Pads, Piano, Plucks, Strings}

// Presence is what the prompt said about an instrument. The zero value means
// it was not mentioned, so a map lookup of an unnamed instrument reads right.
type Presence int8

const (
	Unsaid Presence = iota
	Wanted
	Excluded
)

func (p Presence) String() string {
	switch p {
	case Wanted:
		return "wanted"
	case Excluded:
		return "excluded"
	}
	return "unsaid"
}

// Pace is a tempo word's place in the genre's range.
type Pace string

const (
	Fast     Pace = "fast"
	Slow     Pace = "slow"
	MidTempo Pace = "mid-tempo"
)

// Where a BPM came from, in Understood.BPMSource and Resolved.BPMSource.
// Understand sets only BPMExplicit and BPMWord; Resolve adds the others.
const (
	BPMExplicit = "explicit" // a number in the prompt
	BPMWord     = "word"     // a tempo word chose part of the range, the seed the number
	BPMGenre    = "genre"    // the seed, within the prompt's genre's range
	BPMSeed     = "seed"     // the seed, within the range of a genre the seed chose
)

// Understood is what a prompt says, and nothing more: zero values mean "not
// said" (a BPM of 0, a Key that is not Known, an empty Genre).
type Understood struct {
	BPM       float64 // beats per minute; 0 = not said
	BPMSource string  // BPMExplicit or BPMWord; "" when nothing was said
	Pace      Pace    // a tempo word; "" = none
	HalfTime  bool    // "half-time": drums at half speed, BPM unchanged

	Key Key

	Genre Genre   // "" = none said
	Style string  // a sub-style with its own tempo or band: "trap", "deep house", …
	Avoid []Genre // genres the prompt negated or the negative prompt named

	Instruments map[Instrument]Presence
	Only        bool     // "solo piano", "drums only": play just the wanted instruments
	Unavailable []string // asked for but beyond the model, such as "vocals"

	Mood       []string // recognised mood words, canonical spelling, in prompt order
	Energy     float64  // 0..1; 0.5 when nothing points either way
	Brightness float64  // 0..1; 0.5 when nothing points either way
	Loop       bool     // "loop", "loopable", "seamless loop"

	Words []string // the prompt's normalised words, for hashing; not the negative prompt's
}
