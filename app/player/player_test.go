package player

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gen2brain/malgo"

	"stableaudio/backend/audio"
)

// sine is a quiet 440 Hz tone, the same in every channel.
func sine(rate, channels int, d time.Duration) *audio.Buffer {
	frames := int(d * time.Duration(rate) / time.Second)
	b := audio.NewBuffer(rate, channels, frames)
	for f := range frames {
		v := float32(0.2 * math.Sin(2*math.Pi*440*float64(f)/float64(rate)))
		for c := range channels {
			b.Samples[f*channels+c] = v
		}
	}
	return b
}

// deadServer points PulseAudio clients at a socket nobody listens on and
// returns a player that may only use PulseAudio: a machine with no sound.
func deadServer(t *testing.T) *Player {
	t.Setenv("PULSE_SERVER", "unix:"+t.TempDir()+"/no-server-here")
	p := New(Options{Backends: []malgo.Backend{malgo.BackendPulseaudio}})
	t.Cleanup(func() { p.Close() })
	return p
}

func TestPlayWithoutSoundServerReturnsErrNoOutputDevice(t *testing.T) {
	p := deadServer(t)
	if err := p.Load("a", sine(48000, 2, time.Second)); err != nil {
		t.Fatal(err)
	}
	for range 2 { // a failed open must leave the player able to try again
		err := p.Play()
		if !errors.Is(err, ErrNoOutputDevice) {
			t.Fatalf("Play() = %v, want ErrNoOutputDevice", err)
		}
		if !strings.Contains(err.Error(), "PulseAudio") {
			t.Errorf("error %q does not say what to check", err)
		}
	}
	if s := p.State(); s.Playing || s.TrackID != "a" || s.Duration != time.Second {
		t.Errorf("State() = %+v, want track a loaded and not playing", s)
	}
}

func TestErrorsBeforeLoadAndAfterClose(t *testing.T) {
	p := deadServer(t)
	if err := p.Play(); !errors.Is(err, ErrNothingLoaded) {
		t.Errorf("Play before Load = %v, want ErrNothingLoaded", err)
	}
	if err := p.Seek(time.Second); !errors.Is(err, ErrNothingLoaded) {
		t.Errorf("Seek before Load = %v, want ErrNothingLoaded", err)
	}
	if err := p.Pause(); err != nil {
		t.Errorf("Pause before Load = %v, want nil", err)
	}
	if err := p.Load("nil", nil); err == nil {
		t.Error("Load(nil) succeeded")
	}
	if err := p.Load("bad", &audio.Buffer{SampleRate: 48000, Channels: 2, Samples: make([]float32, 3)}); err == nil {
		t.Error("Load of a buffer with half a frame succeeded")
	}
	if s := p.State(); s != (State{}) {
		t.Errorf("State after failed loads = %+v, want zero", s)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Errorf("second Close = %v, want nil", err)
	}
	for name, call := range map[string]func() error{
		"Load":  func() error { return p.Load("a", sine(8000, 1, time.Second)) },
		"Play":  p.Play,
		"Pause": p.Pause,
		"Stop":  p.Stop,
		"Seek":  func() error { return p.Seek(0) },
	} {
		if err := call(); !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close = %v, want ErrClosed", name, err)
		}
	}
}

// TestFillFollowsTheCursor drives the audio callback by hand: no device.
func TestFillFollowsTheCursor(t *testing.T) {
	p := deadServer(t)
	buf := &audio.Buffer{SampleRate: 4, Channels: 2, Samples: ramp(4, 2)}
	if err := p.Load("r", buf); err != nil {
		t.Fatal(err)
	}
	out := make([]byte, 3*2*4) // three stereo F32 frames
	call := func() []float32 { p.fill(out, 2); return slices.Clone(floats(out)) }

	if got := call(); !allZero(got) || p.cursor.Load() != 0 {
		t.Errorf("paused: got %v at cursor %d, want silence at 0", got, p.cursor.Load())
	}
	p.running.Store(true)
	if got, want := call(), []float32{1, 2, 3, 4, 5, 6}; !slices.Equal(got, want) {
		t.Errorf("first period = %v, want %v", got, want)
	}
	if err := p.Seek(750 * time.Millisecond); err != nil { // frame 3 of 4
		t.Fatal(err)
	}
	if got, want := call(), []float32{7, 8, 0, 0, 0, 0}; !slices.Equal(got, want) {
		t.Errorf("after seek = %v, want %v", got, want)
	}
	if s := p.State(); s.Playing || s.Position != s.Duration {
		t.Errorf("at end State() = %+v, want stopped at the duration", s)
	}
	if got := call(); !allZero(got) {
		t.Errorf("after the end = %v, want silence", got)
	}
	p.running.Store(true)
	p.fill(out, 1) // a device opened for another channel count
	if !allZero(floats(out)) {
		t.Error("a mono device got stereo frames; want silence")
	}
}

// TestMethodsInAnyOrderNeverPanic hammers the API from several goroutines
// with no sound server; the live variant is in playback_test.go.
func TestMethodsInAnyOrderNeverPanic(t *testing.T) {
	hammer(t, deadServer(t), 300)
}

// hammer calls random methods concurrently and checks State stays sane.
func hammer(t *testing.T, p *Player, callsEach int) {
	t.Helper()
	bufs := []*audio.Buffer{sine(48000, 2, 300*time.Millisecond), sine(22050, 1, time.Second)}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 7))
			for i := range callsEach {
				switch r.IntN(7) {
				case 0:
					_ = p.Load("t", bufs[r.IntN(len(bufs))])
				case 1:
					_ = p.Play()
				case 2:
					_ = p.Pause()
				case 3:
					_ = p.Stop()
				case 4:
					_ = p.Seek(time.Duration(r.IntN(1500)-200) * time.Millisecond)
				case 5:
					if s := p.State(); s.Position < 0 || s.Position > s.Duration {
						t.Errorf("State() = %+v: position outside the track", s)
					}
				case 6:
					if i > callsEach*3/4 && r.IntN(10) == 0 { // late, so most calls meet an open player
						_ = p.Close()
					}
				}
			}
		})
	}
	wg.Wait()
	if err := p.Close(); err != nil {
		t.Errorf("Close = %v", err)
	}
}

func allZero(f []float32) bool {
	for _, v := range f {
		if v != 0 {
			return false
		}
	}
	return true
}
