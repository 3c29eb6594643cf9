package app

import (
	"context"
	"errors"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// fileDialog asks the user for a file. The Wails runtime is the real one; tests fake it.
type fileDialog interface {
	// OpenFile asks for one existing file; "" when the user cancels.
	OpenFile(title string, filters []runtime.FileFilter) (string, error)
}

// wailsDialog opens the system's dialog over a running window.
type wailsDialog struct{ ctx context.Context }

func (w wailsDialog) OpenFile(title string, filters []runtime.FileFilter) (string, error) {
	return runtime.OpenFileDialog(w.ctx, runtime.OpenDialogOptions{Title: title, Filters: filters})
}

// noDialog is the app before its window starts: there is nothing to show a dialog over.
type noDialog struct{}

func (noDialog) OpenFile(string, []runtime.FileFilter) (string, error) {
	return "", errors.New("the app has no window to open a file dialog in")
}
