package builtin

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
	"stableaudio/backend/generate/manifest"
	"stableaudio/backend/generate/synthgraph"
)

// DefaultVersion is the version a request with no model gets: the newest.
const DefaultVersion = "2.0"

const minSeconds = 1

// SoftMemoryLimit is the Go heap the app asks the collector to stay under
// (debug.SetMemoryLimit). A 190 s track's working set is about 180 MB of Go memory (the
// track, the limiter's detector and gains); without a limit the collector lets garbage
// grow to as much again before it runs, which would take the process past 400 MB.
const SoftMemoryLimit = 256 << 20

// Engine renders the composer model in each version its packs describe. It is safe for
// concurrent use; renders take turns on the one synthesis session, which every version
// shares (the versions differ in what they compose, not in the synthesiser).
type Engine struct {
	mu       sync.Mutex
	r        *synthgraph.Renderer
	versions map[string]*generate.Pack
	closed   bool
}

var _ generate.Engine = (*Engine)(nil)

// New opens the built-in composer packs. ONNX Runtime must be loaded (generate.LoadRuntime).
func New() (*Engine, error) {
	packs, err := generate.BuiltinComposerPacks()
	if err != nil {
		return nil, err
	}
	return Open(packs...)
}

// Open checks the composer packs — their graphs must be one synthesiser with the
// tensors its manifest declares — and opens that graph in ONNX Runtime.
func Open(packs ...*generate.Pack) (*Engine, error) {
	if len(packs) == 0 {
		return nil, fmt.Errorf("%w: no composer pack to open", generate.ErrBadModel)
	}
	e := &Engine{versions: map[string]*generate.Pack{}}
	first := packs[0]
	for _, p := range packs {
		m := &p.Manifest
		if m.Engine != manifest.EngineComposer || m.Synth == nil {
			return nil, fmt.Errorf("%w: pack %s is not a composer pack", generate.ErrBadModel, p.Source)
		}
		if _, dup := e.versions[m.Version]; dup {
			return nil, fmt.Errorf("%w: two composer packs have version %q; remove one", generate.ErrBadModel, m.Version)
		}
		if *m.Synth != *first.Manifest.Synth || m.Graph.SHA256 != first.Manifest.Graph.SHA256 {
			return nil, fmt.Errorf("%w: pack %s has another synthesiser than pack %s; composer packs share one",
				generate.ErrBadModel, p.Source, first.Source)
		}
		in, out := synthgraph.Interface(synthgraph.ConfigFromManifest(m.Synth))
		if !slices.EqualFunc(in, m.Inputs, sameTensor) || !slices.EqualFunc(out, m.Outputs, sameTensor) {
			return nil, fmt.Errorf("%w: pack %s declares tensors this synthesiser does not have; reinstall it", generate.ErrBadModel, p.Source)
		}
		e.versions[m.Version] = p
	}
	r, err := synthgraph.OpenRenderer(synthgraph.ConfigFromManifest(first.Manifest.Synth), first.Graph())
	if err != nil {
		if errors.Is(err, synthgraph.ErrRuntimeNotLoaded) {
			return nil, fmt.Errorf("%w: %v", generate.ErrRuntimeUnavailable, err)
		}
		return nil, fmt.Errorf("%w: pack %s: %v", generate.ErrBadModel, first.Source, err)
	}
	e.r = r
	return e, nil
}

func sameTensor(a, b manifest.Tensor) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// Info describes each version for the UI and `stableaudio version`, oldest first.
func (e *Engine) Info() []generate.PackInfo {
	var out []generate.PackInfo
	for _, p := range e.versions {
		out = append(out, p.Info())
	}
	slices.SortFunc(out, func(a, b generate.PackInfo) int { return strings.Compare(a.Version, b.Version) })
	return out
}

// Has reports whether version is one of the engine's ("" = the default).
func (e *Engine) Has(version string) bool {
	_, ok := e.versions[cmp.Or(version, DefaultVersion)]
	return ok
}

// Generate composes and renders req with the version it names, mastered to −14 LUFS
// with a −1 dBTP ceiling.
func (e *Engine) Generate(ctx context.Context, req generate.Request) (*audio.Buffer, error) {
	p, ok := e.versions[cmp.Or(req.Model, DefaultVersion)]
	if !ok {
		return nil, fmt.Errorf("%w: the composer has no model %q", generate.ErrBadRequest, req.Model)
	}
	m := &p.Manifest
	if math.IsNaN(req.Seconds) || req.Seconds < minSeconds || req.Seconds > m.MaxSeconds {
		return nil, fmt.Errorf("%w: length must be from %d to %g seconds for model %s, got %g",
			generate.ErrBadRequest, minSeconds, m.MaxSeconds, m.Version, req.Seconds)
	}
	if req.Input != nil && !m.HasFeature(manifest.FeatureAudioToAudio) {
		return nil, fmt.Errorf("%w: model %s cannot follow input audio; use model 2.0 for audio to audio", generate.ErrBadRequest, m.Version)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, fmt.Errorf("%w: the engine is closed", generate.ErrRuntimeUnavailable)
	}
	// Sections need room: shorter tracks are one texture in every version.
	arrange := m.HasFeature(manifest.FeatureArrangement) && req.Seconds >= 30
	t, err := Render(ctx, e.r, req, arrange)
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
