package prompt

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Source says where a resolved value came from.
type Source string

const (
	FromPrompt Source = "prompt"
	FromSeed   Source = "seed"
	FromBoth   Source = "prompt and seed" // the prompt narrowed it, the seed chose
	FromInput  Source = "input audio"     // heard in the recording of audio to audio
)

// Resolved is a fully decided piece: every field is concrete, and each
// records whether the prompt or the seed decided it.
type Resolved struct {
	BPM       float64
	BPMSource string     // BPMExplicit, BPMWord, BPMGenre or BPMSeed
	BPMRange  [2]float64 // the range the seed drew from; zero when the prompt gave the BPM
	BPMFrom   Source
	Pace      Pace
	HalfTime  bool

	Key     Key // always Known
	KeyFrom Source

	Genre     Genre // "" only when the prompt avoided every genre
	Style     string
	GenreFrom Source
	Avoid     []Genre

	Instruments     []Instrument // sorted
	InstrumentsFrom Source
	Wanted          []Instrument // sorted, as the prompt said
	Excluded        []Instrument // sorted, as the prompt and negative prompt said
	Only            bool

	Mood       []string
	Energy     float64
	Brightness float64
	LevelsFrom Source

	Loop        bool
	Unavailable []string
}

// Each field draws from its own stream, so that saying the tempo does not
// reshuffle the key a seed gave: the user can pin one thing at a time.
const (
	streamGenre = iota + 1
	streamTempo
	streamKey
)

func draw(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), stream))
}

// Resolve fills what the prompt left open from seed. The same Understood
// and seed always give the same Resolved.
func (u Understood) Resolve(seed int64) Resolved {
	r := Resolved{
		Pace: u.Pace, HalfTime: u.HalfTime, Genre: u.Genre, Style: u.Style, GenreFrom: FromPrompt,
		Avoid: slices.Clone(u.Avoid), Only: u.Only, Mood: slices.Clone(u.Mood), Loop: u.Loop,
		Unavailable: slices.Clone(u.Unavailable),
	}
	if r.Genre == "" {
		r.Genre, r.Style, r.GenreFrom = pickGenre(u, draw(seed, streamGenre)), "", FromSeed
	}
	if st, ok := styles[r.Style]; ok {
		r.HalfTime = r.HalfTime || st.halfTime
	}

	r.Energy, r.Brightness, r.LevelsFrom = u.Energy, u.Brightness, FromPrompt
	if u.Genre == "" {
		r.Energy, r.Brightness = levels(u.Mood, u.Pace, r.Genre)
		r.LevelsFrom = FromSeed
		if len(u.Mood) > 0 || u.Pace != "" {
			r.LevelsFrom = FromBoth
		}
	}

	r.resolveTempo(u, seed)
	r.resolveKey(u, seed)
	r.resolveInstruments(u)
	return r
}

func (r *Resolved) resolveTempo(u Understood, seed int64) {
	if u.BPM > 0 {
		r.BPM, r.BPMSource, r.BPMFrom = u.BPM, BPMExplicit, FromPrompt
		return
	}
	lo, hi := tempoRange(r.Genre, r.Style, u.Pace)
	// Whole BPMs: that is what producers set and what the library shows.
	first, last := int(math.Ceil(lo)), int(math.Floor(hi))
	r.BPM = float64(first + draw(seed, streamTempo).IntN(last-first+1))
	r.BPMRange, r.BPMFrom = [2]float64{lo, hi}, FromSeed
	switch {
	case u.Pace != "" || u.HalfTime:
		r.BPMSource = BPMWord
	case r.GenreFrom == FromPrompt:
		r.BPMSource = BPMGenre
	default:
		r.BPMSource = BPMSeed
	}
}

