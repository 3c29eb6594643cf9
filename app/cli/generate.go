package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"stableaudio/app"
	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
)

func runGenerate(ctx context.Context, cfg app.Config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("generate", stderr)
	prompt := fs.String("prompt", "", "what to make: genre, mood, instruments, tempo, key (required)")
	negative := fs.String("negative", "", "what to leave out: instruments, genres, moods")
	input := fs.String("input", "", "WAV recording to follow (audio to audio, model 2.0)")
	strength := fs.Float64("strength", 0.7, "with --input: how much of the recording to keep, 0 (only the prompt) to 1 (its tempo, key, rhythm and melody)")
	seconds := fs.Float64("seconds", 8, "length of the track in seconds")
	seed := fs.String("seed", "", "seed for a repeatable result, 0 to 4294967295 (default: a random seed)")
	model := fs.String("model", "", "model pack version (default: the built-in pack, or --pack's)")
	pack := fs.String("pack", "", "folder of a model pack to use instead of the built-in one")
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
	s, err := seedFlag("generate", *seed, stderr)
	if err != nil {
		return err
	}
	req := generate.Request{Prompt: strings.TrimSpace(*prompt), Negative: strings.TrimSpace(*negative), Seconds: *seconds, Model: *model, Seed: s}
	if *input != "" {
		if req.Input, err = readInput(*input); err != nil {
			return err
		}
		req.Strength = *strength
	}
	if *out == "" {
		*out = defaultFileName(req.Prompt, req.Seed)
	}
	// Find an unwritable destination before minutes of rendering, not after.
	if err := checkWritable(*out); err != nil {
		return err
	}

	var packDirs []string
	if *pack != "" {
		packDirs = append(packDirs, *pack)
	}
	local := app.OpenLocalEngine(cfg.RuntimeLibrary, packDirs...)
	defer local.Close()
	if err := local.Err(); err != nil {
		return err
	}
	if *pack != "" && req.Model == "" {
		p, err := generate.OpenPack(*pack) // read fine a moment ago by the engine
		if err != nil {
			return err
		}
		req.Model = p.Manifest.Version
	}
	progressShown := false
	req.OnProgress = func(p generate.Progress) {
		fmt.Fprintf(stderr, "\r%s %3d%%", p.Stage, 100*p.Done/max(p.Total, 1))
		progressShown = true
	}
	buf, err := local.Generate(ctx, req)
	if progressShown {
		fmt.Fprintln(stderr)
	}
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

// readInput reads the recording for audio to audio.
func readInput(path string) (*audio.Buffer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the input recording: %w", err)
	}
	defer f.Close()
	b, err := audio.ReadWAV(f)
	if err != nil {
		return nil, fmt.Errorf("the input recording %s: %w", path, err)
	}
	return b, nil
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
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("cannot write %s: it is a folder; give a file name such as %s", path, filepath.Join(path, "track.wav"))
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("cannot write %s: the folder %s does not exist", path, dir)
	}
	f, err := os.CreateTemp(dir, ".stableaudio-write-check-*")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// seedFlag reads a --seed value: a whole number below 2^32, or a fresh random seed when empty.
func seedFlag(command, value string, stderr io.Writer) (int64, error) {
	if value == "" {
		return app.RandomSeed(), nil
	}
	n, err := strconv.ParseUint(value, 10, 32)
	if err != nil {
		fmt.Fprintf(stderr, "stableaudio %s: --seed %q is not a whole number from 0 to 4294967295\n", command, value)
		return 0, errUsage
	}
	return int64(n), nil
}
