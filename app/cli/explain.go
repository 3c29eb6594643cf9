package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
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
	s := app.RandomSeed()
	if *seed != "" {
		n, err := strconv.ParseUint(*seed, 10, 32)
		if err != nil {
			fmt.Fprintf(stderr, "stableaudio explain: --seed %q is not a whole number from 0 to 4294967295\n", *seed)
			return errUsage
		}
		s = int64(n)
	}
	fmt.Fprintf(stdout, "Seed: %d\n%s\n", s, prompt.Understand(*text, *negative).Resolve(s).Explain())
	return nil
}
