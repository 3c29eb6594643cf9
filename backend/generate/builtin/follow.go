package builtin

import (
	"fmt"
	"math"
	"slices"
	"time"

	"stableaudio/backend/audio"
	"stableaudio/backend/audio/analysis"
	"stableaudio/backend/generate"
	"stableaudio/backend/generate/compose"
	"stableaudio/backend/generate/prompt"
)

// Audio to audio: the input is heard for its tempo, key, onsets and pitch contour, and
// the plan and score keep as much of it as the strength asks.
//
//   - strength 0: the input is ignored; the result is the text-to-audio result.
//   - above 0: the input's tempo and key fill in whatever the prompt left open, and its
//     phrase (rhythm and contour) becomes the melody's motif, varied like a composed
//     motif in the statements the strength does not keep as heard.
//   - from followOverride up: the input's tempo and key win over the prompt's too.
//   - 1: every statement of the melody is the phrase as heard.
const followOverride = 0.5

// Limits of what is listened to: the first maxListenSeconds hold the phrase (longer
// inputs cost analysis time and add nothing to a motif of at most eight bars), and an
// input shorter than minListenSeconds has no tempo to hear.
const (
	maxListenSeconds = 30.0
	minListenSeconds = 2.0
)

// heard is what listening to an input found.
type heard struct {
	bpm   float64
	key   analysis.Key
	notes []heardNote
}

// heardNote is one onset of the input, in seconds from its first, with the pitch sung or
// played there (MIDI, 0 where none was heard).
type heardNote struct {
	start, length float64
	pitch         int
}

// listen analyses the input.
func listen(in *audio.Buffer) (heard, error) {
	if err := in.Validate(); err != nil {
		return heard{}, fmt.Errorf("%w: the input audio is unusable: %v", generate.ErrBadRequest, err)
	}
	if in.Duration().Seconds() < minListenSeconds {
		return heard{}, fmt.Errorf("%w: the input audio is %.1f s long; audio to audio needs at least %.0f s",
			generate.ErrBadRequest, in.Duration().Seconds(), minListenSeconds)
	}
	if frames := int(maxListenSeconds * float64(in.SampleRate)); in.Frames() > frames {
		in = &audio.Buffer{SampleRate: in.SampleRate, Channels: in.Channels, Samples: in.Samples[:frames*in.Channels]}
	}
	bpm, _, err := analysis.Tempo(in)
	if err != nil {
		return heard{}, fmt.Errorf("%w: no tempo in the input audio: %v", generate.ErrBadRequest, err)
	}
	key, _, err := analysis.FindKey(in)
	if err != nil {
		return heard{}, fmt.Errorf("%w: no key in the input audio: %v", generate.ErrBadRequest, err)
	}
	onsets, err := analysis.Onsets(in)
	if err != nil {
		return heard{}, fmt.Errorf("%w: no onsets in the input audio: %v", generate.ErrBadRequest, err)
	}
	contour, err := analysis.Pitch(in, analysis.PitchOptions{})
	if err != nil {
		return heard{}, fmt.Errorf("%w: no pitch contour in the input audio: %v", generate.ErrBadRequest, err)
	}
	return heard{bpm: foldTempo(bpm), key: key, notes: transcribe(onsets, contour, in.Duration())}, nil
}

// foldTempo moves a tempo by octaves into [75, 150): a beat tracker may lock onto half
// or double the pulse a player meant, and a phrase is rarely meant outside that range.
func foldTempo(bpm float64) float64 {
	for bpm >= 150 {
		bpm /= 2
	}
	for bpm < 75 {
		bpm *= 2
	}
	return bpm
}

// transcribe makes a note of every onset, lasting to the next (or the end), with the
// median pitch of its voiced frames after the attack.
func transcribe(onsets []time.Duration, contour analysis.PitchTrack, length time.Duration) []heardNote {
	if len(onsets) == 0 {
		return nil
	}
	first := onsets[0].Seconds()
	notes := make([]heardNote, len(onsets))
	for i, on := range onsets {
		end := length.Seconds()
		if i+1 < len(onsets) {
			end = onsets[i+1].Seconds()
		}
		start := on.Seconds()
		var voiced []float64
		for f, hz := range contour.Hz {
			if t := contour.Time(f).Seconds(); hz > 0 && t >= start+attackSkip && t < end {
				voiced = append(voiced, hz)
			}
		}
		pitch := 0
		if len(voiced) > 0 {
			slices.Sort(voiced)
			pitch = int(math.Round(69 + 12*math.Log2(voiced[len(voiced)/2]/440)))
		}
		notes[i] = heardNote{start: start - first, length: end - start, pitch: pitch}
	}
	return notes
}

// attackSkip is how long after an onset the pitch is not trusted: attacks are noisy.
const attackSkip = 0.03

// follow folds what was heard into the plan, as the strength asks, and returns the guide
// for the composer.
func follow(plan *prompt.Resolved, h heard, strength float64) *compose.Guide {
	if strength >= followOverride || plan.BPMFrom != prompt.FromPrompt {
		plan.BPM, plan.BPMFrom = h.bpm, prompt.FromInput
	}
	if strength >= followOverride || plan.KeyFrom != prompt.FromPrompt {
		plan.Key = prompt.Key{Tonic: h.key.Tonic, Minor: h.key.Minor, Known: true, ModeKnown: true}
		plan.KeyFrom = prompt.FromInput
	}
	beat := plan.BPM / 60
	notes := make([]compose.Note, 0, len(h.notes))
	for _, n := range h.notes {
		start := quantize(n.start * beat)
		if len(notes) > 0 && start <= notes[len(notes)-1].Start {
			continue // two onsets in one grid step: keep the first
		}
		notes = append(notes, compose.Note{Start: start, Duration: max(guideGrid, quantize(n.length*beat)), Pitch: n.pitch, Velocity: 0.8})
	}
	return &compose.Guide{Notes: notes, Strength: strength}
}

// guideGrid is the rhythm's resolution in beats: sixteenth notes.
const guideGrid = 0.25

func quantize(beats float64) float64 { return guideGrid * math.Round(beats/guideGrid) }
