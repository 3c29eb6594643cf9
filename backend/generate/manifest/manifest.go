// Package manifest defines a model pack's manifest.json and the graph
// interface the engine drives. It does no I/O and needs no ONNX Runtime, so
// the pack generator (cmd/genpack) and the engine share one definition.
package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// FileName is the manifest's name inside a pack directory.
const FileName = "manifest.json"

// Format is the manifest schema version this package reads and writes.
const Format = 1

// Manifest describes one model pack.
type Manifest struct {
	Format      int     `json:"format"`
	Name        string  `json:"name"`
	Version     string  `json:"version"` // what requests name, e.g. "1.0"
	Description string  `json:"description"`
	License     License `json:"license"`
	SampleRate  int     `json:"sample_rate"` // Hz
	Channels    int     `json:"channels"`
	MaxSeconds  float64 `json:"max_seconds"` // longest request the pack accepts
	Graph       Graph   `json:"graph"`
	// Engine is how the graph is driven: "" for the procedural interface of Inputs(),
	// EngineComposer for the built-in composer's synthesiser (see Synth).
	Engine string `json:"engine,omitempty"`
	// Synth is the composer synthesiser's shape, which its graph's tensors follow.
	Synth *Synth `json:"synth,omitempty"`
	// Features are what the model does beyond text to audio: FeatureArrangement,
	// FeatureAudioToAudio.
	Features    []string `json:"features,omitempty"`
	Inputs      []Tensor `json:"inputs"`
	Outputs     []Tensor `json:"outputs"`
	GeneratedBy string   `json:"generated_by,omitempty"` // the command that wrote the pack
}

// Engines and features a manifest may name.
const (
	EngineComposer      = "composer"
	FeatureArrangement  = "arrangement"    // sections (intro, build, main, break, outro) in long tracks
	FeatureAudioToAudio = "audio-to-audio" // follows an input recording
)

// Synth is the shape of the composer's synthesis graph.
type Synth struct {
	Voices         int `json:"voices"`
	Harmonics      int `json:"harmonics"`
	TableSize      int `json:"table_size"`
	Hop            int `json:"hop"`              // samples per control frame
	FramesPerChunk int `json:"frames_per_chunk"` // control frames per graph run
}

// HasFeature reports whether the manifest lists feature.
func (m *Manifest) HasFeature(feature string) bool { return slices.Contains(m.Features, feature) }

// License is the terms the pack's graph is distributed under.
type License struct {
	ID   string `json:"id"` // SPDX identifier
	Text string `json:"text"`
}

// Graph names the ONNX file and pins its content.
type Graph struct {
	File   string `json:"file"`   // relative to the pack directory
	SHA256 string `json:"sha256"` // lower-case hex of the file's bytes
}

// Tensor is one graph input or output as the manifest declares it.
type Tensor struct {
	Name  string `json:"name"`
	Type  string `json:"type"` // "float32" or "int64"
	Shape []Dim  `json:"shape"`
}

// Dim is a fixed size (a JSON number) or a named run-time size (a string).
type Dim struct {
	Size int64
	Name string
}

// MarshalJSON writes a named dimension as a string and a fixed one as a number.
func (d Dim) MarshalJSON() ([]byte, error) {
	if d.Name != "" {
		return json.Marshal(d.Name)
	}
	return json.Marshal(d.Size)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (d *Dim) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		*d = Dim{}
		return json.Unmarshal(b, &d.Name)
	}
	*d = Dim{}
	return json.Unmarshal(b, &d.Size)
}

// String is the dimension as written in error messages.
func (d Dim) String() string {
	if d.Name != "" {
		return d.Name
	}
	return fmt.Sprint(d.Size)
}

