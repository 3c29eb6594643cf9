package player

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gen2brain/malgo"
)

// These tests play real audio through miniaudio's PulseAudio backend into
// the null sink of scripts/audio-test-env.sh, and assert what a listener
// would notice: time passes at the right speed, pause holds, seek jumps.

const audioTestsHint = "set STABLEAUDIO_AUDIO_TESTS=1 after scripts/audio-test-env.sh start"

// recorder collects state events with their arrival time.
type recorder struct {
	mu     sync.Mutex
	states []State
	times  []time.Time
	next   int // first event waitFor has not consumed
	wake   chan struct{}
}

func (r *recorder) on(s State) {
	r.mu.Lock()
	r.states = append(r.states, s)
	r.times = append(r.times, time.Now())
	r.mu.Unlock()
	signal(r.wake)
}

// waitFor consumes events until one satisfies ok and returns it with its
// arrival time, failing the test if none arrives within d.
func (r *recorder) waitFor(t *testing.T, d time.Duration, what string, ok func(State) bool) (State, time.Time) {
	t.Helper()
	deadline := time.After(d)
	for {
		r.mu.Lock()
		for ; r.next < len(r.states); r.next++ {
			if s := r.states[r.next]; ok(s) {
				at := r.times[r.next]
				r.next++
				r.mu.Unlock()
				return s, at
			}
		}
		last := State{}
		if n := len(r.states); n > 0 {
			last = r.states[n-1]
		}
		r.mu.Unlock()
		select {
		case <-r.wake:
		case <-deadline:
			t.Fatalf("no state event %s within %v; last event %+v", what, d, last)
		}
	}
}

// skip consumes everything recorded so far.
func (r *recorder) skip() {
	r.mu.Lock()
	r.next = len(r.states)
	r.mu.Unlock()
}

