//go:build e2e

// Package e2e drives the built desktop app in a real window, as a producer would: under a
// virtual X display, it types a prompt, generates, and checks the track reaches the
// library, then photographs the window. `make e2e` builds the app and runs it.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stableaudio/app/cache"
)

const prompt = "warm lo-fi piano, 80 BPM"

func TestPromptToLibraryInTheRealWindow(t *testing.T) {
	bin := appBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	dataDir := t.TempDir()
	shots := shotsDir(t)
	display, win := startApp(t, ctx, bin, dataDir)
	before := settledScreenshot(t, ctx, display, win, filepath.Join(shots, "window-before.png"),
		func(img []byte) bool { return !uniform(t, img) })

	// The prompt box has the focus when the page loads; the window needs the keyboard.
	x(t, display, "xdotool", "windowfocus", "--sync", win)
	x(t, display, "xdotool", "type", "--delay", "15", prompt)
	x(t, display, "xdotool", "key", "Return")

	track := waitForTrack(t, ctx, filepath.Join(dataDir, "library.db"))
	if track.Prompt != prompt || track.Seconds < 7.99 || track.Seconds > 8.01 {
		t.Fatalf("library got %q of %.3f s, want %q of 8 s", track.Prompt, track.Seconds, prompt)
	}
	if st, err := os.Stat(track.FilePath); err != nil || st.Size() < 8*44100*2*3 {
		t.Fatalf("track audio %s: %v", track.FilePath, err)
	}

	// Wait for the window to settle showing the new library, then keep its picture.
	after := filepath.Join(shots, "window-after.png")
	last := settledScreenshot(t, ctx, display, win, after, func(img []byte) bool { return !bytes.Equal(img, before) })
	// The library panel (the right part of the window) must show something it did not:
	// the new row with its waveform. The prompt box changed too, so only that part counts.
	if n := changedPixels(t, before, last, 0.4); n < 2000 {
		t.Fatalf("the library panel barely changed (%d pixels): the track is not shown", n)
	}
	t.Logf("screenshot of the window with the new track: %s (%d bytes; %d library pixels changed)", after, len(last), changedPixels(t, before, last, 0.4))
}

func appBinary(t *testing.T) string {
	bin := os.Getenv("STABLEAUDIO_BIN")
	if bin == "" {
		t.Fatal("set STABLEAUDIO_BIN to the built app (make e2e does)")
	}
	return bin
}

// shotsDir is where screenshots are kept: STABLEAUDIO_E2E_SHOTS (build/e2e with make e2e).
func shotsDir(t *testing.T) string {
	shots := os.Getenv("STABLEAUDIO_E2E_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	return shots
}

// startApp runs the app on a new virtual display with its data in dataDir, waits for its
// page to load, and returns the display and the window's id.
func startApp(t *testing.T, ctx context.Context, bin, dataDir string) (display, window string) {
	display = startXvfb(t, ctx)
	appCmd := exec.CommandContext(ctx, bin)
	appCmd.Env = append(os.Environ(), "DISPLAY="+display, "STABLEAUDIO_DATA_DIR="+dataDir)
	ready := watchStderr(t, appCmd, "window ready")
	if err := appCmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { appCmd.Process.Kill(); appCmd.Wait() })
	select {
	case <-ready:
	case <-ctx.Done():
		t.Fatal("the window did not load its page")
	}
	win := strings.Fields(x(t, display, "xdotool", "search", "--sync", "--onlyvisible", "--name", "^Stable Audio$"))
	if len(win) == 0 {
		t.Fatal("no window named Stable Audio")
	}
	return display, win[0]
}

// settledScreenshot photographs the window until two pictures in a row are the same and
// ok accepts it: the page has finished drawing.
func settledScreenshot(t *testing.T, ctx context.Context, display, window, path string, ok func([]byte) bool) []byte {
	t.Helper()
	var last []byte
	for {
		img := screenshot(t, display, window, path)
		if bytes.Equal(img, last) && ok(img) {
			return img
		}
		last = img
		select {
		case <-ctx.Done():
			t.Fatalf("the window never settled (%s)", path)
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// uniform reports a picture of one colour: a window whose page has not drawn yet.
func uniform(t *testing.T, data []byte) bool {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	r := img.Bounds()
	first := img.At(r.Min.X, r.Min.Y)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.At(x, y) != first {
				return false
			}
		}
	}
	return true
}

// changedPixels counts the pixels that differ between two PNGs of one window, right of
// the given fraction of its width.
func changedPixels(t *testing.T, a, b []byte, fromX float64) int {
	t.Helper()
	imgA, errA := png.Decode(bytes.NewReader(a))
	imgB, errB := png.Decode(bytes.NewReader(b))
	if errA != nil || errB != nil || imgA.Bounds() != imgB.Bounds() {
		t.Fatalf("screenshots do not compare: %v %v", errA, errB)
	}
	r := imgA.Bounds()
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X + int(fromX*float64(r.Dx())); x < r.Max.X; x++ {
			if imgA.At(x, y) != imgB.At(x, y) {
				n++
			}
		}
	}
	return n
}

// startXvfb starts a virtual display and returns its name, e.g. ":3".
func startXvfb(t *testing.T, ctx context.Context) string {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, "Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting Xvfb (apt-get install xvfb): %v", err)
	}
	w.Close()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb did not report its display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// watchStderr copies the app's stderr to the test log and signals when want appears.
func watchStderr(t *testing.T, cmd *exec.Cmd, want string) <-chan struct{} {
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	seen := make(chan struct{})
	go func() {
		s := bufio.NewScanner(pipe)
		for s.Scan() {
			fmt.Fprintln(os.Stderr, "app:", s.Text())
			if seen != nil && strings.Contains(s.Text(), want) {
				close(seen)
				seen = nil
			}
		}
	}()
	return seen
}

// x runs an X client on the display and returns its output.
func x(t *testing.T, display string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// screenshot photographs the window into path and returns the image's bytes.
func screenshot(t *testing.T, display, window, path string) []byte {
	t.Helper()
	x(t, display, "import", "-window", window, path)
	img, err := os.ReadFile(path)
	if err != nil || len(img) == 0 {
		t.Fatalf("screenshot %s is empty: %v", path, err)
	}
	return img
}

// waitForTrack polls the app's library until a track appears.
func waitForTrack(t *testing.T, ctx context.Context, dbPath string) cache.Track {
	for {
		if db, err := cache.Open(ctx, dbPath); err == nil {
			tracks, err := db.Tracks(ctx)
			db.Close()
			if err == nil && len(tracks) > 0 {
				return tracks[0]
			}
		}
		select {
		case <-ctx.Done():
			t.Fatal("no track reached the library after pressing Enter in the prompt")
		case <-time.After(250 * time.Millisecond):
		}
	}
}
