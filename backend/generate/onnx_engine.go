package generate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"

	"stableaudio/backend/audio"
	"stableaudio/backend/generate/manifest"
)

// Option configures NewONNXEngine.
type Option func(*engineConfig)

type engineConfig struct {
	libraryPath string
	packs       []*Pack
	chunkFrames int
}

// WithLibraryPath sets the ONNX Runtime shared library, or the directory
// holding it; without it the engine searches as LoadRuntime describes.
func WithLibraryPath(path string) Option {
	return func(c *engineConfig) { c.libraryPath = path }
}

// WithPacks offers extra model packs, opened with OpenPack, besides the
// built-in one. Their versions must differ from each other and from it.
func WithPacks(packs ...*Pack) Option {
	return func(c *engineConfig) { c.packs = append(c.packs, packs...) }
}

// WithChunkFrames sets how many frames one graph run renders; the default
// is one second (44100). Smaller chunks report progress and notice
// cancellation sooner, at some cost in speed.
func WithChunkFrames(n int) Option {
	return func(c *engineConfig) { c.chunkFrames = n }
}

// ONNXEngine is the Engine that runs model packs on ONNX Runtime. It is safe
// for concurrent use.
type ONNXEngine struct {
	// mu is held shared by Generate and exclusively by Close, so a session
	// is never destroyed under a running render.
	mu       sync.RWMutex
	runtime  Runtime
	sessions []*session // the built-in pack first: it is the default
	chunk    int
	closed   bool
}

var _ Engine = (*ONNXEngine)(nil)

// errClosed is returned by Generate after Close.
var errClosed = errors.New("generate: the engine is closed")

// NewONNXEngine loads ONNX Runtime (see LoadRuntime; an earlier successful
// load is reused) and opens the built-in pack and any WithPacks. A missing
// runtime is ErrRuntimeUnavailable; a pack ORT cannot load, or two packs
// with one version, is ErrBadModel.
func NewONNXEngine(opts ...Option) (*ONNXEngine, error) {
	cfg := engineConfig{chunkFrames: manifest.SampleRate}
	for _, opt := range opts {
		opt(&cfg)
	}
	if cfg.chunkFrames <= 0 {
		return nil, fmt.Errorf("generate: chunk of %d frames is not positive", cfg.chunkFrames)
	}
	rt, err := LoadRuntime(cfg.libraryPath)
	if err != nil {
		return nil, err
	}
	builtin, err := BuiltinPack()
	if err != nil {
		return nil, err
	}
	e := &ONNXEngine{runtime: rt, chunk: cfg.chunkFrames}
	seen := map[string]string{}
	for _, p := range append([]*Pack{builtin}, cfg.packs...) {
		if p.Manifest.Engine != "" {
			e.Close()
			return nil, fmt.Errorf("%w: pack %s is for the %s engine, not the procedural one", ErrBadModel, p.Source, p.Manifest.Engine)
		}
		v := p.Manifest.Version
		if other, dup := seen[v]; dup {
			e.Close()
			return nil, fmt.Errorf("%w: packs %s and %s both have version %q; remove one", ErrBadModel, other, p.Source, v)
		}
		seen[v] = p.Source
		s, err := openSession(p)
		if err != nil {
			e.Close()
			return nil, err
		}
		e.sessions = append(e.sessions, s)
	}
	return e, nil
}

// Runtime is the ONNX Runtime the engine runs on, for `stableaudio version`.
func (e *ONNXEngine) Runtime() Runtime { return e.runtime }

// Packs lists the available packs, the default (built-in) one first.
func (e *ONNXEngine) Packs() []PackInfo {
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := make([]PackInfo, len(e.sessions))
	for i, s := range e.sessions {
		out[i] = s.pack.Info()
	}
	return out
}

// DefaultVersion is the version a request with Model "" renders with.
func (e *ONNXEngine) DefaultVersion() string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if len(e.sessions) == 0 {
		return ""
	}
	return e.sessions[0].pack.Manifest.Version
}

// Generate renders req in chunks (WithChunkFrames), reporting progress
// after each and checking ctx before each. The result has exactly
// round(Seconds × 44100) stereo frames at 44.1 kHz.
func (e *ONNXEngine) Generate(ctx context.Context, req Request) (*audio.Buffer, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.closed {
		return nil, errClosed
	}
	s, err := e.find(req.Model)
	if err != nil {
		return nil, err
	}
	if req.Input != nil {
		return nil, fmt.Errorf("%w: model %s cannot follow input audio; use model 2.0 for audio to audio", ErrBadRequest, s.pack.Manifest.Version)
	}
	frames, err := requestFrames(req.Seconds, s.pack.Manifest.MaxSeconds)
	if err != nil {
		return nil, err
	}
	r, err := s.newRunner(condition(req.Prompt), req.Seed)
	if err != nil {
		return nil, err
	}
	defer r.destroy()

	buf := audio.NewBuffer(manifest.SampleRate, manifest.Channels, frames)
	total := (frames + e.chunk - 1) / e.chunk
	for i := range total {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		first := i * e.chunk
		last := min(first+e.chunk, frames)
		if err := r.run(first, buf.Samples[first*manifest.Channels:last*manifest.Channels]); err != nil {
			return nil, err
		}
		if req.OnProgress != nil {
			req.OnProgress(Progress{Done: i + 1, Total: total, Stage: "rendering"})
		}
	}
	return buf, nil
}

// Close releases the ONNX Runtime sessions, after any running Generate
// returns. The runtime itself stays loaded: it is process-wide and cannot be
// loaded again. Close is idempotent.
func (e *ONNXEngine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	var errs []error
	for _, s := range e.sessions {
		errs = append(errs, s.close())
	}
	e.sessions = nil
	return errors.Join(errs...)
}

// find returns the session for a model version; "" is the default pack.
func (e *ONNXEngine) find(version string) (*session, error) {
	if version == "" {
		return e.sessions[0], nil
	}
	var versions []string
	for _, s := range e.sessions {
		if s.pack.Manifest.Version == version {
			return s, nil
		}
		versions = append(versions, s.pack.Manifest.Version)
	}
	return nil, fmt.Errorf("%w: unknown model %q; available: %s", ErrBadRequest, version, strings.Join(versions, ", "))
}

// requestFrames checks a requested length against the pack's limit and
// converts it to frames.
func requestFrames(seconds, maxSeconds float64) (int, error) {
	if math.IsNaN(seconds) || seconds <= 0 || seconds > maxSeconds {
		return 0, fmt.Errorf("%w: length must be more than 0 and at most %g seconds for this model, got %g",
			ErrBadRequest, maxSeconds, seconds)
	}
	frames := int(math.Round(seconds * manifest.SampleRate))
	if frames < 1 {
		return 0, fmt.Errorf("%w: %g seconds is shorter than one sample", ErrBadRequest, seconds)
	}
	return frames, nil
}
