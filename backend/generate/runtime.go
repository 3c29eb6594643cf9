package generate

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	ort "github.com/yalue/onnxruntime_go"
)

// EnvLibraryPath names the environment variable that points at the ONNX
// Runtime shared library (or the directory holding it).
const EnvLibraryPath = "STABLEAUDIO_ORT_LIB"

// fixHint ends every ErrRuntimeUnavailable message: the two ways to fix it.
const fixHint = "run `make onnxruntime` (build/onnxruntime/fetch.sh) or set " +
	EnvLibraryPath + " to the library's path"

// Runtime is the ONNX Runtime this process loaded.
type Runtime struct {
	Path    string // the shared library file
	Version string // as the library reports it, e.g. "1.24.3"
}

// ortState guards onnxruntime_go, whose environment is process-global and
// may be initialised only once.
var ortState struct {
	mu     sync.Mutex
	loaded *Runtime
}

// LoadRuntime loads and initialises ONNX Runtime once per process and
// returns it; later calls return the runtime already loaded, whatever path
// they pass (a process cannot swap runtimes, so a changed setting needs a
// restart).
//
// libraryPath, when set, is the only place tried (a file, or a directory
// holding the platform's library); otherwise $STABLEAUDIO_ORT_LIB likewise.
// With neither, it tries, in order: next to the executable, then
// build/onnxruntime/<platform>/ in the working directory and each directory
// above it, then likewise from the executable's directory (a development
// checkout).
//
// A failed attempt leaves nothing behind (onnxruntime_go unloads a library
// it could not use), so a later call with a good path still succeeds. All
// failures wrap ErrRuntimeUnavailable and say what was tried and how to fix it.
func LoadRuntime(libraryPath string) (Runtime, error) {
	ortState.mu.Lock()
	defer ortState.mu.Unlock()
	if ortState.loaded != nil {
		return *ortState.loaded, nil
	}
	var failed, missing []string
	for _, path := range libraryCandidates(libraryPath) {
		if _, err := os.Stat(path); err != nil {
			missing = append(missing, path)
			continue
		}
		if err := initialize(path); err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", path, err))
			continue
		}
		rt := Runtime{Path: path, Version: ort.GetVersion()}
		ortState.loaded = &rt
		return rt, nil
	}
	var tried []string
	if len(failed) > 0 {
		tried = append(tried, "could not load "+strings.Join(failed, "; "))
	}
	if len(missing) > 0 {
		tried = append(tried, "not found: "+strings.Join(missing, ", "))
	}
	return Runtime{}, fmt.Errorf("%w: found no usable ONNX Runtime %s+ library (%s); to fix, %s",
		ErrRuntimeUnavailable, minRuntimeVersion, strings.Join(tried, "; "), fixHint)
}

// minRuntimeVersion is the oldest runtime onnxruntime_go v1.27 can drive: it
// asks the library for C API version 24.
const minRuntimeVersion = "1.24"

// initialize makes one attempt at path. The recover is a last line of
// defence: the binding returns errors, but a panic here must not take the
// app down just because a library file is broken.
func initialize(path string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("loading panicked: %v", r)
		}
	}()
	ort.SetSharedLibraryPath(path)
	if err := ort.InitializeEnvironment(); err != nil {
		return explainLoadError(err)
	}
	return nil
}

// explainLoadError turns the binding's messages into what the user needs.
func explainLoadError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "Error setting ORT API base: 2"):
		// GetApi returned NULL: the library predates the C API we ask for.
		return fmt.Errorf("this ONNX Runtime is older than %s", minRuntimeVersion)
	case strings.Contains(msg, "OrtGetApiBase"):
		return fmt.Errorf("not an ONNX Runtime library (no OrtGetApiBase)")
	}
	// Keep only the loader's own reason, e.g. "invalid ELF header".
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.Contains(msg, "Error loading ONNX shared library") {
		return fmt.Errorf("%s", msg[i+2:])
	}
	return err
}

// libraryCandidates lists the files LoadRuntime tries, in order, without
// duplicates.
func libraryCandidates(explicit string) []string {
	name := libraryName()
	if explicit == "" {
		explicit = os.Getenv(EnvLibraryPath)
	}
	if explicit != "" {
		// A setting names one library; quietly using another would hide
		// the mistake, so nothing else is tried.
		if st, err := os.Stat(explicit); err == nil && st.IsDir() {
			explicit = filepath.Join(explicit, name)
		}
		return []string{absolute(explicit)}
	}
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if p = absolute(p); !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	var roots []string
	if exe, err := os.Executable(); err == nil {
		if resolved, err := filepath.EvalSymlinks(exe); err == nil {
			exe = resolved
		}
		dir := filepath.Dir(exe)
		add(filepath.Join(dir, name))
		if runtime.GOOS == "darwin" {
			// In a .app bundle the binary is in Contents/MacOS and
			// libraries belong in Contents/Frameworks.
			add(filepath.Join(dir, "..", "Frameworks", name))
		}
		roots = append(roots, dir)
	}
	if wd, err := os.Getwd(); err == nil {
		roots = append([]string{wd}, roots...)
	}
	if platform := platformDir(); platform != "" {
		for _, root := range roots {
			for dir := root; ; dir = filepath.Dir(dir) {
				add(filepath.Join(dir, "build", "onnxruntime", platform, name))
				if filepath.Dir(dir) == dir {
					break
				}
			}
		}
	}
	return out
}

// absolute makes p absolute, because dlopen searches the system library
// path, not the working directory, for a name without a slash.
func absolute(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

// libraryName is the runtime's file name as build/onnxruntime/fetch.sh
// installs it on this OS.
func libraryName() string {
	switch runtime.GOOS {
	case "windows":
		return "onnxruntime.dll"
	case "darwin":
		return "libonnxruntime.dylib"
	default:
		return "libonnxruntime.so.1"
	}
}

// platformDir is this machine's directory under build/onnxruntime, or ""
// for a platform fetch.sh has no library for.
func platformDir() string {
	arch := map[string]string{"amd64": "x64", "arm64": "arm64"}[runtime.GOARCH]
	switch {
	case arch == "":
		return ""
	case runtime.GOOS == "linux", runtime.GOOS == "windows":
		return runtime.GOOS + "-" + arch
	case runtime.GOOS == "darwin" && arch == "arm64":
		return "darwin-arm64"
	}
	return ""
}
