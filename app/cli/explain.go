package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"stableaudio/app"
	"stableaudio/backend/generate/prompt"
)

// runExplain prints what the built-in model understands from a prompt, and what the seed
// fills in where the prompt is silent.
func runExplain(_ context.Context, _ app.Config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("explain", stderr)
	text := fs.String("prompt", "", "the prompt to explain (required)")
	negative := fs.String("negative", "", "the negative prompt: what to leave out")
	seed := fs.String("seed", "", "seed that fills in what the prompt leaves open (default: a random seed)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*text) == "" {
		fmt.Fprintln(stderr, "stableaudio explain: --prompt is required")
		return errUsage
	}
	s, err := seedFlag("explain", *seed, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Seed: %d\n%s\n", s, prompt.Understand(*text, *negative).Resolve(s).Explain())
	return nil
}
