package builtin

import (
	"context"
	"errors"
	"testing"

	"stableaudio/backend/generate"
)

// The composer's versions come from their packs: 1.1 makes up to 90 s and refuses input
// audio, 2.0 up to 190 s and follows a recording, and a request with no model gets 2.0.
func TestVersionsDoWhatTheirManifestsSay(t *testing.T) {
	if _, err := generate.LoadRuntime(""); err != nil {
		t.Fatal(err)
	}
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	var versions []string
	for _, info := range e.Info() {
		versions = append(versions, info.Version+"/"+info.Source)
	}
	if len(versions) != 2 || versions[0] != "1.1/built-in" || versions[1] != "2.0/built-in" {
		t.Fatalf("versions %v, want 1.1 and 2.0, built in", versions)
	}
	in, _ := guitarPhrase()
	ctx := context.Background()
	refused := []generate.Request{
		{Prompt: "techno", Model: "1.1", Seconds: 91},
		{Prompt: "techno", Model: "1.1", Seconds: 10, Input: in, Strength: 1},
		{Prompt: "techno", Model: "2.0", Seconds: 191},
		{Prompt: "techno", Model: "3.0", Seconds: 10},
	}
	for _, req := range refused {
		if _, err := e.Generate(ctx, req); !errors.Is(err, generate.ErrBadRequest) {
			t.Errorf("model %q, %g s, input %v: err = %v, want ErrBadRequest", req.Model, req.Seconds, req.Input != nil, err)
		}
	}
	for _, req := range []generate.Request{
		{Prompt: "techno", Model: "1.1", Seconds: 4},
		{Prompt: "techno", Seconds: 4, Input: in, Strength: 0.8},
	} {
		b, err := e.Generate(ctx, req)
		if err != nil || b.Frames() != 4*44100 {
			t.Errorf("model %q: err %v", req.Model, err)
		}
	}
}

// A pack whose manifest does not describe its graph, or that is not a composer pack, is
// refused when opened, before ONNX Runtime sees it.
func TestOpenRefusesPacksItCannotDrive(t *testing.T) {
	if _, err := generate.LoadRuntime(""); err != nil {
		t.Fatal(err)
	}
	packs, err := generate.BuiltinComposerPacks()
	if err != nil {
		t.Fatal(err)
	}
	procedural, err := generate.BuiltinPack()
	if err != nil {
		t.Fatal(err)
	}
	lying := *packs[1]
	lying.Manifest.Inputs = lying.Manifest.Inputs[1:]
	for name, set := range map[string][]*generate.Pack{
		"none":              nil,
		"procedural":        {procedural},
		"wrong tensors":     {&lying},
		"one version twice": {packs[0], packs[0]},
	} {
		if e, err := Open(set...); !errors.Is(err, generate.ErrBadModel) {
			if e != nil {
				e.Close()
			}
			t.Errorf("%s: err = %v, want ErrBadModel", name, err)
		}
	}
}
