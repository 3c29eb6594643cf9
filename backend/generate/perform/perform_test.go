package perform

import (
	"math"
	"testing"

	"stableaudio/backend/generate/compose"
	"stableaudio/backend/generate/synthgraph"
)

func score(seconds float64, parts map[string][]compose.Note) *compose.Score {
	return &compose.Score{Spec: compose.Spec{Seconds: seconds, BPM: 120, Brightness: 0.5}, Parts: parts}
}

func at(c *synthgraph.Controls, row [][]float32, v int, seconds float64) float32 {
	return row[v][int(math.Round(seconds*300))]
}

func TestBassNotePlaysAtItsPitchAndStops(t *testing.T) {
	// A2 (110 Hz) for one beat (0.5 s at 120 BPM), starting at beat 1.
	s := score(2, map[string][]compose.Note{"bass": {{Start: 1, Duration: 1, Pitch: 45, Velocity: 1}}})
	c, err := Perform(s, synthgraph.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Frames(), 601; got != want {
		t.Fatalf("%d frames for 2 s, want %d", got, want)
	}
	v := drumVoices // the first tonal voice
	if f := at(c, c.F0, v, 0.7); math.Abs(float64(f)-110) > 0.01 {
		t.Errorf("pitch during the note %.3f Hz, want 110", f)
	}
	if a := at(c, c.Amp, v, 0.7); a <= 0 {
		t.Error("the note is silent")
	}
	if a := at(c, c.Amp, v, 0.3); a != 0 {
		t.Errorf("level %.3f before the note", a)
	}
	if a := at(c, c.Amp, v, 1.5); a != 0 {
		t.Errorf("level %.3f long after the release", a)
	}
	if f := at(c, c.F0, v, 0.3); f != 110 {
		t.Errorf("pitch before the note %.1f, want the note's (no glide in)", f)
	}
	if err := c.Validate(synthgraph.DefaultConfig()); err != nil {
		t.Fatal(err)
	}
}

func TestChordSpreadsOverVoicesAndStereo(t *testing.T) {
	chord := []compose.Note{
		{Start: 0, Duration: 4, Pitch: 60, Velocity: 0.8},
		{Start: 0, Duration: 4, Pitch: 64, Velocity: 0.8},
		{Start: 0, Duration: 4, Pitch: 67, Velocity: 0.8},
	}
	c, err := Perform(score(3, map[string][]compose.Note{"pads": chord}), synthgraph.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for v := drumVoices; v < drumVoices+3; v++ {
		hz := float64(at(c, c.F0, v, 1.0))
		midi := int(math.Round(69 + 12*math.Log2(hz/440)))
		seen[midi] = true
		if at(c, c.Amp, v, 1.0) <= 0 {
			t.Errorf("voice %d silent during the chord", v)
		}
	}
	if !seen[60] || !seen[64] || !seen[67] {
		t.Fatalf("chord voices play %v, want C4 E4 G4", seen)
	}
	if c.Pan[drumVoices] >= 0 || c.Pan[drumVoices+2] <= 0 {
		t.Errorf("chord pans %v: not spread left to right", c.Pan[drumVoices:drumVoices+3])
	}
	if at(c, c.Amp, drumVoices+3, 1.0) != 0 {
		t.Error("a fourth voice plays a three-note chord")
	}
}

func TestDrumHits(t *testing.T) {
	drums := []compose.Note{
		{Start: 0, Duration: 0.25, Pitch: compose.Kick, Velocity: 1},
		{Start: 1, Duration: 0.25, Pitch: compose.Snare, Velocity: 1},
		{Start: 0.5, Duration: 0.25, Pitch: compose.OpenHat, Velocity: 1},
		{Start: 0.75, Duration: 0.25, Pitch: compose.ClosedHat, Velocity: 1},
	}
	c, err := Perform(score(2, map[string][]compose.Note{"drums": drums}), synthgraph.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	// The kick's pitch falls and its level decays.
	if hi, lo := at(c, c.F0, kickVoice, 0.005), at(c, c.F0, kickVoice, 0.1); !(hi > 100 && lo < 60) {
		t.Errorf("kick pitch %.0f Hz then %.0f Hz: no sweep down", hi, lo)
	}
	if early, late := at(c, c.Amp, kickVoice, 0.01), at(c, c.Amp, kickVoice, 0.3); !(early > 0.5 && late < early/2) {
		t.Errorf("kick level %.2f then %.2f: no decay", early, late)
	}
	// The snare has noise at beat 1 (0.5 s); the closed hat at 0.375 s chokes the open hat.
	if at(c, c.Noise, snareVoice, 0.51) <= 0 {
		t.Error("snare has no noise")
	}
	if open := at(c, c.Noise, hatVoice, 0.37); open <= 0 {
		t.Error("open hat silent before the closed hat")
	}
	if at(c, c.Noise, hatVoice, 0.5) > at(c, c.Noise, hatVoice, 0.38)/2 {
		t.Error("the closed hat did not choke the open hat")
	}
	for v := range drumVoices {
		for f, a := range c.Amp[v] {
			if a > 0 && c.F0[v][f] == 0 && v != hatVoice {
				t.Fatalf("drum voice %d sounds with no pitch at frame %d", v, f)
			}
		}
	}
}

func TestVoiceBudget(t *testing.T) {
	var chords []compose.Note
	for _, p := range []int{48, 52, 55, 59, 62, 65} { // six notes at once
		chords = append(chords, compose.Note{Start: 0, Duration: 2, Pitch: p, Velocity: 1})
	}
	cfg := synthgraph.DefaultConfig()
	cfg.Voices = drumVoices + 2
	c, err := Perform(score(1, map[string][]compose.Note{"piano": chords, "bass": {{Start: 0, Duration: 2, Pitch: 36, Velocity: 1}}}), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.F0) != cfg.Voices {
		t.Fatalf("%d voices, want %d", len(c.F0), cfg.Voices)
	}
	if hz := at(c, c.F0, drumVoices, 0.5); math.Abs(float64(hz)-65.41) > 0.05 {
		t.Errorf("the bass (first in priority) plays %.2f Hz, want C2", hz)
	}
	cfg.Voices = drumVoices
	if _, err := Perform(score(1, nil), cfg); err == nil {
		t.Error("a synth with no tonal voice was accepted")
	}
}

func TestDrumBodiesAreTunedToTheKey(t *testing.T) {
	for _, tonic := range []int{0, 3, 7} {
		for _, pitch := range []int{compose.Snare, compose.FloorTom, 45, 47, 50} {
			hit := tuneToKey(drumKit[pitch], tonic)
			pc := ((int(math.Round(69+12*math.Log2(hit.f0End/440))) % 12) + 12) % 12
			if pc != tonic && pc != (tonic+7)%12 {
				t.Errorf("drum %d in key %d rings on pitch class %d, not the tonic or fifth", pitch, tonic, pc)
			}
			if math.Abs(math.Log2(hit.f0End/drumKit[pitch].f0End)) > 6.0/12 {
				t.Errorf("drum %d moved more than a tritone", pitch)
			}
			if pitch != compose.Snare && pc != tonic {
				t.Errorf("tom %d in key %d rings on pitch class %d, not the tonic", pitch, tonic, pc)
			}
		}
	}
	if k := tuneToKey(drumKit[compose.Kick], 1); k != drumKit[compose.Kick] {
		t.Error("the kick was retuned")
	}
}
