package cli

import (
	"context"
	"fmt"
	"io"

	"stableaudio/app"
)

func runVersion(_ context.Context, cfg app.Config, args []string, stdout, stderr io.Writer) error {
	if err := parse(newFlags("version", stderr), args); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "stableaudio %s\n", cfg.Version)
	local := app.OpenLocalEngine(cfg.RuntimeLibrary)
	defer local.Close()
	if v := local.RuntimeVersion(); v != "" {
		fmt.Fprintf(stdout, "onnx runtime %s (%s)\n", v, local.RuntimePath())
	}
	if err := local.Err(); err != nil {
		fmt.Fprintf(stdout, "local generation unavailable: %v\n", err)
	}
	for _, m := range local.Models() {
		fmt.Fprintf(stdout, "model pack %s: %s, up to %.0f s\n", m.Version, m.Name, m.MaxSeconds)
	}
	fmt.Fprintf(stdout, "data folder %s\n", cfg.DataDir)
	return nil
}
