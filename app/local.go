package app

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"slices"

	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
	"stableaudio/backend/generate/builtin"
	"stableaudio/backend/generate/manifest"
)

// LocalEngine is local generation as the app and the CLI see it: the built-in composer
// model (the default) and the model packs on ONNX Runtime when they load, otherwise the
// reason they did not.
type LocalEngine struct {
	runtime  generate.Runtime
	composer *builtin.Engine      // the composer model's versions; nil when err is set
	engine   *generate.ONNXEngine // the model packs; nil when err is set
	err      error
}

var _ generate.Engine = (*LocalEngine)(nil)

// OpenLocalEngine loads ONNX Runtime (libraryPath "" = search the usual places), the
// built-in model pack and the packs in packDirs. It never fails outright: Err says why
// generation is unavailable.
func OpenLocalEngine(libraryPath string, packDirs ...string) *LocalEngine {
	l := &LocalEngine{}
	if l.runtime, l.err = generate.LoadRuntime(libraryPath); l.err != nil {
		return l
	}
	var procedural []*generate.Pack
	composers, err := generate.BuiltinComposerPacks()
	if err != nil {
		l.err = err
		return l
	}
	for _, dir := range packDirs {
		p, err := generate.OpenPack(dir)
		if err != nil {
			l.err = err
			return l
		}
		if p.Manifest.Engine == manifest.EngineComposer {
			composers = append(composers, p)
		} else {
			procedural = append(procedural, p)
		}
	}
	if l.engine, l.err = generate.NewONNXEngine(generate.WithPacks(procedural...)); l.err != nil {
		return l
	}
	l.composer, l.err = builtin.Open(composers...)
	return l
}

// Err is nil when local generation works, else the reason, with how to fix it.
func (l *LocalEngine) Err() error { return l.err }

// RuntimeVersion is the loaded ONNX Runtime's version, "" when none loaded.
func (l *LocalEngine) RuntimeVersion() string { return l.runtime.Version }

// RuntimePath is the file the runtime was loaded from.
func (l *LocalEngine) RuntimePath() string { return l.runtime.Path }

// Generate renders a request; it fails with Err when local generation is unavailable.
func (l *LocalEngine) Generate(ctx context.Context, req generate.Request) (*audio.Buffer, error) {
	if l.err != nil {
		return nil, l.err
	}
	if l.composer.Has(req.Model) {
		return l.composer.Generate(ctx, req)
	}
	return l.engine.Generate(ctx, req)
}

// Models lists the installed model packs, the default first.
func (l *LocalEngine) Models() []ModelInfo {
	out := []ModelInfo{}
	if l.engine == nil || l.composer == nil {
		return out
	}
	// The default model first, as the UI offers it first; then the other versions.
	composers := l.composer.Info()
	slices.Reverse(composers)
	for _, p := range append(composers, l.engine.Packs()...) {
		out = append(out, ModelInfo{Version: p.Version, Name: p.Name, MaxSeconds: p.MaxSeconds, AudioToAudio: p.AudioToAudio})
	}
	return out
}

// modelVersion is the version a request for model renders with ("" = the default pack).
func (l *LocalEngine) modelVersion(model string) string {
	if model != "" {
		return model
	}
	return builtin.DefaultVersion
}

// Close releases the engine's sessions.
func (l *LocalEngine) Close() {
	if l.engine != nil {
		l.engine.Close()
	}
	if l.composer != nil {
		l.composer.Close()
	}
}

// RandomSeed draws a seed below 2^32, so that it survives the trip through JavaScript
// numbers exactly.
func RandomSeed() int64 {
	var b [4]byte
	rand.Read(b[:])
	return int64(binary.LittleEndian.Uint32(b[:]))
}
