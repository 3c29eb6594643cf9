package builtin

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"stableaudio/backend/audio"
	"stableaudio/backend/audio/analysis"
	"stableaudio/backend/generate"
	"stableaudio/backend/generate/compose"
)

// guitarPhrase is a player's two-bar riff in E minor at 100 BPM, played four times on a
// plucked string (Karplus–Strong, not the model's synthesiser) over a little room noise:
// what a producer records to start a track from. It returns the audio and one statement
// of the riff (beats and MIDI pitches).
func guitarPhrase() (*audio.Buffer, []compose.Note) {
	const rate, bpm = 44100, 100.0
	type note struct {
		beat, beats float64
		pitch       int
	}
	riff := []note{ // E4 G4 B4 C5 B4 G4 | E4 D4 E4 G4 F#4 E4
		{0, 1, 64}, {1, 0.5, 67}, {1.5, 0.5, 71}, {2, 1, 72}, {3, 0.5, 71}, {3.5, 0.5, 67},
		{4, 1, 64}, {5, 0.5, 62}, {5.5, 0.5, 64}, {6, 0.5, 67}, {6.5, 0.5, 66}, {7, 1, 64},
	}
	spb := 60 / bpm
	b := audio.NewBuffer(rate, 1, int(4*8*spb*rate)+rate)
	rng := rand.New(rand.NewPCG(100, 1))
	for rep := range 4 {
		for _, n := range riff {
			start := int((float64(rep*8) + n.beat) * spb * rate)
			length := int(n.beats * spb * rate)
			period := int(math.Round(rate / (440 * math.Pow(2, float64(n.pitch-69)/12))))
			line := make([]float64, period)
			for i := range line {
				line[i] = rng.Float64()*2 - 1
			}
			for i := range length {
				k := i % period
				v := line[k]
				line[k] = 0.996 * 0.5 * (line[k] + line[(k+1)%period])
				fade := math.Min(1, float64(length-i)/200) // the player's damping, no click
				b.Samples[start+i] += float32(0.5 * v * fade)
			}
		}
	}
	for i := range b.Samples {
		b.Samples[i] += float32(0.003 * rng.NormFloat64())
	}
	notes := make([]compose.Note, len(riff))
	for i, n := range riff {
		notes[i] = compose.Note{Start: n.beat, Duration: n.beats, Pitch: n.pitch}
	}
	return b, notes
}

// At strength 1 the result has the recording's tempo and key, whatever the prompt says,
// and its melody plays the recorded phrase: the same rhythm and the same notes, moved at
// most by octaves. Three styles, two seeds each.
func TestAudioToAudioKeepsTheRecordedPhrase(t *testing.T) {
	in, riff := guitarPhrase()
	r := newRenderer(t)
	for _, p := range []string{"techno 130 BPM in C major", "lo-fi piano in A major", "synthwave with a lead, 90 BPM"} {
		for seed := int64(1); seed <= 2; seed++ {
			req := generate.Request{Prompt: p, Seconds: 20, Seed: seed, Input: in, Strength: 1}
			tr, err := Render(context.Background(), r, req, false)
			if err != nil {
				t.Fatal(err)
			}
			bpm, _, err := analysis.Tempo(tr.Audio)
			if err != nil {
				t.Fatal(err)
			}
			key, _, err := analysis.FindKey(tr.Audio)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%-30s seed %d with the 100 BPM E minor riff: composed %.2f BPM in %v; heard %.2f BPM in %s",
				p, seed, tr.Score.BPM, tr.Plan.Key, bpm, key)
			if math.Abs(tr.Score.BPM-100) > 2 || !analysis.TempoMatches(bpm, 100, 0.02) {
				t.Errorf("%q seed %d: composed %.2f BPM, heard %.2f; the recording is 100 BPM", p, seed, tr.Score.BPM, bpm)
			}
			if want := (analysis.Key{Tonic: 4, Minor: true}); key != want {
				t.Errorf("%q seed %d: heard %s, the recording is in %s", p, seed, key, want)
			}
			if !statesRiffSomewhere(tr.Score, riff) {
				t.Errorf("%q seed %d: no part plays the riff as recorded", p, seed)
			}
			// The control: without the recording, the same prompt and seed do not.
			if _, s, err := Compose(generate.Request{Prompt: p, Seconds: 20, Seed: seed}, false); err != nil || statesRiffSomewhere(s, riff) {
				t.Errorf("%q seed %d: the riff check also passes without the recording (err %v)", p, seed, err)
			}
		}
	}
}