// livePlayer returns a player on the test PulseAudio server and its events.
func livePlayer(t *testing.T) (*Player, *recorder) {
	t.Helper()
	if os.Getenv("STABLEAUDIO_AUDIO_TESTS") != "1" {
		t.Skip(audioTestsHint)
	}
	rec := &recorder{wake: make(chan struct{}, 1)}
	p := New(Options{Backends: []malgo.Backend{malgo.BackendPulseaudio}, OnState: rec.on})
	t.Cleanup(func() { p.Close() })
	return p, rec
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// advancing waits until the position has moved past from, which skips the
// first period miniaudio pulls while starting the device.
func advancing(t *testing.T, rec *recorder, id string, from time.Duration) (State, time.Time) {
	t.Helper()
	return rec.waitFor(t, 5*time.Second, fmt.Sprintf("with %s playing past %v", id, from), func(s State) bool {
		return s.TrackID == id && s.Playing && s.Position > from
	})
}

func TestPlayAdvancesInRealTime(t *testing.T) {
	p, rec := livePlayer(t)
	must(t, p.Load("a", sine(48000, 2, 10*time.Second)))
	must(t, p.Play())
	if s := p.State(); !s.Playing {
		t.Fatalf("State() right after Play = %+v, want Playing", s)
	}
	first, _ := advancing(t, rec, "a", 0)
	s1, t1 := advancing(t, rec, "a", first.Position)
	s2, t2 := rec.waitFor(t, 5*time.Second, "a second later", func(s State) bool {
		return s.Position >= s1.Position+time.Second
	})
	ratio := float64(s2.Position-s1.Position) / float64(t2.Sub(t1))
	if ratio < 0.5 || ratio > 2 {
		t.Errorf("position moved %v in %v of wall time (%.2fx), want about 1x",
			s2.Position-s1.Position, t2.Sub(t1), ratio)
	}
}

func TestStateEventsArePacedAndOrdered(t *testing.T) {
	p, rec := livePlayer(t)
	must(t, p.Load("a", sine(44100, 2, 10*time.Second)))
	rec.waitFor(t, time.Second, "for the load", func(s State) bool {
		return s.TrackID == "a" && !s.Playing && s.Duration == 10*time.Second
	})
	must(t, p.Play())
	start, t0 := advancing(t, rec, "a", 0)
	end, t1 := rec.waitFor(t, 5*time.Second, "1.5 s into the track", func(s State) bool {
		return s.Position >= start.Position+1500*time.Millisecond
	})
	rec.mu.Lock()
	var n int
	prev := start.Position
	for i, s := range rec.states {
		if rec.times[i].Before(t0) || rec.times[i].After(t1) {
			continue
		}
		n++
		if s.Position < prev {
			t.Errorf("event %d went back from %v to %v", i, prev, s.Position)
		}
		prev = s.Position
	}
	rec.mu.Unlock()
	perSecond := float64(n) / t1.Sub(t0).Seconds()
	if perSecond < 3 || perSecond > 13 {
		t.Errorf("%d events in %v (%.1f/s) up to %v, want about 10/s", n, t1.Sub(t0), perSecond, end.Position)
	}
}

func TestPauseFreezesAndPlayResumes(t *testing.T) {
	p, rec := livePlayer(t)
	must(t, p.Load("a", sine(48000, 2, 10*time.Second)))
	must(t, p.Play())
	advancing(t, rec, "a", 200*time.Millisecond)
	must(t, p.Pause())
	paused := p.State()
	if paused.Playing {
		t.Fatalf("State() after Pause = %+v, want not playing", paused)
	}
	rec.waitFor(t, time.Second, "saying paused", func(s State) bool { return !s.Playing })
	// Nothing may happen now, so there is nothing to wait for but time.
	time.Sleep(400 * time.Millisecond)
	if s := p.State(); s != paused {
		t.Errorf("State() 400 ms into the pause = %+v, want frozen at %+v", s, paused)
	}
	rec.mu.Lock()
	for _, s := range rec.states[rec.next:] {
		if s.Playing || s.Position != paused.Position {
			t.Errorf("event %+v during the pause", s)
		}
	}
	rec.mu.Unlock()
	rec.skip()

	must(t, p.Play())
	s, _ := advancing(t, rec, "a", paused.Position)
	if s.Position > paused.Position+time.Second {
		t.Errorf("resumed at %v, want just after %v", s.Position, paused.Position)
	}
}

func TestSeekMovesThePosition(t *testing.T) {
	p, rec := livePlayer(t)
	must(t, p.Load("a", sine(48000, 2, 10*time.Second)))
	must(t, p.Play())
	advancing(t, rec, "a", 0)

	must(t, p.Seek(5*time.Second))
	if s := p.State(); !s.Playing || s.Position < 5*time.Second || s.Position > 5500*time.Millisecond {
		t.Errorf("State() after Seek(5s) while playing = %+v", s)
	}
	advancing(t, rec, "a", 5200*time.Millisecond)

	must(t, p.Pause())
	for _, tt := range []struct{ seek, want time.Duration }{
		{2 * time.Second, 2 * time.Second},
		{-time.Second, 0},
		{time.Hour, 10 * time.Second},
	} {
		must(t, p.Seek(tt.seek))
		if s := p.State(); s.Playing || s.Position != tt.want {
			t.Errorf("paused Seek(%v): State() = %+v, want stopped at %v", tt.seek, s, tt.want)
		}
	}
	must(t, p.Stop())
	if s := p.State(); s.Playing || s.Position != 0 {
		t.Errorf("State() after Stop = %+v, want stopped at 0", s)
	}
}

func TestShortTrackPlaysToTheEndAndStops(t *testing.T) {
	p, rec := livePlayer(t)
	buf := sine(44100, 1, 400*time.Millisecond)
	must(t, p.Load("short", buf))
	for round := range 2 { // Play after the end starts over
		start := time.Now()
		must(t, p.Play())
		_, at := rec.waitFor(t, 5*time.Second, "stopped at the end", func(s State) bool {
			return !s.Playing && s.Position == buf.Duration()
		})
		if took := at.Sub(start); took < 200*time.Millisecond {
			t.Errorf("round %d: a 400 ms track ended after %v", round, took)
		}
		if s := p.State(); s.Playing || s.Position != s.Duration {
			t.Errorf("round %d: State() = %+v, want stopped at the end", round, s)
		}
	}
	// Seeking to the end while playing ends the track too.
	must(t, p.Play())
	must(t, p.Seek(time.Hour))
	rec.waitFor(t, 2*time.Second, "stopped after seeking past the end", func(s State) bool {
		return !s.Playing && s.Position == buf.Duration()
	})
}

func TestLoadWhilePlayingReplacesTheTrack(t *testing.T) {
	p, rec := livePlayer(t)
	must(t, p.Load("a", sine(48000, 2, 10*time.Second)))
	must(t, p.Play())
	advancing(t, rec, "a", 100*time.Millisecond)

	// Another rate and channel count: the device must be reopened.
	b := sine(22050, 1, time.Second)
	must(t, p.Load("b", b))
	want := State{TrackID: "b", Duration: time.Second}
	if s := p.State(); s != want {
		t.Fatalf("State() after Load = %+v, want %+v", s, want)
	}
	rec.waitFor(t, time.Second, "for track b", func(s State) bool { return s == want })
	must(t, p.Play())
	advancing(t, rec, "b", 0)
	rec.waitFor(t, 5*time.Second, "b finishing", func(s State) bool {
		return s.TrackID == "b" && !s.Playing && s.Position == b.Duration()
	})
}

func TestMethodsInAnyOrderNeverPanicWhilePlaying(t *testing.T) {
	p, _ := livePlayer(t)
	hammer(t, p, 150)
}

// TestLosingTheSoundServerStopsPlayback kills a private PulseAudio daemon
// under a playing track, as when the sound server crashes or restarts.
func TestLosingTheSoundServerStopsPlayback(t *testing.T) {
	if os.Getenv("STABLEAUDIO_AUDIO_TESTS") != "1" {
		t.Skip(audioTestsHint)
	}
	dir := t.TempDir()
	script, err := filepath.Abs("../../scripts/audio-test-env.sh")
	must(t, err)
	env := func(args ...string) string {
		cmd := exec.Command(script, args...)
		cmd.Env = append(os.Environ(), "STABLEAUDIO_AUDIO_DIR="+dir)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %v: %v", script, args, err)
		}
		return string(out)
	}
	env("start")
	t.Cleanup(func() { env("stop") })
	t.Setenv("PULSE_SERVER", "unix:"+dir+"/native")

	p, rec := livePlayer(t)
	must(t, p.Load("a", sine(48000, 2, 30*time.Second)))
	must(t, p.Play())
	advancing(t, rec, "a", 0)

	pid, err := os.ReadFile(dir + "/runtime/pid")
	must(t, err)
	must(t, exec.Command("kill", "-9", strings.TrimSpace(string(pid))).Run())
	rec.waitFor(t, stallAfter+3*time.Second, "saying stopped", func(s State) bool { return !s.Playing })
	if err := p.Play(); !errors.Is(err, ErrNoOutputDevice) {
		t.Errorf("Play with the server gone = %v, want ErrNoOutputDevice", err)
	}
}
