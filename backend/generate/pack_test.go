package generate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"stableaudio/backend/generate/manifest"
	"stableaudio/backend/generate/onnxpb"
)

// writePack copies the built-in pack into a temporary directory, letting
// edit change the manifest and the graph bytes first. When rehash is set the
// manifest records the edited graph's checksum, so only ORT can object.
func writePack(t *testing.T, rehash bool, edit func(m *manifest.Manifest, graph []byte) []byte) string {
	t.Helper()
	p, err := BuiltinPack()
	if err != nil {
		t.Fatal(err)
	}
	m := p.Manifest
	graph := edit(&m, append([]byte(nil), p.graph...))
	if rehash {
		sum := sha256.Sum256(graph)
		m.Graph.SHA256 = hex.EncodeToString(sum[:])
	}
	js, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range map[string][]byte{manifest.FileName: js, m.Graph.File: graph} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// flip inverts the first n bytes: the protobuf tags there become garbage.
func flip(graph []byte, n int) []byte {
	for i := range min(n, len(graph)) {
		graph[i] ^= 0xff
	}
	return graph
}

func TestBuiltinPack(t *testing.T) {
	p, err := BuiltinPack()
	if err != nil {
		t.Fatal(err)
	}
	info := p.Info()
	if info.Version != "1.0" || info.MaxSeconds != 90 || info.License == "" || !strings.Contains(info.Description, "not a trained") {
		t.Errorf("built-in pack info = %+v", info)
	}
}

func TestOpenPackFromDisk(t *testing.T) {
	dir := writePack(t, false, func(m *manifest.Manifest, graph []byte) []byte {
		m.Version, m.Name = "1.1", "Copy of the built-in pack"
		return graph
	})
	p, err := OpenPack(dir)
	if err != nil {
		t.Fatal(err)
	}
	e := newTestEngine(t, WithPacks(p))
	if got := e.Packs(); len(got) != 2 || got[1].Version != "1.1" || got[1].Source != dir {
		t.Fatalf("Packs() = %+v, want built-in then 1.1 from %s", got, dir)
	}
	req := Request{Prompt: "test", Seconds: 1, Seed: 5}
	want := generate(t, e, req)
	req.Model = "1.1"
	if got := generate(t, e, req); !equal(got.Samples, want.Samples) {
		t.Error("the same graph under another version rendered different audio")
	}
}

func TestOpenPackRejects(t *testing.T) {
	tests := []struct {
		name string
		edit func(m *manifest.Manifest, graph []byte) []byte
		want string
	}{
		{"corrupt graph", func(_ *manifest.Manifest, g []byte) []byte { return flip(g, 64) }, "corrupt or was modified"},
		{"one flipped byte", func(_ *manifest.Manifest, g []byte) []byte { g[len(g)/2] ^= 1; return g }, "corrupt or was modified"},
		{"truncated graph", func(_ *manifest.Manifest, g []byte) []byte { return g[:len(g)/2] }, "corrupt or was modified"},
		{"wrong sample rate", func(m *manifest.Manifest, g []byte) []byte { m.SampleRate = 48000; return g }, "sample_rate"},
		{"no license", func(m *manifest.Manifest, g []byte) []byte { m.License = manifest.License{}; return g }, "license"},
		{"graph outside pack", func(m *manifest.Manifest, g []byte) []byte { m.Graph.File = "../model.onnx"; return g }, "graph.file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OpenPack(writePack(t, false, tt.edit))
			if !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrBadModel mentioning %q", err, tt.want)
			}
			t.Log(err)
		})
	}
	if _, err := OpenPack(t.TempDir()); !errors.Is(err, ErrBadModel) {
		t.Errorf("empty directory: err = %v, want ErrBadModel", err)
	}
}

// TestEngineRejectsBadGraph covers graphs whose checksum matches (so the
// pack opens) but which ORT refuses or which do not match the manifest.
func TestEngineRejectsBadGraph(t *testing.T) {
	other := onnxpb.NewBuilder("other")
	x := other.Input("x", onnxpb.Float, onnxpb.Fixed(1))
	other.Output("y", other.Op("Neg", x), onnxpb.Float, onnxpb.Fixed(1))
	otherGraph := (&onnxpb.Model{IRVersion: 8, Opsets: []onnxpb.Opset{{Version: 17}}, Graph: other.Graph()}).Marshal()

	tests := []struct {
		name string
		edit func(m *manifest.Manifest, graph []byte) []byte
		want string
	}{
		{"not a graph", func(_ *manifest.Manifest, g []byte) []byte { return flip(g, 64) }, "ONNX Runtime cannot load"},
		{"another graph", func(_ *manifest.Manifest, _ []byte) []byte { return otherGraph }, "manifest declares"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := OpenPack(writePack(t, true, func(m *manifest.Manifest, g []byte) []byte {
				m.Version = "2.0"
				return tt.edit(m, g)
			}))
			if err != nil {
				t.Fatalf("OpenPack: %v", err)
			}
			e, err := NewONNXEngine(WithPacks(p))
			if e != nil || !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("NewONNXEngine = %v, %v; want ErrBadModel mentioning %q", e, err, tt.want)
			}
			t.Log(err)
		})
	}
}

func TestEngineRejectsDuplicateVersion(t *testing.T) {
	p, err := OpenPack(writePack(t, false, func(_ *manifest.Manifest, g []byte) []byte { return g }))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewONNXEngine(WithPacks(p)); !errors.Is(err, ErrBadModel) {
		t.Errorf("two packs with version 1.0: err = %v, want ErrBadModel", err)
	}
	e := newTestEngine(t)
	if _, err := e.Generate(context.Background(), Request{Seconds: 1}); err != nil {
		t.Errorf("a rejected engine broke later ones: %v", err)
	}
}
