package prompt

import "math"

// moodCue is how a mood word moves the levels and the mode. Energy and
// bright are targets on 0..1; none means the word says nothing about it.
type moodCue struct {
	energy, bright float64
	lean           int // +1 leans to a major key, -1 to a minor one
}

const none = -1

// moodCues is keyed by the canonical word that Understood.Mood reports.
var moodCues = map[string]moodCue{
	"dark": {none, 0.2, -1}, "bright": {none, 0.85, 1}, "happy": {0.65, 0.8, 1},
	"sad": {0.3, 0.35, -1}, "melancholic": {0.3, 0.35, -1}, "uplifting": {0.7, 0.8, 1},
	"chill": {0.25, none, 0}, "calm": {0.2, none, 0}, "relaxed": {0.25, none, 0},
	"peaceful": {0.2, 0.6, 1}, "aggressive": {0.9, 0.35, -1}, "energetic": {0.85, none, 0},
	"driving": {0.8, none, 0}, "banger": {0.95, none, 0}, "intense": {0.85, none, -1},
	"dreamy": {0.3, 0.6, 0}, "warm": {none, 0.3, 0}, "cold": {none, 0.4, -1},
	"epic": {0.8, none, 0}, "mysterious": {0.4, 0.3, -1}, "shimmering": {none, 0.9, 0},
	"euphoric": {0.85, 0.8, 1}, "nostalgic": {0.4, 0.45, 0}, "romantic": {0.35, 0.55, 1},
	"groovy": {0.65, none, 0}, "hypnotic": {0.6, none, -1}, "heavy": {0.8, 0.3, -1},
	"soft": {0.2, none, 0}, "gentle": {0.2, none, 0}, "playful": {0.6, 0.75, 1},
	"ominous": {0.5, 0.15, -1}, "hopeful": {0.55, 0.7, 1}, "emotional": {0.45, none, -1},
	"lush": {none, 0.6, 0}, "gritty": {0.7, 0.3, 0}, "moody": {0.4, 0.3, -1},
	"haunting": {0.35, 0.25, -1}, "ethereal": {0.2, 0.7, 0}, "atmospheric": {0.3, none, 0},
	"powerful": {0.85, none, 0}, "triumphant": {0.85, 0.75, 1}, "somber": {0.25, 0.3, -1},
	"joyful": {0.7, 0.8, 1}, "upbeat": {0.75, 0.7, 1}, "laid back": {0.3, none, 0},
	"mellow": {0.3, 0.4, 0}, "punchy": {0.75, none, 0}, "airy": {none, 0.75, 0},
	"crisp": {none, 0.75, 0}, "sparkling": {none, 0.85, 1}, "muffled": {none, 0.2, 0},
	"hazy": {0.3, 0.35, 0}, "nocturnal": {0.4, 0.25, -1}, "sinister": {0.55, 0.15, -1},
	"angry": {0.9, 0.35, -1}, "bouncy": {0.7, 0.65, 1}, "sunny": {0.6, 0.85, 1},
	"cozy": {0.25, 0.35, 1}, "tense": {0.65, 0.35, -1}, "deep": {none, 0.3, 0},
	"funky": {0.7, 0.6, 0}, "spacey": {0.3, 0.55, 0}, "minimal": {0.45, none, 0},
}

// moodSynonyms maps other spellings onto moodCues' words.
var moodSynonyms = map[string]string{
	"melancholy": "melancholic", "chilled": "chill", "chillout": "chill", "chill out": "chill",
	"relaxing": "relaxed", "relax": "relaxed", "calming": "calm", "serene": "calm",
	"tranquil": "calm", "low energy": "calm", "high energy": "energetic", "hype": "energetic",
	"dreamlike": "dreamy", "mystery": "mysterious", "mystical": "mysterious",
	"glittering": "shimmering", "shiny": "shimmering", "glassy": "shimmering",
	"laidback": "laid back", "sombre": "somber", "gloomy": "moody", "spooky": "ominous",
	"creepy": "ominous", "menacing": "sinister", "cheerful": "happy", "fun": "playful",
	"rage": "angry", "hard": "aggressive", "brutal": "aggressive", "sleepy": "calm",
	"sentimental": "emotional", "emotive": "emotional", "space": "spacey", "cosmic": "spacey",
	"retro": "nostalgic", "uplifting vibes": "uplifting", "grimy": "gritty", "dirty": "gritty",
	"icy": "cold", "frozen": "cold", "bangin": "banger", "banging": "banger", "pumping": "driving",
	"anthemic": "euphoric", "groove": "groovy", "sultry": "romantic", "heroic": "triumphant",
}

// Tempo words.
var paceWords = map[string]Pace{
	"fast": Fast, "faster": Fast, "quick": Fast, "uptempo": Fast, "up tempo": Fast,
	"double time": Fast, "rapid": Fast, "slow": Slow, "slower": Slow, "downtempo": Slow,
	"down tempo": Slow, "slowed": Slow, "mid tempo": MidTempo, "midtempo": MidTempo,
	"medium tempo": MidTempo, "moderate tempo": MidTempo,
}

// paceEnergy is the energy a tempo word suggests: a slow piece is calmer.
var paceEnergy = map[Pace]float64{Fast: 0.7, Slow: 0.3}

func init() {
	for w := range moodCues {
		define(func(e *entry) { e.mood = w }, w)
	}
	for w, canon := range moodSynonyms {
		define(func(e *entry) { e.mood = canon }, w)
	}
	for w, p := range paceWords {
		define(func(e *entry) { e.pace = p }, w)
	}
	define(func(e *entry) { e.halfTime = true }, "half time", "halftime", "half time feel")
	define(func(e *entry) { e.loop = true }, "loop", "loops", "looping", "loopable", "seamless loop",
		"looped", "drum loop", "loop based")
}

// levels derives energy and brightness. The words move each level most of
// the way to their average target, but the genre keeps some pull, so
// "chill techno" is calmer than techno and livelier than chill ambient.
func levels(mood []string, pace Pace, g Genre) (energy, brightness float64) {
	p := profileOf(g)
	var es, bs []float64
	for _, m := range mood {
		c := moodCues[m]
		if c.energy != none {
			es = append(es, c.energy)
		}
		if c.bright != none {
			bs = append(bs, c.bright)
		}
	}
	if e, ok := paceEnergy[pace]; ok {
		es = append(es, e)
	}
	return blend(p.energy, es), blend(p.bright, bs)
}

func blend(base float64, targets []float64) float64 {
	if len(targets) == 0 {
		return base
	}
	sum := 0.0
	for _, t := range targets {
		sum += t
	}
	v := 0.7*sum/float64(len(targets)) + 0.3*base
	return math.Round(min(max(v, 0), 1)*100) / 100
}

// moodLean is the mood words' net pull towards major (> 0) or minor (< 0).
func moodLean(mood []string) int {
	lean := 0
	for _, m := range mood {
		lean += moodCues[m].lean
	}
	return lean
}
