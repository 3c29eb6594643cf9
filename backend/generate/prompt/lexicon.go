package prompt

import (
	"strings"
	"unicode"
)

// token is one word of a prompt, or a clause break (punctuation), which ends
// a negation: in "no drums, heavy bass" the bass is wanted.
type token struct {
	norm string // lower case, accidentals as '#' and 'b', apostrophes dropped
	orig string // as typed, for case cues ("Am" is a key, "am" is a verb)
	brk  bool
}

// tokenize splits text into words and breaks. Hyphens and slashes separate
// words without breaking a clause, so "lo-fi" and "lo fi" read alike and
// "w/o drums" negates; '#' and '&' stay inside words for "F#m" and "d&b".
func tokenize(text string) []token {
	var toks []token
	var word []rune
	flush := func() {
		if len(word) == 0 {
			return
		}
		orig := string(word)
		norm := strings.ToLower(orig)
		word = word[:0]
		// "128bpm" is two words; "80s" and "808s" are one.
		if cut := strings.TrimRightFunc(norm, unicode.IsLetter); cut != norm && cut != "" &&
			norm[len(cut):] == "bpm" && isNumber(cut) {
			toks = append(toks, token{norm: cut, orig: cut}, token{norm: "bpm", orig: "bpm"})
			return
		}
		toks = append(toks, token{norm: norm, orig: orig})
	}
	brk := func(r rune) {
		flush()
		if len(toks) > 0 && !toks[len(toks)-1].brk {
			toks = append(toks, token{norm: string(r), orig: string(r), brk: true})
		}
	}
	rs := []rune(text)
	for i, r := range rs {
		switch r {
		case '♯':
			r = '#'
		case '♭':
			r = 'b'
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '#' || r == '&':
			word = append(word, r)
		case r == '\'' || r == '’':
			// "80's" is "80s", "don't" is "dont", "drum'n'bass" one word.
		case r == '.' && i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]):
			word = append(word, r)
		case r == '@':
			flush()
			toks = append(toks, token{norm: "at", orig: "@"})
		case strings.ContainsRune(",;:.!?()[]{}\n\"", r):
			brk(r)
		default:
			flush()
		}
	}
	flush()
	return toks
}

// isNumber reports whether s is a plain decimal such as "128" or "87.5".
func isNumber(s string) bool {
	dot := false
	for i, r := range s {
		switch {
		case r == '.' && !dot && i > 0 && i < len(s)-1:
			dot = true
		case r < '0' || r > '9':
			return false
		}
	}
	return s != ""
}

// entry is everything one word or phrase means. A phrase may mean several
// things at once: "epic" is a mood and a weak cinematic cue, "808" is bass
// and drums, "drum loop" is drums and a loop.
type entry struct {
	genre Genre
	style string // sub-style, see styles
	weak  bool   // the genre counts only when no strong genre word appears

	want    []Instrument // added when the phrase is asked for
	exclude []Instrument // removed when it is negated; nil for stand-ins
	voice   string       // a sound the model cannot make ("vocals")

	mood     string // canonical mood word
	pace     Pace
	halfTime bool
	loop     bool

	negator   bool // "no", "without": negates what follows
	privative bool // "drumless": negates itself
	solo      bool // "solo": only the instrument right after it
	only      bool // "only", "alone"
}

// negatable reports whether "no" can apply to e: "no drums", "not
// techno", "not too dark", "no vocals", "not a loop".
func (e *entry) negatable() bool {
	return e.genre != "" || len(e.want) > 0 || len(e.exclude) > 0 || e.voice != "" ||
		e.mood != "" || e.pace != "" || e.halfTime || e.loop
}

// lexicon maps phrases (words joined by one space, normalised like tokens)
// to their meaning. Each vocabulary file fills it in its init.
var (
	lexicon   = map[string]*entry{}
	maxPhrase = 1
)

// define gives every phrase the meaning set adds, merging with meanings the
// phrase already has from another vocabulary.
func define(set func(*entry), phrases ...string) {
	for _, p := range phrases {
		e := lexicon[p]
		if e == nil {
			e = &entry{}
			lexicon[p] = e
			maxPhrase = max(maxPhrase, strings.Count(p, " ")+1)
		}
		set(e)
	}
}

// match finds the longest phrase starting at toks[i], so that "drum and
// bass" is a genre rather than two instruments and "deep house" is a genre
// rather than a mood and a genre. It never crosses a clause break.
func match(toks []token, i int) (*entry, int) {
	for n := min(maxPhrase, len(toks)-i); n > 0; n-- {
		words := make([]string, 0, n)
		for _, t := range toks[i : i+n] {
			if t.brk {
				break
			}
			words = append(words, t.norm)
		}
		if len(words) < n {
			continue
		}
		if e := lexicon[strings.Join(words, " ")]; e != nil {
			return e, n
		}
	}
	return nil, 0
}

// word returns the normalised word at toks[i], or "" past either end or at a
// break, so callers can look around without bounds checks.
func word(toks []token, i int) string {
	if i < 0 || i >= len(toks) || toks[i].brk {
		return ""
	}
	return toks[i].norm
}
