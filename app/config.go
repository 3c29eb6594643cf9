package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"stableaudio/backend/generate"
)

// EnvDataDir overrides where the app keeps its library (tests, portable installs).
const EnvDataDir = "STABLEAUDIO_DATA_DIR"

// ConfigFromEnv is the configuration of a normal start: the user's data folder unless
// STABLEAUDIO_DATA_DIR says otherwise, and the ONNX Runtime path from STABLEAUDIO_ORT_LIB.
func ConfigFromEnv(version string) (Config, error) {
	dir := os.Getenv(EnvDataDir)
	if dir == "" {
		var err error
		if dir, err = DefaultDataDir(); err != nil {
			return Config{}, err
		}
	}
	return Config{Version: version, DataDir: dir, RuntimeLibrary: os.Getenv(generate.EnvLibraryPath)}, nil
}

// DefaultDataDir is the per-user folder for the library, following each OS's convention:
// Linux $XDG_DATA_HOME/stable-audio (else ~/.local/share/stable-audio), macOS
// ~/Library/Application Support/Stable Audio, Windows %AppData%\Stable Audio.
func DefaultDataDir() (string, error) {
	if runtime.GOOS == "linux" || runtime.GOOS == "freebsd" {
		if xdg := os.Getenv("XDG_DATA_HOME"); xdg != "" {
			return filepath.Join(xdg, "stable-audio"), nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cannot find the home folder (set %s): %w", EnvDataDir, err)
		}
		return filepath.Join(home, ".local", "share", "stable-audio"), nil
	}
	base, err := os.UserConfigDir() // Application Support on macOS, %AppData% on Windows
	if err != nil {
		return "", fmt.Errorf("cannot find the user data folder (set %s): %w", EnvDataDir, err)
	}
	return filepath.Join(base, "Stable Audio"), nil
}

// DomReady is Wails' OnDomReady. The line it prints tells scripts driving the window that
// the UI can take input.
func (a *App) DomReady(context.Context) {
	fmt.Fprintln(os.Stderr, "stableaudio: window ready; library at", a.cfg.DataDir)
}
