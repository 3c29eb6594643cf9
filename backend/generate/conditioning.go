package generate

import (
	"hash/fnv"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"stableaudio/backend/generate/manifest"
)

// Conditioning turns a prompt into the graph's conditioning vector. It is a
// deliberately small, readable stand-in for a text encoder: a tempo, a key,
// two mood axes from a word list, and a hash of the words so that any change
// to the prompt changes the music. The layout is manifest.Cond*.
type conditioning [manifest.ConditioningSize]float32

// wordMood is how one word moves the mood axes. Mode is +1 for major, -1 for
// minor.
type wordMood struct {
	bright, energy float64
	mode           int
}

// moods is the whole vocabulary the conditioner understands; every other
// word only feeds the hash. Each hit moves an axis by a quarter.
var moods = map[string]wordMood{
	"bright": {bright: 1}, "sparkling": {bright: 1}, "airy": {bright: 1}, "crisp": {bright: 1},
	"shiny": {bright: 1}, "glassy": {bright: 1},
	"dark": {bright: -1, mode: -1}, "warm": {bright: -1}, "muffled": {bright: -1}, "deep": {bright: -1},
	"moody": {bright: -1, mode: -1}, "gloomy": {bright: -1, mode: -1},
	"energetic": {energy: 1}, "upbeat": {energy: 1}, "driving": {energy: 1}, "fast": {energy: 1},
	"dance": {energy: 1}, "intense": {energy: 1}, "aggressive": {energy: 1}, "party": {energy: 1},
	"techno": {energy: 1}, "house": {energy: 1}, "edm": {energy: 1}, "rock": {energy: 1},
	"calm": {energy: -1}, "ambient": {energy: -1}, "chill": {energy: -1}, "relaxing": {energy: -1},
	"slow": {energy: -1}, "soft": {energy: -1}, "gentle": {energy: -1}, "peaceful": {energy: -1},
	"lofi": {energy: -1, bright: -1}, "meditative": {energy: -1},
	"happy": {bright: 1, mode: 1}, "uplifting": {bright: 1, mode: 1}, "joyful": {mode: 1},
	"cheerful": {mode: 1}, "sunny": {bright: 1, mode: 1}, "major": {mode: 1},
	"sad": {mode: -1}, "melancholic": {mode: -1}, "tense": {mode: -1}, "somber": {mode: -1},
	"sombre": {mode: -1}, "minor": {mode: -1},
}

var (
	tempoPattern = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*(?:bpm|beats per minute)\b`)
	keyPattern   = regexp.MustCompile(`\b([a-g])(#|b)?\s*(major|minor)\b`)
	noteOffsets  = map[byte]int{'c': 0, 'd': 2, 'e': 4, 'f': 5, 'g': 7, 'a': 9, 'b': 11}
)

// condition derives the vector for prompt. Equal prompts (ignoring case and
// punctuation) give equal vectors.
func condition(prompt string) conditioning {
	text := strings.ToLower(prompt)
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })

	var bright, energy float64 = 0.5, 0.5
	mode := 0
	for _, w := range words {
		m := moods[w]
		bright += m.bright / 4
		energy += m.energy / 4
		mode += m.mode
	}
	bright, energy = clamp01(bright), clamp01(energy)

	var c conditioning
	hashWords(words, c[manifest.CondHash:])

	// Without an explicit tempo, calmer prompts get slower: 90 to 130 BPM.
	tempo := 90 + 40*energy
	if m := tempoPattern.FindStringSubmatch(text); m != nil {
		if v, err := strconv.ParseFloat(m[1], 64); err == nil {
			tempo = math.Min(math.Max(v, manifest.MinTempo), manifest.MaxTempo)
		}
	}

	// An explicit key ("F# minor") wins; otherwise mood words pick the mode
	// and the word hash picks the root, so a prompt always has the same key.
	major := mode > 0 || (mode == 0 && c[manifest.CondHash] >= 0.5)
	key := int(c[manifest.CondHash+1] * 12)
	if m := keyPattern.FindStringSubmatch(text); m != nil {
		key = noteOffsets[m[1][0]]
		switch m[2] {
		case "#":
			key++
		case "b":
			key--
		}
		key = (key + 12) % 12
		major = m[3] == "major"
	}

	c[manifest.CondTempo] = float32(tempo)
	c[manifest.CondBrightness] = float32(bright)
	c[manifest.CondEnergy] = float32(energy)
	if major {
		c[manifest.CondMajor] = 1
	}
	c[manifest.CondKey] = float32(key)
	return c
}

// hashWords fills dims with values in [0, 1) that depend on the set of
// words, not their order: each word adds its own pseudo-random offset to
// every dimension, modulo 1.
func hashWords(words []string, dims []float32) {
	sums := make([]float64, len(dims))
	for _, w := range words {
		h := fnv.New64a()
		h.Write([]byte(w))
		x := h.Sum64()
		for d := range sums {
			x = splitmix64(x)
			sums[d] += float64(x>>11) / (1 << 53)
		}
	}
	for d, s := range sums {
		dims[d] = float32(s - math.Floor(s))
	}
}

// splitmix64 is one step of the SplitMix64 generator: a cheap, well-mixed
// way to draw several numbers from one word hash.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func clamp01(v float64) float64 { return math.Min(math.Max(v, 0), 1) }