// Parse decodes a manifest and checks it with Validate. Unknown fields are
// rejected so a typo in a hand-edited manifest is reported, not ignored.
func Parse(data []byte) (*Manifest, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s is not valid: %w", FileName, err)
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

// MaxSecondsLimit bounds max_seconds: the engine renders into one buffer, and
// ten minutes of stereo float32 at 44.1 kHz is already 200 MB.
const MaxSecondsLimit = 600

var (
	versionPattern = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z.\-]{0,31}$`)
	sha256Pattern  = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Validate checks every field the engine relies on, including that the
// inputs and outputs are exactly the Interface the engine knows how to feed.
func (m *Manifest) Validate() error {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if m.Format != Format {
		bad("format is %d, this app reads format %d", m.Format, Format)
	}
	if strings.TrimSpace(m.Name) == "" {
		bad("name is empty")
	}
	if !versionPattern.MatchString(m.Version) {
		bad("version %q is not a short version such as \"1.0\"", m.Version)
	}
	if strings.TrimSpace(m.Description) == "" {
		bad("description is empty")
	}
	if m.License.ID == "" || strings.TrimSpace(m.License.Text) == "" {
		bad("license id and text are required")
	}
	if m.SampleRate != SampleRate {
		bad("sample_rate is %d, the engine renders at %d", m.SampleRate, SampleRate)
	}
	if m.Channels != Channels {
		bad("channels is %d, the engine renders %d", m.Channels, Channels)
	}
	if !(m.MaxSeconds > 0 && m.MaxSeconds <= MaxSecondsLimit) {
		bad("max_seconds %v is not in (0, %d]", m.MaxSeconds, MaxSecondsLimit)
	}
	if m.Graph.File == "" || strings.ContainsAny(m.Graph.File, `/\`) || m.Graph.File == ".." {
		bad("graph.file %q must be a plain file name inside the pack", m.Graph.File)
	}
	if !sha256Pattern.MatchString(m.Graph.SHA256) {
		bad("graph.sha256 %q is not 64 lower-case hex digits", m.Graph.SHA256)
	}
	for _, f := range m.Features {
		if f != FeatureArrangement && f != FeatureAudioToAudio {
			bad("feature %q is unknown; use %q or %q", f, FeatureArrangement, FeatureAudioToAudio)
		}
	}
	switch m.Engine {
	case "":
		if m.Synth != nil || len(m.Features) > 0 {
			bad("synth and features are for the %q engine", EngineComposer)
		}
		if err := sameTensors("inputs", m.Inputs, Inputs()); err != nil {
			bad("%v", err)
		}
		if err := sameTensors("outputs", m.Outputs, Outputs()); err != nil {
			bad("%v", err)
		}
	case EngineComposer:
		// The synthesiser's tensors depend on its shape; the engine that opens the
		// pack checks them against the graph it drives.
		if s := m.Synth; s == nil || s.Voices < 1 || s.Harmonics < 1 || s.TableSize < 2 || s.Hop < 1 || s.FramesPerChunk < 1 {
			bad("synth must give positive voices, harmonics, table_size, hop and frames_per_chunk")
		}
		if len(m.Inputs) == 0 || len(m.Outputs) == 0 {
			bad("inputs and outputs must be declared")
		}
	default:
		bad("engine %q is unknown; use \"\" or %q", m.Engine, EngineComposer)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: %s", FileName, strings.Join(problems, "; "))
	}
	return nil
}

// sameTensors reports the first way got differs from want.
func sameTensors(what string, got, want []Tensor) error {
	if len(got) != len(want) {
		return fmt.Errorf("%s: %d declared, the engine needs %d (%s)", what, len(got), len(want), describe(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Name != w.Name || g.Type != w.Type || fmt.Sprint(g.Shape) != fmt.Sprint(w.Shape) {
			return fmt.Errorf("%s[%d] is %s, the engine needs %s", what, i, describe(got[i:i+1]), describe(want[i:i+1]))
		}
	}
	return nil
}

func describe(ts []Tensor) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = fmt.Sprintf("%s %s%v", t.Name, t.Type, t.Shape)
	}
	return strings.Join(parts, ", ")
}
