package app

import (
	"context"
	"crypto/rand"
	"encoding/binary"

	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
)

// LocalEngine is local generation as the app and the CLI see it: the ONNX engine when
// ONNX Runtime and the model packs load, otherwise the reason they did not.
type LocalEngine struct {
	runtime generate.Runtime
	engine  *generate.ONNXEngine // nil when err is set
	err     error
}

// OpenLocalEngine loads ONNX Runtime (libraryPath "" = search the usual places), the
// built-in model pack and the packs in packDirs. It never fails outright: Err says why
// generation is unavailable.
func OpenLocalEngine(libraryPath string, packDirs ...string) *LocalEngine {
	l := &LocalEngine{}
	if l.runtime, l.err = generate.LoadRuntime(libraryPath); l.err != nil {
		return l
	}
	var packs []*generate.Pack
	for _, dir := range packDirs {
		p, err := generate.OpenPack(dir)
		if err != nil {
			l.err = err
			return l
		}
		packs = append(packs, p)
	}
	l.engine, l.err = generate.NewONNXEngine(generate.WithPacks(packs...))
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
	return l.engine.Generate(ctx, req)
}

// Models lists the installed model packs.
func (l *LocalEngine) Models() []ModelInfo {
	out := []ModelInfo{}
	if l.engine == nil {
		return out
	}
	for _, p := range l.engine.Packs() {
		out = append(out, ModelInfo{Version: p.Version, Name: p.Name, MaxSeconds: p.MaxSeconds})
	}
	return out
}

// modelVersion is the version a request for model renders with ("" = the default pack).
func (l *LocalEngine) modelVersion(model string) string {
	if model != "" || l.engine == nil {
		return model
	}
	return l.engine.DefaultVersion()
}

// Close releases the engine's sessions.
func (l *LocalEngine) Close() {
	if l.engine != nil {
		l.engine.Close()
	}
}

// RandomSeed draws a seed below 2^32, so that it survives the trip through JavaScript
// numbers exactly.
func RandomSeed() int64 {
	var b [4]byte
	rand.Read(b[:])
	return int64(binary.LittleEndian.Uint32(b[:]))
}
