package generate

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Environment variables that turn this test binary into a child process for
// TestLoadRuntimeBadLibrary. ONNX Runtime loads once per process, so a bad
// path can only be tried before the good one: in a fresh process.
const (
	childEnv   = "STABLEAUDIO_TEST_RUNTIME_CHILD"
	goodLibEnv = "STABLEAUDIO_TEST_GOOD_LIB"
	oldLibEnv  = "STABLEAUDIO_TEST_OLD_ORT_LIB"
)

func TestLibraryCandidates(t *testing.T) {
	t.Setenv(EnvLibraryPath, "")
	dir := t.TempDir()
	if got := libraryCandidates(dir); len(got) != 1 || got[0] != filepath.Join(dir, libraryName()) {
		t.Errorf("a directory argument: %v, want only the library inside it", got)
	}
	if got := libraryCandidates("rel/lib.so"); len(got) != 1 || !filepath.IsAbs(got[0]) {
		t.Errorf("a relative argument: %v, want one absolute path", got)
	}
	t.Setenv(EnvLibraryPath, "/from/env/lib.so")
	if got := libraryCandidates(""); len(got) != 1 || got[0] != "/from/env/lib.so" {
		t.Errorf("with %s set: %v, want only its value", EnvLibraryPath, got)
	}
	if got := libraryCandidates("/from/arg.so"); len(got) != 1 || got[0] != "/from/arg.so" {
		t.Errorf("an argument must win over %s: %v", EnvLibraryPath, got)
	}

	t.Setenv(EnvLibraryPath, "")
	got := libraryCandidates("")
	exe, _ := os.Executable()
	exe, _ = filepath.EvalSymlinks(exe)
	if got[0] != filepath.Join(filepath.Dir(exe), libraryName()) {
		t.Errorf("first candidate %s, want the executable's directory", got[0])
	}
	wd, _ := os.Getwd()
	dev := filepath.Join(filepath.Dir(filepath.Dir(filepath.Dir(wd))), "build", "onnxruntime", platformDir(), libraryName())
	if !contains(got, dev) {
		t.Errorf("candidates %v lack the checkout's %s", got, dev)
	}
}

func TestLoadRuntimeFindsCheckoutLibrary(t *testing.T) {
	rt, err := LoadRuntime("")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rt.Version, "1.") || rt.Path == "" {
		t.Errorf("runtime = %+v, want a 1.x version and its path", rt)
	}
	t.Logf("ONNX Runtime %s from %s", rt.Version, rt.Path)
}

// TestLoadRuntimeBadLibrary runs each bad library in a child process that
// then loads the good one, proving a failed load leaves nothing behind.
func TestLoadRuntimeBadLibrary(t *testing.T) {
	good, err := LoadRuntime("")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	textFile := filepath.Join(dir, libraryName())
	if err := os.WriteFile(textFile, []byte("not a library\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"text file":         textFile,
		"missing file":      filepath.Join(dir, "nowhere", libraryName()),
		"empty directory":   t.TempDir(),
		"other shared lib":  otherSharedLibrary(),
		"the test binary":   os.Args[0],
		"path with a space": filepath.Join(dir, "with space", "lib"),
		// An ORT older than 1.24 (e.g. onnxruntime-node@1.20.1's
		// libonnxruntime.so.1) is 70 MB to fetch, so that case is opt-in.
		"too old runtime": os.Getenv(oldLibEnv),
	}
	for name, bad := range cases {
		t.Run(name, func(t *testing.T) {
			if bad == "" {
				t.Skip("no such library here (set " + oldLibEnv + " for the too-old case)")
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestRuntimeChild$", "-test.v")
			cmd.Env = append(os.Environ(), childEnv+"=1", EnvLibraryPath+"="+bad, goodLibEnv+"="+good.Path)
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "--- PASS: TestRuntimeChild") {
				t.Fatalf("child with %s: %v\n%s", bad, err, out)
			}
			for _, line := range strings.Split(string(out), "\n") {
				if strings.Contains(line, ErrRuntimeUnavailable.Error()) {
					t.Log(strings.TrimSpace(line))
				}
			}
		})
	}
}

// TestRuntimeChild is the child side of TestLoadRuntimeBadLibrary.
func TestRuntimeChild(t *testing.T) {
	if os.Getenv(childEnv) == "" {
		t.Skip("runs only as TestLoadRuntimeBadLibrary's child process")
	}
	bad := os.Getenv(EnvLibraryPath)
	_, err := LoadRuntime("")
	if !errors.Is(err, ErrRuntimeUnavailable) {
		t.Fatalf("LoadRuntime(%s) = %v, want ErrRuntimeUnavailable", bad, err)
	}
	for _, want := range []string{bad, "make onnxruntime", EnvLibraryPath} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	t.Log(err)
	if _, err := NewONNXEngine(); !errors.Is(err, ErrRuntimeUnavailable) {
		t.Errorf("NewONNXEngine with a bad library = %v, want ErrRuntimeUnavailable", err)
	}

	e, err := NewONNXEngine(WithLibraryPath(os.Getenv(goodLibEnv)))
	if err != nil {
		t.Fatalf("the good library failed after the bad one: %v", err)
	}
	defer e.Close()
	if _, err := e.Generate(context.Background(), Request{Seconds: 0.1}); err != nil {
		t.Fatalf("generating after recovery: %v", err)
	}
}

// otherSharedLibrary is a real shared library that is not ONNX Runtime.
func otherSharedLibrary() string {
	var paths []string
	switch runtime.GOOS {
	case "linux":
		paths = []string{"/lib/x86_64-linux-gnu/libm.so.6", "/lib/aarch64-linux-gnu/libm.so.6", "/lib64/libm.so.6", "/usr/lib/libm.so.6"}
	case "darwin":
		paths = []string{"/usr/lib/libz.dylib"}
	case "windows":
		paths = []string{`C:\Windows\System32\kernel32.dll`}
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
