package manifest

import (
	"encoding/json"
	"strings"
	"testing"
)

func valid() Manifest {
	return Manifest{
		Format:      Format,
		Name:        "Test pack",
		Version:     "1.0",
		Description: "a test",
		License:     License{ID: "CC0-1.0", Text: "public domain"},
		SampleRate:  SampleRate,
		Channels:    Channels,
		MaxSeconds:  90,
		Graph:       Graph{File: "model.onnx", SHA256: strings.Repeat("ab", 32)},
		Inputs:      Inputs(),
		Outputs:     Outputs(),
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(m *Manifest)
		want string // "" = valid
	}{
		{"valid", func(*Manifest) {}, ""},
		{"future format", func(m *Manifest) { m.Format = 2 }, "format"},
		{"no name", func(m *Manifest) { m.Name = " " }, "name"},
		{"version with slash", func(m *Manifest) { m.Version = "1/0" }, "version"},
		{"no description", func(m *Manifest) { m.Description = "" }, "description"},
		{"no license text", func(m *Manifest) { m.License.Text = "" }, "license"},
		{"mono", func(m *Manifest) { m.Channels = 1 }, "channels"},
		{"48 kHz", func(m *Manifest) { m.SampleRate = 48000 }, "sample_rate"},
		{"zero length", func(m *Manifest) { m.MaxSeconds = 0 }, "max_seconds"},
		{"an hour", func(m *Manifest) { m.MaxSeconds = 3600 }, "max_seconds"},
		{"graph in subdirectory", func(m *Manifest) { m.Graph.File = "sub/model.onnx" }, "graph.file"},
		{"upper-case hash", func(m *Manifest) { m.Graph.SHA256 = strings.Repeat("AB", 32) }, "sha256"},
		{"missing input", func(m *Manifest) { m.Inputs = m.Inputs[:3] }, "inputs: 3 declared"},
		{"renamed input", func(m *Manifest) { m.Inputs[1].Name = "noise" }, "inputs[1]"},
		{"int32 seed", func(m *Manifest) { m.Inputs[1].Type = "int32" }, "inputs[1]"},
		{"fixed output length", func(m *Manifest) { m.Outputs[0].Shape[0] = Dim{Size: 44100} }, "outputs[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := valid()
			tt.edit(&m)
			err := m.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("err = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestParseRoundTrip(t *testing.T) {
	m := valid()
	js, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), `"shape":["frames",2]`) {
		t.Errorf("output shape not written as [\"frames\",2]: %s", js)
	}
	got, err := Parse(js)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := json.Marshal(got); string(again) != string(js) {
		t.Errorf("round trip changed the manifest:\n%s\n%s", js, again)
	}

	typo := strings.Replace(string(js), `"max_seconds"`, `"max_second"`, 1)
	if _, err := Parse([]byte(typo)); err == nil || !strings.Contains(err.Error(), "max_second") {
		t.Errorf("a misspelt field was not reported: %v", err)
	}
	if _, err := Parse([]byte("{")); err == nil {
		t.Error("truncated JSON was accepted")
	}
}