// statesRiffSomewhere reports whether a melodic part plays the riff: from one of its
// notes on, a note of the riff's pitch class starts at each of the riff's beats (within
// a swung sixteenth), other notes (chords, comping) allowed in between.
func statesRiffSomewhere(s *compose.Score, riff []compose.Note) bool {
	for name, notes := range s.Parts {
		if name == compose.Drums || name == compose.Bass {
			continue
		}
		for _, first := range notes {
			if statesRiffFrom(notes, first.Start, riff) {
				return true
			}
		}
	}
	return false
}

func statesRiffFrom(notes []compose.Note, at float64, riff []compose.Note) bool {
	for _, want := range riff {
		if !slices.ContainsFunc(notes, func(n compose.Note) bool {
			return math.Abs(n.Start-(at+want.Start)) < 0.15 && (n.Pitch-want.Pitch)%12 == 0
		}) {
			return false
		}
	}
	return true
}

// Strength 0 ignores the input entirely, and at low strength the prompt's own tempo and
// key stand; the input only shapes the melody.
func TestAudioToAudioStrengthIsHonoured(t *testing.T) {
	in, _ := guitarPhrase()
	base := generate.Request{Prompt: "house groove 124 BPM in C major", Seconds: 10, Seed: 5}
	_, plain, err := Compose(base, false)
	if err != nil {
		t.Fatal(err)
	}
	zero := base
	zero.Input, zero.Strength = in, 0
	if _, s, err := Compose(zero, false); err != nil || !slices.EqualFunc(s.Parts[compose.Lead], plain.Parts[compose.Lead], func(a, b compose.Note) bool { return a == b }) {
		t.Errorf("strength 0 changed the melody (err %v)", err)
	}
	low := base
	low.Input, low.Strength = in, 0.3
	plan, s, err := Compose(low, false)
	if err != nil {
		t.Fatal(err)
	}
	if s.BPM != 124 || plan.Key.Tonic != 0 || plan.Key.Minor {
		t.Errorf("strength 0.3: %v BPM in %+v; the prompt asked 124 BPM in C major", s.BPM, plan.Key)
	}
	open := generate.Request{Prompt: "house groove", Seconds: 10, Seed: 5, Input: in, Strength: 0.3}
	if plan, s, err := Compose(open, false); err != nil || math.Abs(s.BPM-100) > 2 || plan.Key.Tonic != 4 || !plan.Key.Minor {
		t.Errorf("strength 0.3 with no tempo or key asked: %v BPM in %+v (err %v); the input's 100 BPM E minor should fill in", s.BPM, plan.Key, err)
	}
}

// Input the model cannot follow is refused with a reason, never a panic.
func TestAudioToAudioRefusesBadInput(t *testing.T) {
	short := audio.NewBuffer(44100, 1, 44100)
	broken := &audio.Buffer{SampleRate: 44100, Channels: 2, Samples: make([]float32, 3)}
	in, _ := guitarPhrase()
	for name, req := range map[string]generate.Request{
		"one second":        {Prompt: "house", Seconds: 10, Input: short, Strength: 1},
		"broken buffer":     {Prompt: "house", Seconds: 10, Input: broken, Strength: 1},
		"strength 1.5":      {Prompt: "house", Seconds: 10, Input: in, Strength: 1.5},
		"strength NaN":      {Prompt: "house", Seconds: 10, Input: in, Strength: math.NaN()},
		"negative strength": {Prompt: "house", Seconds: 10, Input: in, Strength: -0.1},
	} {
		if _, _, err := Compose(req, false); !errors.Is(err, generate.ErrBadRequest) {
			t.Errorf("%s: err = %v, want ErrBadRequest", name, err)
		}
	}
}
