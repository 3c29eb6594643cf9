package app

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
)

// eventLog is an Emitter that keeps what the UI would have received.
type eventLog struct {
	mu     sync.Mutex
	events []event
	onEmit func(event) // called outside the lock, when set
}

type event struct {
	name string
	data any
}

func (r *eventLog) Emit(name string, data any) {
	r.mu.Lock()
	r.events = append(r.events, event{name, data})
	hook := r.onEmit
	r.mu.Unlock()
	if hook != nil {
		hook(event{name, data})
	}
}

func (r *eventLog) named(prefix string) []event {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []event
	for _, e := range r.events {
		if strings.HasPrefix(e.name, prefix) {
			out = append(out, e)
		}
	}
	return out
}

func newTestApp(t *testing.T) (*App, *eventLog) {
	t.Helper()
	a := New(Config{Version: "test", DataDir: t.TempDir()})
	rec := &eventLog{}
	if err := a.Open(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Shutdown(context.Background()) })
	if err := a.local.Err(); err != nil {
		t.Fatalf("local generation unavailable in tests (run make onnxruntime): %v", err)
	}
	return a, rec
}

func uiCode(t *testing.T, err error) string {
	t.Helper()
	var e struct{ Code, Message string }
	if err == nil || json.Unmarshal([]byte(err.Error()), &e) != nil || e.Message == "" {
		t.Fatalf("error %v is not the UI's {code, message} JSON", err)
	}
	return e.Code
}

func TestGenerateAddsATrackToTheLibrary(t *testing.T) {
	a, rec := newTestApp(t)
	seed := int64(7)
	track, err := a.Generate(GenerateInput{JobID: "job1", Prompt: "  warm lo-fi piano, 80 BPM ", Seconds: 3, Seed: &seed})
	if err != nil {
		t.Fatal(err)
	}
	if track.Prompt != "warm lo-fi piano, 80 BPM" || track.Seed != 7 || track.Seconds != 3 || track.Model != "2.0" {
		t.Fatalf("track = %+v", track)
	}
	if len(track.Peaks) != waveformColumns {
		t.Errorf("%d waveform columns, want %d", len(track.Peaks), waveformColumns)
	}
	buf, err := audio.ReadWAVFile(track.FilePath)
	if err != nil || buf.Frames() != 3*44100 || buf.Channels != 2 {
		t.Fatalf("track file: %v", err)
	}
	list, err := a.ListTracks()
	if err != nil || len(list) != 1 || list[0].ID != track.ID {
		t.Fatalf("library after generating: %+v, %v", list, err)
	}
	progress := rec.named("generate:progress:job1")
	if len(progress) == 0 {
		t.Fatal("no progress events")
	}
	last := progress[len(progress)-1].data.(generate.Progress)
	if last.Done != last.Total || last.Total == 0 {
		t.Errorf("last progress %+v does not say finished", last)
	}
	if len(progress) > last.Total {
		t.Errorf("%d progress events for %d chunks", len(progress), last.Total)
	}
	if len(rec.named("library:changed")) != 1 {
		t.Error("library:changed was not sent once")
	}
}

func TestGenerateRandomSeedsDiffer(t *testing.T) {
	a, _ := newTestApp(t)
	one, err1 := a.Generate(GenerateInput{Prompt: "ambient pads", Seconds: 1})
	two, err2 := a.Generate(GenerateInput{Prompt: "ambient pads", Seconds: 1})
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	if one.Seed == two.Seed || one.ID == two.ID {
		t.Fatalf("two generations share seed %d / id %s", one.Seed, one.ID)
	}
}

func TestCancelStopsAGeneration(t *testing.T) {
	a, rec := newTestApp(t)
	var once sync.Once
	rec.onEmit = func(e event) { // cancel as soon as rendering reports progress
		if e.name == "generate:progress:long" {
			once.Do(func() { go a.CancelGenerate("long") })
		}
	}
	_, err := a.Generate(GenerateInput{JobID: "long", Prompt: "cinematic strings", Seconds: 90})
	if code := uiCode(t, err); code != "cancelled" {
		t.Fatalf("code %q, want cancelled", code)
	}
	last := rec.named("generate:progress:long")
	if p := last[len(last)-1].data.(generate.Progress); p.Done >= p.Total {
		t.Errorf("the render ran to the end (%+v) despite the cancel", p)
	}
	if list, _ := a.ListTracks(); len(list) != 0 {
		t.Fatalf("a cancelled generation reached the library: %+v", list)
	}
}

