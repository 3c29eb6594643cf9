package app

import (
	"context"
	"maps"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
)

// writeRiff writes a WAV of plucked notes, four to a bar at 100 BPM, cycling through a
// C major arpeggio: something with a tempo, a key and a melody to follow.
func writeRiff(t *testing.T, name string, seconds float64) string {
	t.Helper()
	const rate, beat = 44100, 0.6
	b := audio.NewBuffer(rate, 2, int(seconds*rate))
	for i := range b.Frames() {
		at := float64(i) / rate
		n := int(at / beat)
		hz := 440 * math.Pow(2, float64([]int{60, 64, 67, 72}[n%4]-69)/12)
		since := at - float64(n)*beat
		v := float32(0.5 * math.Exp(-4*since) * math.Sin(2*math.Pi*hz*since))
		b.Samples[2*i], b.Samples[2*i+1] = v, v
	}
	path := filepath.Join(t.TempDir(), name)
	if err := audio.WriteWAVFile(path, b, audio.PCM16); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestInspectAudioShowsThePlansCrop(t *testing.T) {
	a, _ := newTestApp(t)
	for _, c := range []struct {
		seconds float64
		cropped bool
	}{{45, true}, {20, false}} {
		got, err := a.InspectAudio(writeRiff(t, "riff.wav", c.seconds))
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "riff.wav" || got.Seconds != c.seconds || got.CropSeconds != 30 || got.Cropped != c.cropped || got.PlanName != "Free" {
			t.Errorf("%g s on the free plan: %+v", c.seconds, got)
		}
		if len(got.Peaks) != waveformColumns {
			t.Errorf("%g s: %d waveform columns, want %d for the whole file", c.seconds, len(got.Peaks), waveformColumns)
		}
	}
}

func TestInspectAudioRefusesWhatItCannotUse(t *testing.T) {
	a, _ := newTestApp(t)
	text := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(text, []byte("verse, chorus, verse\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{text, "notes.txt: audio: not an audio file"},
		{writeRiff(t, "blip.wav", 1), "blip.wav is 1.0 s long; audio to audio needs at least 2 s"},
		{filepath.Join(t.TempDir(), "gone.wav"), "gone.wav is not there any more"},
	} {
		_, err := a.InspectAudio(c.path)
		if code := uiCode(t, err); code != "bad_input" || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want bad_input saying %q", filepath.Base(c.path), err, c.want)
		}
	}
}

// requests is an engine that keeps the requests reaching it and renders them for real.
type requests struct {
	generate.Engine
	seen []generate.Request
}

func (r *requests) Generate(ctx context.Context, req generate.Request) (*audio.Buffer, error) {
	r.seen = append(r.seen, req)
	return r.Engine.Generate(ctx, req)
}

func TestGenerateFollowsTheInputCroppedToThePlan(t *testing.T) {
	a, _ := newTestApp(t)
	engine := &requests{Engine: a.render}
	a.render = engine
	track, err := a.Generate(GenerateInput{Prompt: "house groove", Negative: " vocals ", Seconds: 4,
		InputPath: writeRiff(t, "riff.wav", 45), Strength: 0.7})
	if err != nil {
		t.Fatal(err)
	}
	req := engine.seen[0]
	if req.Input == nil || req.Input.Duration().Seconds() != 30 || req.Strength != 0.7 || req.Negative != "vocals" {
		t.Fatalf("the engine got input %v s, strength %v, negative %q; want the free plan's 30 s, 0.7, \"vocals\"",
			req.Input.Duration().Seconds(), req.Strength, req.Negative)
	}
	list, err := a.ListTracks()
	if err != nil || len(list) != 1 {
		t.Fatalf("library: %+v, %v", list, err)
	}
	for _, got := range []Track{track, list[0]} {
		if got.InputName != "riff.wav" || got.Strength != 0.7 || got.Negative != "vocals" {
			t.Errorf("track remembers input %q, strength %v, negative %q", got.InputName, got.Strength, got.Negative)
		}
	}

	// Text to audio sends no input and records none, whatever strength the form held.
	if _, err := a.Generate(GenerateInput{Prompt: "house groove", Seconds: 1, Strength: 0.7}); err != nil {
		t.Fatal(err)
	}
	if req := engine.seen[1]; req.Input != nil || req.Strength != 0 {
		t.Errorf("text to audio reached the engine with input %v, strength %v", req.Input != nil, req.Strength)
	}
}

func TestGenerateRefusesInputItCannotFollow(t *testing.T) {
	a, _ := newTestApp(t)
	riff := writeRiff(t, "riff.wav", 10)
	for _, c := range []struct {
		in         GenerateInput
		code, want string
	}{
		{GenerateInput{Prompt: "techno", Seconds: 4, Model: "1.1", InputPath: riff, Strength: 0.5}, "bad_request", "model 1.1 cannot follow input audio; use model 2.0"},
		{GenerateInput{Prompt: "techno", Seconds: 4, InputPath: riff, Strength: 1.5}, "bad_request", "strength 1.5 is out of range"},
		{GenerateInput{Prompt: "techno", Seconds: 4, InputPath: riff + ".gone", Strength: 0.5}, "bad_input", "riff.wav.gone is not there any more"},
	} {
		_, err := a.Generate(c.in)
		if code := uiCode(t, err); code != c.code || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %s saying %q", c.in, err, c.code, c.want)
		}
	}
	if list, _ := a.ListTracks(); len(list) != 0 {
		t.Fatalf("a refused generation reached the library: %+v", list)
	}
}

func TestStatusSaysWhichModelsFollowAudio(t *testing.T) {
	a, _ := newTestApp(t)
	follows := map[string]bool{}
	for _, m := range a.Status().Models {
		follows[m.Version] = m.AudioToAudio
	}
	if want := map[string]bool{"2.0": true, "1.1": false, "1.0": false}; !maps.Equal(follows, want) {
		t.Fatalf("audio to audio by model: %v, want %v", follows, want)
	}
}

// chooser is a file dialog that answers with a fixed path and keeps what it was asked.
type chooser struct {
	path    string
	filters []runtime.FileFilter
}

func (c *chooser) OpenFile(_ string, filters []runtime.FileFilter) (string, error) {
	c.filters = filters
	return c.path, nil
}

func TestChooseAudioFile(t *testing.T) {
	a, _ := newTestApp(t)
	if _, err := a.ChooseAudioFile(); uiCode(t, err) != "internal" || !strings.Contains(err.Error(), "no window") {
		t.Errorf("without a window: %v", err)
	}
	for _, path := range []string{"/music/take 3.flac", ""} { // "" is a cancelled dialog
		dialog := &chooser{path: path}
		a.dialogs = dialog
		got, err := a.ChooseAudioFile()
		if err != nil || got != path {
			t.Errorf("chose %q: got %q, %v", path, got, err)
		}
		if len(dialog.filters) != 1 || !strings.Contains(dialog.filters[0].Pattern, "*.flac") {
			t.Errorf("dialog filters %+v do not offer FLAC", dialog.filters)
		}
	}
}
