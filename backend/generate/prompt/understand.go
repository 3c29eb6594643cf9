package prompt

import (
	"maps"
	"slices"
)

// Understand reads what prompt and negative say about the music. It never
// fails: words it does not know only feed Words, which the composer hashes
// so that any change to the prompt changes the piece.
func Understand(prompt, negative string) Understood {
	u := Understood{Instruments: map[Instrument]Presence{}}
	toks := tokenize(prompt)
	for _, t := range toks {
		if !t.brk {
			u.Words = append(u.Words, t.norm)
		}
	}
	s := &scanner{u: &u}
	s.scan(toks, false)
	s.scan(tokenize(negative), true)
	s.finish()
	return u
}

// scanner walks a prompt's tokens, filling in u.
type scanner struct {
	u        *Understood
	weak     Genre // the first weak genre cue, used when no strong one comes
	genreEnd int   // index just past the latest genre phrase, for "dnb 174"
	only     bool
}

// scan reads one text. In the negative prompt everything named is negated
// and tempo and key are not read: "no 128 BPM" is not a request.
func (s *scanner) scan(toks []token, negative bool) {
	var neg negation
	s.genreEnd = -1
	soloAt := -1 // index of the instrument a "solo" applies to
	for i := 0; i < len(toks); {
		if toks[i].brk {
			neg = negation{}
			i++
			continue
		}
		if !negative {
			n := s.tempo(toks, i)
			if n == 0 {
				n = s.key(toks, i)
			}
			if n > 0 {
				neg.on = false
				i += n
				continue
			}
		}
		e, n := match(toks, i)
		switch {
		case e == nil:
			neg.other(toks[i].norm)
			i++
			continue
		case e.negator:
			neg.start()
			i += n
			continue
		case e.solo:
			soloAt = i + n
		}
		negated := negative || e.privative
		if e.negatable() {
			negated = neg.active() || negated
		} else {
			neg.other(toks[i].norm)
		}
		// "drum-free", "bass less": the suffix negates the word before it.
		if w := word(toks, i+n); (w == "free" || w == "less") && len(e.exclude) > 0 {
			negated, n = true, n+1
		}
		if s.apply(e, negated, negative) && i == soloAt {
			s.only = true
		}
		if e.genre != "" {
			s.genreEnd = i + n
		}
		i += n
	}
}

// apply records what entry e means, negated or not. It reports whether e
// added a wanted instrument.
func (s *scanner) apply(e *entry, negated, negative bool) (wanted bool) {
	u := s.u
	if negated {
		for _, x := range e.exclude {
			u.Instruments[x] = Excluded
		}
		// A weak cue is too vague to avoid a whole genre: "no epic
		// drums" is not "no cinematic".
		if e.genre != "" && !e.weak && !slices.Contains(u.Avoid, e.genre) {
			u.Avoid = append(u.Avoid, e.genre)
		}
		return false
	}
	if negative {
		return false
	}
	switch {
	case e.genre != "" && e.weak:
		if s.weak == "" {
			s.weak = e.genre
		}
	case e.genre != "" && u.Genre == "":
		u.Genre, u.Style = e.genre, e.style
	}
	for _, x := range e.want {
		if u.Instruments[x] != Excluded {
			u.Instruments[x] = Wanted
			wanted = true
		}
	}
	if e.voice != "" && !slices.Contains(u.Unavailable, e.voice) {
		u.Unavailable = append(u.Unavailable, e.voice)
	}
	if e.mood != "" && !slices.Contains(u.Mood, e.mood) {
		u.Mood = append(u.Mood, e.mood)
	}
	if e.pace != "" && u.Pace == "" {
		u.Pace = e.pace
	}
	u.HalfTime = u.HalfTime || e.halfTime
	u.Loop = u.Loop || e.loop
	s.only = s.only || e.only
	return wanted
}

// finish settles what needs the whole text: the negative prompt beats the
// prompt, weak genre cues fill in, and the levels follow from both.
func (s *scanner) finish() {
	u := s.u
	if slices.Contains(u.Avoid, u.Genre) {
		u.Genre, u.Style = "", ""
	}
	if u.Genre == "" && s.weak != "" && !slices.Contains(u.Avoid, s.weak) {
		u.Genre = s.weak
	}
	u.Only = s.only && slices.Contains(slices.Collect(maps.Values(u.Instruments)), Wanted)
	if u.BPM == 0 && (u.Pace != "" || u.HalfTime) {
		u.BPMSource = BPMWord
	}
	u.Energy, u.Brightness = levels(u.Mood, u.Pace, u.Genre)
}
