package app

import (
	"context"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Emitter sends named events to the UI. The Wails runtime is the real one; tests record.
type Emitter interface {
	Emit(name string, data any)
}

// wailsEmitter emits through the Wails runtime of a running window.
type wailsEmitter struct{ ctx context.Context }

func (w wailsEmitter) Emit(name string, data any) { runtime.EventsEmit(w.ctx, name, data) }

// noEmitter drops events: the app before its window starts.
type noEmitter struct{}

func (noEmitter) Emit(string, any) {}

// throttle passes on at most one call per interval, and always the last one when flushed,
// so a fast loop cannot flood the UI's event bridge.
type throttle struct {
	mu       sync.Mutex
	interval time.Duration
	last     time.Time
	pending  func()
}

func (t *throttle) do(f func()) {
	t.mu.Lock()
	now := time.Now()
	if now.Sub(t.last) < t.interval {
		t.pending = f
		t.mu.Unlock()
		return
	}
	t.last, t.pending = now, nil
	t.mu.Unlock()
	f()
}

// flush runs the call that was held back, if any.
func (t *throttle) flush() {
	t.mu.Lock()
	f := t.pending
	t.pending = nil
	t.mu.Unlock()
	if f != nil {
		f()
	}
}
