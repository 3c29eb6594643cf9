package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedPackIsCurrent regenerates the pack and compares it with the
// committed files, so a change to the synth or the manifest format that was
// not followed by `go generate` fails here rather than shipping stale audio.
func TestCommittedPackIsCurrent(t *testing.T) {
	dir := t.TempDir()
	if err := writePacks(dir); err != nil {
		t.Fatal(err)
	}
	versions := []string{packVersion}
	for _, p := range composerPacks {
		versions = append(versions, p.version)
	}
	for _, v := range versions {
		for _, name := range []string{"model.onnx", "manifest.json", "README.md"} {
			want, err := os.ReadFile(filepath.Join(dir, packDir(v), name))
			if err != nil {
				t.Fatal(err)
			}
			committed := filepath.Join("..", "..", "packs", packDir(v), name)
			got, err := os.ReadFile(committed)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s is missing or stale (%v); run: go generate ./backend/generate/...", committed, err)
			}
		}
	}
}
