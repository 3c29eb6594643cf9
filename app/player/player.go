// Package player is the app's one playback engine: it plays an in-memory
// audio.Buffer through the system's default output with miniaudio (malgo).
//
// The audio thread and the API meet only through atomics: the loaded track
// (an atomic pointer), the frame cursor and the running flag. The data
// callback copies samples at the cursor into the device's buffer and
// advances the cursor with a compare-and-swap, so a Seek that lands during a
// callback wins. Everything that may block (opening, stopping, closing the
// device) happens on API goroutines or on the player's own monitor
// goroutine, which also delivers state events.
//
// When a track plays to its end the player stops with Position == Duration;
// the next Play starts again from 0.
package player

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gen2brain/malgo"

	"stableaudio/backend/audio"
)

var (
	// ErrNothingLoaded is returned by Play and Seek before any Load.
	ErrNothingLoaded = errors.New("player: no track loaded")
	// ErrClosed is returned by every method after Close.
	ErrClosed = errors.New("player: closed")
)

// Options configure a Player.
type Options struct {
	// Backends lists miniaudio backends to try in order; nil means
	// miniaudio's default order for the platform.
	Backends []malgo.Backend
	// OnState receives the state after every change and, while playing, at
	// most every 100 ms. Calls come one at a time from one goroutine; the
	// callback may call State but must not call Close.
	OnState func(State)
}

// State is what the UI shows about playback.
type State struct {
	TrackID  string
	Playing  bool
	Position time.Duration // audio handed to the device; what is heard lags by its latency
	Duration time.Duration
}

// Player plays one loaded track at a time. All methods are safe for
// concurrent use.
type Player struct {
	opts Options

	mu     sync.Mutex // serialises the control methods; guards out and closed
	out    *output    // nil until the first Play; dropped on format change or loss
	closed bool

	// Shared with the audio thread, hence atomics only.
	cur     atomic.Pointer[track]
	cursor  atomic.Int64 // next frame to hand to the device
	running atomic.Bool  // the callback advances the cursor only while set

	// Wake-ups for the monitor goroutine. Each has room for one pending
	// signal and senders never block, so bursts coalesce.
	ended   chan struct{} // audio thread: the track ran out
	lost    chan struct{} // worker thread: the device stopped unasked
	changed chan struct{} // API: the state changed
	quit    chan struct{}
	done    chan struct{}
}

// New returns a player with nothing loaded. No device is opened until the
// first Play, so creating a player never fails, even without audio hardware.
func New(opts Options) *Player {
	p := &Player{
		opts:    opts,
		ended:   make(chan struct{}, 1),
		lost:    make(chan struct{}, 1),
		changed: make(chan struct{}, 1),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	go p.monitor()
	return p
}

// Load replaces the loaded track with buf, stops playback and rewinds to 0.
// The player reads buf.Samples while playing without copying them (a track
// can be hundreds of megabytes), so the caller must not modify them
// afterwards.
func (p *Player) Load(id string, buf *audio.Buffer) error {
	if buf == nil {
		return fmt.Errorf("player: load %q: no audio", id)
	}
	if err := buf.Validate(); err != nil {
		return fmt.Errorf("player: load %q: %w", id, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	p.haltLocked()
	if p.out != nil && (p.out.channels != buf.Channels || p.out.sampleRate != buf.SampleRate) {
		// The device was opened for the old format; reopen on next Play.
		p.out.close()
		p.out = nil
	}
	p.cur.Store(newTrack(id, buf))
	p.cursor.Store(0)
	p.notify()
	return nil
}

// Play starts or resumes playback, opening the output device on first use.
// After the track has ended it starts again from the beginning.
func (p *Player) Play() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	t := p.cur.Load()
	if t == nil {
		return ErrNothingLoaded
	}
	if p.running.Load() {
		return nil
	}
	if p.cursor.Load() >= t.frames {
		p.cursor.Store(0)
	}
	if p.out == nil {
		out, err := openOutput(p.opts.Backends, t.channels, t.sampleRate, outputCallbacks{
			data:    p.fill,
			stopped: func() { signal(p.lost) },
		})
		if err != nil {
			return err
		}
		p.out = out
	}
	p.running.Store(true) // before start: miniaudio pulls the first period inside Start
	if err := p.out.start(); err != nil {
		p.running.Store(false)
		p.out.close()
		p.out = nil
		return err
	}
	p.notify()
	return nil
}

// Pause stops playback and keeps the position.
func (p *Player) Pause() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	p.haltLocked()
	p.notify()
	return nil
}

// Stop stops playback and rewinds to 0.
func (p *Player) Stop() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	p.haltLocked()
	p.cursor.Store(0)
	p.notify()
	return nil
}

// Seek moves the position, clamped to [0, Duration]. Playing or paused stays
// as it was; seeking to the end while playing ends the track.
func (p *Player) Seek(pos time.Duration) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	t := p.cur.Load()
	if t == nil {
		return ErrNothingLoaded
	}
	p.cursor.Store(t.frameAt(pos))
	p.notify()
	return nil
}

// State returns the current playback state without blocking.
func (p *Player) State() State {
	t := p.cur.Load()
	if t == nil {
		return State{}
	}
	return State{
		TrackID:  t.id,
		Playing:  p.running.Load(),
		Position: t.duration(min(max(p.cursor.Load(), 0), t.frames)),
		Duration: t.duration(t.frames),
	}
}

// Close stops playback, releases the device and waits for the last state
// event to be delivered. Further calls return ErrClosed; Close itself is
// idempotent.
func (p *Player) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.running.Store(false)
	if p.out != nil {
		p.out.close()
		p.out = nil
	}
	p.mu.Unlock()
	close(p.quit)
	<-p.done
	return nil
}

// haltLocked stops the audio thread from advancing before stopping the
// device, so the position is final once the device has stopped.
func (p *Player) haltLocked() {
	p.running.Store(false)
	if p.out != nil {
		p.out.stop()
	}
}

func (p *Player) notify() { signal(p.changed) }

// signal wakes the monitor without blocking or allocating, so the audio
// thread may call it.
func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}
