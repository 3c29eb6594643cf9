package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"stableaudio/app"
	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
)

func runGenerate(ctx context.Context, cfg app.Config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("generate", stderr)
	prompt := fs.String("prompt", "", "what to make: genre, mood, instruments, tempo, key (required)")
	seconds := fs.Float64("seconds", 8, "length of the track in seconds")
	seed := fs.Int64("seed", -1, "seed for a repeatable result (default: a random seed)")
	model := fs.String("model", "", "model pack version (default: the built-in pack)")
	out := fs.String("out", "", "WAV file to write (default: <prompt words>-<seed>.wav in this folder)")
	format := fs.String("format", "24", "WAV sample format: 16, 24 or float")
	if err := parse(fs, args); err != nil {
		return err
	}
	sampleFormat, err := audio.ParseSampleFormat(*format)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return errUsage
	}
	if strings.TrimSpace(*prompt) == "" {
		fmt.Fprintln(stderr, "stableaudio generate: --prompt is required")
		fs.Usage()
		return errUsage
	}
	req := generate.Request{Prompt: strings.TrimSpace(*prompt), Seconds: *seconds, Model: *model, Seed: *seed}
	if req.Seed < 0 {
		req.Seed = app.RandomSeed()
	}
	if *out == "" {
		*out = defaultFileName(req.Prompt, req.Seed)
	}
	// Find an unwritable destination before minutes of rendering, not after.
	if err := checkWritable(*out); err != nil {
		return err
	}

	local := app.OpenLocalEngine(cfg.RuntimeLibrary)
	defer local.Close()
	if err := local.Err(); err != nil {
		return err
	}
	req.OnProgress = func(p generate.Progress) {
		fmt.Fprintf(stderr, "\r%s %3d%%", p.Stage, 100*p.Done/max(p.Total, 1))
	}
	buf, err := local.Generate(ctx, req)
	fmt.Fprintln(stderr)
	if err != nil {
		return err
	}
	if err := audio.WriteWAVFile(*out, buf, sampleFormat); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %.3f s, %d Hz, %d channels, seed %d\n",
		*out, buf.Duration().Seconds(), buf.SampleRate, buf.Channels, req.Seed)
	return nil
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// defaultFileName names a track after the first words of its prompt and its seed.
func defaultFileName(prompt string, seed int64) string {
	words := strings.Fields(strings.Trim(nonWord.ReplaceAllString(strings.ToLower(prompt), " "), " "))
	if len(words) > 5 {
		words = words[:5]
	}
	slug := strings.Join(words, "-")
	if slug == "" {
		slug = "track"
	}
	return fmt.Sprintf("%s-%d.wav", slug, seed)
}

// checkWritable fails when a file cannot be created at path's folder.
func checkWritable(path string) error {
	dir := filepath.Dir(path)
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("cannot write %s: it is a folder; give a file name such as %s", path, filepath.Join(path, "track.wav"))
	}
	f, err := os.CreateTemp(dir, ".stableaudio-write-check-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	f.Close()
	return os.Remove(f.Name())
}
