package generate

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"

	"stableaudio/backend/generate/manifest"
)

//go:generate go run ./cmd/genpack -dir packs

// builtinFiles are the built-in packs, compiled in so a fresh install can
// generate with no download.
//
//go:embed packs/builtin-1.0/manifest.json packs/builtin-1.0/model.onnx
//go:embed packs/builtin-1.1/manifest.json packs/builtin-1.1/model.onnx
//go:embed packs/builtin-2.0/manifest.json packs/builtin-2.0/model.onnx
var builtinFiles embed.FS

// builtinDir holds the procedural pack ONNXEngine always opens; composerDirs the
// composer model's versions, which package builtin drives.
const builtinDir = "packs/builtin-1.0"

var composerDirs = []string{"packs/builtin-1.1", "packs/builtin-2.0"}

// BuiltinSource is Pack.Source for the pack compiled into the binary.
const BuiltinSource = "built-in"

// Pack is a model pack that has been read and checked: its manifest is valid
// and its graph file matches the manifest's checksum. Whether ONNX Runtime
// accepts the graph is checked when an engine opens it.
type Pack struct {
	Manifest manifest.Manifest
	Source   string // the directory it was read from, or BuiltinSource
	graph    []byte
}

// PackInfo is what the UI and `stableaudio version` show about a pack.
type PackInfo struct {
	Version     string  // what Request.Model names, e.g. "1.0"
	Name        string  // human-readable name
	Description string  // what the pack is and is not
	MaxSeconds  float64 // longest request it accepts
	// AudioToAudio: the pack follows an input recording (manifest.FeatureAudioToAudio).
	AudioToAudio bool
	License      string // SPDX identifier of the pack's licence
	Source       string // directory, or BuiltinSource
}

// BuiltinPack returns the procedural pack compiled into the binary.
func BuiltinPack() (*Pack, error) { return builtinPack(builtinDir) }

// BuiltinComposerPacks returns the composer model's packs compiled into the binary,
// oldest version first.
func BuiltinComposerPacks() ([]*Pack, error) {
	var packs []*Pack
	for _, dir := range composerDirs {
		p, err := builtinPack(dir)
		if err != nil {
			return nil, err
		}
		packs = append(packs, p)
	}
	return packs, nil
}

func builtinPack(dir string) (*Pack, error) {
	sub, err := fs.Sub(builtinFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("%w: built-in pack: %v", ErrBadModel, err)
	}
	return readPack(sub, BuiltinSource)
}

// Graph is the pack's ONNX graph, as checked against the manifest.
func (p *Pack) Graph() []byte { return p.graph }

// OpenPack reads the pack in dir (manifest.json and the graph it names).
// Any problem, including a graph whose bytes do not match the manifest's
// sha256, is an ErrBadModel that names the pack and the fix.
func OpenPack(dir string) (*Pack, error) {
	return readPack(os.DirFS(dir), dir)
}

func readPack(fsys fs.FS, source string) (*Pack, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: pack %s: %s", ErrBadModel, source, fmt.Sprintf(format, args...))
	}
	data, err := fs.ReadFile(fsys, manifest.FileName)
	if err != nil {
		return nil, bad("cannot read %s (is this a model pack directory?): %v", manifest.FileName, err)
	}
	m, err := manifest.Parse(data)
	if err != nil {
		return nil, bad("%v", err)
	}
	graph, err := fs.ReadFile(fsys, m.Graph.File)
	if err != nil {
		return nil, bad("cannot read the graph: %v", err)
	}
	sum := sha256.Sum256(graph)
	if got := hex.EncodeToString(sum[:]); got != m.Graph.SHA256 {
		return nil, bad("%s is corrupt or was modified (its sha256 is %s, the manifest expects %s); reinstall the pack",
			m.Graph.File, got, m.Graph.SHA256)
	}
	return &Pack{Manifest: *m, Source: source, graph: graph}, nil
}

// Info summarises the pack for display.
func (p *Pack) Info() PackInfo {
	return PackInfo{
		Version:      p.Manifest.Version,
		Name:         p.Manifest.Name,
		Description:  p.Manifest.Description,
		MaxSeconds:   p.Manifest.MaxSeconds,
		AudioToAudio: p.Manifest.HasFeature(manifest.FeatureAudioToAudio),
		License:      p.Manifest.License.ID,
		Source:       p.Source,
	}
}
