package prompt

// profile is what a genre implies when the prompt leaves something open.
type profile struct {
	lo, hi float64 // typical tempo, BPM
	minor  float64 // chance of a minor key when the prompt names no mode
	energy float64 // 0..1 before any mood word
	bright float64 // 0..1 before any mood word
	band   []Instrument
	tonics []int // tonics the seed favours (guitar keys for rock), or nil
}

var profiles = map[Genre]profile{
	Techno:      {124, 132, 0.85, 0.75, 0.35, []Instrument{Bass, Drums, LeadSynth, Pads}, nil},
	House:       {118, 126, 0.5, 0.7, 0.6, []Instrument{Bass, Drums, Pads, Piano}, nil},
	DrumAndBass: {170, 176, 0.8, 0.85, 0.45, []Instrument{Bass, Drums, LeadSynth, Pads}, nil},
	HipHop:      {80, 95, 0.7, 0.55, 0.4, []Instrument{Bass, Drums, Piano}, nil},
	LoFi:        {70, 90, 0.5, 0.3, 0.3, []Instrument{Bass, Drums, Piano}, nil},
	Ambient:     {60, 90, 0.5, 0.15, 0.5, []Instrument{Bells, Pads}, nil},
	Cinematic:   {70, 110, 0.75, 0.6, 0.45, []Instrument{Drums, Pads, Piano, Strings}, nil},
	Rock:        {100, 140, 0.45, 0.75, 0.55, []Instrument{Bass, Drums, Guitar}, []int{4, 9, 2, 7, 0}},
	Pop:         {96, 124, 0.3, 0.65, 0.75, []Instrument{Bass, Drums, Pads, Piano}, nil},
	Jazz:        {90, 160, 0.4, 0.5, 0.55, []Instrument{Bass, Drums, Piano}, []int{5, 10, 3, 8, 0}},
	Folk:        {80, 120, 0.35, 0.4, 0.6, []Instrument{Bass, Guitar, Strings}, []int{7, 2, 9, 0, 4}},
	Synthwave:   {80, 118, 0.75, 0.65, 0.6, []Instrument{Bass, Drums, LeadSynth, Pads, Plucks}, nil},
}

// noGenre stands in when every genre is avoided: a middle-of-the-road band
// and the 90–130 BPM that most prompts without a genre mean.
var noGenre = profile{90, 130, 0.5, 0.5, 0.5, []Instrument{Bass, Drums, Pads, Piano}, nil}

func profileOf(g Genre) profile {
	if p, ok := profiles[g]; ok {
		return p
	}
	return noGenre
}

// style is a sub-style that changes its genre's tempo or band. Trap is hip
// hop written at 130–150 BPM with half-time drums, which is how producers
// label it, so the BPM stays in that range and the feel carries the "70".
type style struct {
	lo, hi   float64
	band     []Instrument // nil: the genre's band
	halfTime bool
}

var styles = map[string]style{
	"trap":       {130, 150, []Instrument{Bass, Bells, Drums, Pads}, true},
	"boom bap":   {85, 95, nil, false},
	"deep house": {118, 124, nil, false},
	"tech house": {124, 128, nil, false},
	"jungle":     {160, 170, nil, false},
}

// tempoRange is the range the seed draws a BPM from: the style's or genre's,
// narrowed (and stretched a little past its edge) by a tempo word, so "fast
// techno" lands at 128–136 rather than at any fixed number.
func tempoRange(g Genre, st string, pace Pace) (lo, hi float64) {
	lo, hi = profileOf(g).lo, profileOf(g).hi
	if s, ok := styles[st]; ok {
		lo, hi = s.lo, s.hi
	}
	span := hi - lo
	stretch := max(4, span/4)
	switch pace {
	case Fast:
		lo, hi = lo+span/2, hi+stretch
	case Slow:
		lo, hi = lo-stretch, lo+span/2
	case MidTempo:
		lo, hi = lo+span/3, hi-span/3
	}
	return max(lo, minBPM), min(hi, maxBPM)
}

// band is the instruments a genre or style plays by default.
func band(g Genre, st string) []Instrument {
	if s, ok := styles[st]; ok && s.band != nil {
		return s.band
	}
	return profileOf(g).band
}

func init() {
	genre := func(g Genre, st string, weak bool) func(*entry) {
		return func(e *entry) { e.genre, e.style, e.weak = g, st, weak }
	}
	define(genre(Techno, "", false), "techno", "minimal techno", "acid techno",
		"industrial techno", "detroit techno", "trance", "psytrance")
	define(genre(Techno, "", true), "rave", "warehouse", "acid")
	define(genre(House, "", false), "house", "progressive house", "afro house", "disco", "nu disco",
		"uk garage", "garage house", "french house")
	define(genre(House, "deep house", false), "deep house")
	define(genre(House, "tech house", false), "tech house")
	define(genre(House, "", true), "edm", "dance", "dance music", "club")
	define(genre(DrumAndBass, "", false), "drum and bass", "drum & bass", "drum n bass", "drumnbass",
		"drumandbass", "dnb", "d&b", "d and b", "neurofunk")
	define(genre(DrumAndBass, "jungle", false), "jungle")
	define(genre(HipHop, "", false), "hip hop", "hiphop", "rap", "drill")
	define(genre(HipHop, "trap", false), "trap")
	define(genre(HipHop, "boom bap", false), "boom bap", "boombap")
	define(genre(LoFi, "", false), "lofi", "lo fi", "chillhop", "lofi hip hop", "lo fi hip hop",
		"lofi hiphop", "lo fi hiphop", "study beats")
	define(genre(Ambient, "", false), "ambient", "drone", "new age", "soundscape")
	define(genre(Ambient, "", true), "meditation", "meditative", "sleep", "spa")
	define(genre(Cinematic, "", false), "cinematic", "orchestral", "film score", "film music",
		"soundtrack", "trailer", "movie score", "game soundtrack", "orchestra")
	define(genre(Cinematic, "", true), "epic", "score", "heroic")
	define(genre(Rock, "", false), "rock", "indie rock", "post rock", "punk", "grunge",
		"metal", "garage rock", "rocknroll", "rock and roll", "alt rock")
	define(genre(Pop, "", false), "pop", "indie pop", "k pop", "kpop", "dance pop", "electropop", "synthpop", "synth pop")
	define(genre(Pop, "", true), "ballad", "radio", "catchy")
	define(genre(Jazz, "", false), "jazz", "bebop", "swing", "bossa nova", "bossa",
		"big band", "jazz fusion")
	define(genre(Jazz, "", true), "jazzy")
	define(genre(Folk, "", false), "folk", "singer songwriter", "americana", "bluegrass", "country",
		"indie folk")
	define(genre(Folk, "", true), "acoustic", "campfire", "unplugged")
	define(genre(Synthwave, "", false), "synthwave", "synth wave", "retrowave", "outrun", "darksynth",
		"vaporwave", "chillwave")
	define(genre(Synthwave, "", true), "80s", "eighties", "retro")
}