func (r *Resolved) resolveKey(u Understood, seed int64) {
	if u.Key.Known {
		r.Key, r.KeyFrom = u.Key, FromPrompt
		return
	}
	rng := draw(seed, streamKey)
	p := profileOf(r.Genre)
	// Both draws happen whatever the prompt said, so saying the mode keeps
	// the tonic this seed would have picked.
	minor := rng.Float64() < min(max(p.minor-0.2*float64(moodLean(u.Mood)), 0.05), 0.95)
	tonic := pickTonic(rng, p.tonics)
	r.KeyFrom = FromSeed
	if u.Key.ModeKnown {
		minor, r.KeyFrom = u.Key.Minor, FromBoth
	}
	r.Key = Key{Tonic: tonic, Minor: minor, Known: true, ModeKnown: true}
}

// pickTonic draws a tonic, the genre's favoured ones twice as often as the
// rest, so rock leans to guitar keys without losing any key.
func pickTonic(rng *rand.Rand, favoured []int) int {
	n := rng.IntN(12 + len(favoured))
	if n < 12 {
		return n
	}
	return favoured[n-12]
}

// pickGenre draws a genre for a prompt that named none, weighting each by
// how well it fits what the prompt did say: a stated tempo, the energy of
// its mood words and the instruments it wants or excludes. Every genre not
// avoided keeps some chance.
func pickGenre(u Understood, rng *rand.Rand) Genre {
	var cands []Genre
	var weights []float64
	total := 0.0
	for _, g := range AllGenres {
		if slices.Contains(u.Avoid, g) {
			continue
		}
		p := profiles[g]
		w := 1.0
		if u.BPM > 0 {
			switch {
			// A stated tempo is the strongest hint there is: "174 BPM" is
			// drum and bass more often than not.
			case u.BPM >= p.lo-4 && u.BPM <= p.hi+4:
				w *= 20
			case u.BPM*2 >= p.lo && u.BPM*2 <= p.hi, u.BPM/2 >= p.lo && u.BPM/2 <= p.hi:
				w *= 1.5
			}
		}
		if len(u.Mood) > 0 || u.Pace != "" {
			e, _ := levels(u.Mood, u.Pace, "")
			w *= 0.1 + 2*max(0, 1-2*math.Abs(e-p.energy))
		}
		for x, pr := range u.Instruments {
			switch in := slices.Contains(p.band, x); {
			case pr == Wanted && in:
				w *= 2
			case pr == Excluded && in:
				w *= 0.5
			}
		}
		cands, weights = append(cands, g), append(weights, w)
		total += w
	}
	if len(cands) == 0 {
		return ""
	}
	x := rng.Float64() * total
	for i, w := range weights {
		if x -= w; x < 0 {
			return cands[i]
		}
	}
	return cands[len(cands)-1]
}

// fallbackOrder is tried when exclusions empty the band, so that "ambient,
// no pads, no bells" still plays something.
var fallbackOrder = []Instrument{Piano, Pads, Guitar, Strings, Plucks, Bells, LeadSynth, Bass, Drums}

func (r *Resolved) resolveInstruments(u Understood) {
	set := map[Instrument]bool{}
	if !u.Only {
		for _, x := range band(r.Genre, r.Style) {
			set[x] = true
		}
	}
	for x, p := range u.Instruments {
		switch p {
		case Wanted:
			set[x] = true
			r.Wanted = append(r.Wanted, x)
		case Excluded:
			delete(set, x)
			r.Excluded = append(r.Excluded, x)
		}
	}
	for _, x := range fallbackOrder {
		if len(set) > 0 {
			break
		}
		if u.Instruments[x] != Excluded {
			set[x] = true
		}
	}
	for x := range set {
		r.Instruments = append(r.Instruments, x)
	}
	slices.Sort(r.Instruments)
	slices.Sort(r.Wanted)
	slices.Sort(r.Excluded)
	switch {
	case u.Only:
		r.InstrumentsFrom = FromPrompt
	case len(r.Wanted)+len(r.Excluded) == 0:
		r.InstrumentsFrom = r.GenreFrom
	case r.GenreFrom == FromPrompt:
		r.InstrumentsFrom = FromPrompt
	default:
		r.InstrumentsFrom = FromBoth
	}
}