func TestBadRequestsGiveCodes(t *testing.T) {
	a, _ := newTestApp(t)
	for _, in := range []GenerateInput{
		{Prompt: "", Seconds: 8},
		{Prompt: "techno", Seconds: 0},
		{Prompt: "techno", Seconds: 10000},
		{Prompt: "techno", Seconds: 8, Model: "9.9"},
	} {
		if _, err := a.Generate(in); uiCode(t, err) != "bad_request" {
			t.Errorf("%+v: %v, want bad_request", in, err)
		}
	}
	if err := a.SetFavourite("no-such-track", true); uiCode(t, err) != "not_found" {
		t.Errorf("favourite of an unknown track: %v", err)
	}
	if _, err := a.Play("no-such-track"); uiCode(t, err) != "not_found" {
		t.Errorf("play of an unknown track: %v", err)
	}
}

func TestStatusReportsTheEngine(t *testing.T) {
	a, _ := newTestApp(t)
	s := a.Status()
	if !s.LocalAvailable || s.RuntimeVersion == "" || len(s.Models) < 2 || s.Models[0].Version != "2.0" || s.Models[0].MaxSeconds != 190 {
		t.Fatalf("status = %+v", s)
	}
}

// Without ONNX Runtime the app still opens its library and says how to fix generation.
// ONNX Runtime loads once per process, so this runs in a child process.
func TestWithoutRuntimeTheRestWorks(t *testing.T) {
	if os.Getenv("STABLEAUDIO_APP_CHILD") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestWithoutRuntimeTheRestWorks$", "-test.count=1")
		cmd.Env = append(os.Environ(), "STABLEAUDIO_APP_CHILD=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		return
	}
	a := New(Config{Version: "test", DataDir: t.TempDir(), RuntimeLibrary: "/nonexistent/libonnxruntime.so.1"})
	if err := a.Open(context.Background(), &eventLog{}); err != nil {
		t.Fatal(err)
	}
	defer a.Shutdown(context.Background())
	s := a.Status()
	if s.LocalAvailable || !strings.Contains(s.LocalError, "make onnxruntime") {
		t.Fatalf("status = %+v", s)
	}
	if _, err := a.Generate(GenerateInput{Prompt: "techno", Seconds: 8}); uiCode(t, err) != "runtime_unavailable" {
		t.Fatalf("generate without runtime: %v", err)
	}
	if list, err := a.ListTracks(); err != nil || len(list) != 0 {
		t.Fatalf("library without runtime: %v %v", list, err)
	}
}

// The app runs the account server in-process and signs in to its local account, which
// keeps its state across restarts.
func TestLocalAccount(t *testing.T) {
	dir := t.TempDir()
	for run := range 2 {
		a := New(Config{Version: "test", DataDir: dir})
		if err := a.Open(context.Background(), &eventLog{}); err != nil {
			t.Fatal(err)
		}
		info, err := a.Account()
		a.Shutdown(context.Background())
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if !info.Local || info.Tier != "free" || info.Credits != 20 || info.UploadSecondsLeft != 120 {
			t.Fatalf("run %d: account %+v, want the free plan's 20 credits and 120 upload seconds", run, info)
		}
		if renews, err := time.Parse(time.RFC3339, info.RenewsAt); err != nil || renews.Day() != 1 || renews.Hour() != 0 {
			t.Fatalf("run %d: renews at %q, want the 1st of a month at 00:00", run, info.RenewsAt)
		}
	}
}

// The window can call the app while Startup is still opening it; those calls wait.
func TestCallsBeforeStartupWait(t *testing.T) {
	a := New(Config{Version: "test", DataDir: t.TempDir()})
	got := make(chan int, 1)
	go func() {
		tracks, err := a.ListTracks()
		if err != nil {
			t.Error(err)
		}
		a.PlayerStatus()
		got <- len(tracks)
	}()
	if err := a.Open(context.Background(), &eventLog{}); err != nil {
		t.Fatal(err)
	}
	defer a.Shutdown(context.Background())
	if n := <-got; n != 0 {
		t.Fatalf("%d tracks in a new library", n)
	}
}
