package builtin

import (
	"context"
	"fmt"
	"math"
	"sync"

	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
	"stableaudio/backend/generate/synthgraph"
)

// Version is the model version this engine answers to, and MaxSeconds its longest track.
const (
	Version    = "2.0"
	MaxSeconds = 190
	minSeconds = 1
)

// SoftMemoryLimit is the Go heap the app asks the collector to stay under
// (debug.SetMemoryLimit). A 190 s track's working set is about 180 MB of Go memory (the
// track, the limiter's detector and gains); without a limit the collector lets garbage
// grow to as much again before it runs, which would take the process past 400 MB.
const SoftMemoryLimit = 256 << 20

// Engine renders the built-in composer model. It is safe for concurrent use; renders take
// turns on the one synthesis session.
type Engine struct {
	mu     sync.Mutex
	r      *synthgraph.Renderer
	closed bool
}

var _ generate.Engine = (*Engine)(nil)

// New opens the synthesis graph in ONNX Runtime, which must be loaded (generate.LoadRuntime).
func New() (*Engine, error) {
	r, err := synthgraph.NewRenderer(synthgraph.DefaultConfig())
	if err != nil {
		return nil, fmt.Errorf("%w: %v", generate.ErrRuntimeUnavailable, err)
	}
	return &Engine{r: r}, nil
}

// Info describes the model for the UI and `stableaudio version`.
func (e *Engine) Info() generate.PackInfo {
	return generate.PackInfo{
		Version: Version, Name: "Built-in composer", MaxSeconds: MaxSeconds, License: "CC0-1.0", Source: generate.BuiltinSource,
		Description: "Composes harmony, bass, drums and melody from the prompt and the seed, arranged in sections, " +
			"and renders them with a harmonic-plus-noise synthesiser written as an ONNX graph. Not a trained network.",
	}
}

// Generate composes and renders req, mastered to −14 LUFS with a −1 dBTP ceiling.
func (e *Engine) Generate(ctx context.Context, req generate.Request) (*audio.Buffer, error) {
	if math.IsNaN(req.Seconds) || req.Seconds < minSeconds || req.Seconds > MaxSeconds {
		return nil, fmt.Errorf("%w: length must be from %d to %d seconds for model %s, got %g",
			generate.ErrBadRequest, minSeconds, MaxSeconds, Version, req.Seconds)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, fmt.Errorf("%w: the engine is closed", generate.ErrRuntimeUnavailable)
	}
	t, err := Render(ctx, e.r, req, req.Seconds >= 30)
	if err != nil {
		return nil, err
	}
	return t.Audio, nil
}

// Close releases the synthesis session.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	return e.r.Close()
}
