// Stable Audio Desktop: with no arguments it opens the app's window; with a subcommand
// (`stableaudio help`) it runs that command in the terminal instead.
package main

import (
	"context"
	"embed"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"

	"stableaudio/app"
	"stableaudio/app/cli"
	"stableaudio/backend/generate/builtin"
)

// version is set at build time by the Makefile (-ldflags "-X main.version=…").
var version = "0.1.0-dev"

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(builtin.SoftMemoryLimit)
	}
	cfg, err := app.ConfigFromEnv(version)
	if err != nil {
		fmt.Fprintln(os.Stderr, "stableaudio:", err)
		os.Exit(1)
	}
	if cli.IsCommand(os.Args[1:]) {
		os.Exit(cli.Run(context.Background(), cfg, os.Args[1:], os.Stdout, os.Stderr))
	}

	desktop := app.New(cfg)
	err = wails.Run(&options.App{
		Title:            "Stable Audio",
		Width:            1100,
		Height:           760,
		MinWidth:         800,
		MinHeight:        560,
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 18, G: 18, B: 24, A: 1},
		OnStartup:        desktop.Startup,
		OnDomReady:       desktop.DomReady,
		OnShutdown:       desktop.Shutdown,
		Bind:             []any{desktop},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "stableaudio:", err)
		os.Exit(1)
	}
}
