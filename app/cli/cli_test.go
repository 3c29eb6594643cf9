package cli

import (
	"bytes"
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"stableaudio/app"
	"stableaudio/backend/audio"
)

// Each case runs the CLI in a child process (this test binary, re-entered through
// TestMain), so exit codes and panics are observed as a user would see them, and each
// child loads ONNX Runtime afresh.
const childEnv = "STABLEAUDIO_CLI_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		cfg, err := app.ConfigFromEnv("test")
		if err != nil {
			os.Exit(99)
		}
		os.Exit(Run(context.Background(), cfg, os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

type result struct {
	code           int
	stdout, stderr string
}

func stableaudio(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), childEnv+"=1", app.EnvDataDir+"="+t.TempDir())
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(errb.String(), "panic:") || strings.Contains(errb.String(), "goroutine ") {
		t.Fatalf("stableaudio %v panicked:\n%s", args, errb.String())
	}
	return result{code, out.String(), errb.String()}
}

func TestGenerateWritesEightSecondsOfStereo(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.wav")
	r := stableaudio(t, nil, "generate", "--prompt", "warm lo-fi piano, 80 BPM", "--seconds", "8", "--out", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b, err := audio.ReadWAVFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if b.SampleRate != 44100 || b.Channels != 2 {
		t.Fatalf("wrote %d Hz, %d channels; want 44100 Hz stereo", b.SampleRate, b.Channels)
	}
	if d := b.Duration().Seconds(); math.Abs(d-8) > 0.010 {
		t.Fatalf("duration %.4f s, want 8 s ± 10 ms", d)
	}
	var sum float64
	for _, v := range b.Samples {
		sum += float64(v) * float64(v)
	}
	if rms := math.Sqrt(sum / float64(len(b.Samples))); rms < 0.01 {
		t.Fatalf("RMS %.5f: the track is (nearly) silent", rms)
	}
	if !strings.Contains(r.stdout, "seed ") {
		t.Errorf("the drawn seed is not reported: %q", r.stdout)
	}
}

func TestSeedsGiveDifferentFilesAndRepeat(t *testing.T) {
	dir := t.TempDir()
	render := func(name, seed string) []byte {
		out := filepath.Join(dir, name)
		r := stableaudio(t, nil, "generate", "--prompt", "warm lo-fi piano, 80 BPM", "--seconds", "2", "--seed", seed, "--out", out)
		if r.code != 0 {
			t.Fatalf("seed %s: exit %d: %s", seed, r.code, r.stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	one, two, oneAgain := render("1.wav", "1"), render("2.wav", "2"), render("1b.wav", "1")
	if bytes.Equal(one, two) {
		t.Error("seeds 1 and 2 gave the same file")
	}
	if !bytes.Equal(one, oneAgain) {
		t.Error("seed 1 twice gave different files")
	}
}

func TestBadInputFailsClearly(t *testing.T) {
	dir := t.TempDir()
	corrupt := corruptPack(t)
	lib := filepath.Join(dir, "libonnxruntime.so.1")
	if err := os.WriteFile(lib, []byte("not a library"), 0o644); err != nil {
		t.Fatal(err)
	}
	notAFolder := filepath.Join(dir, "file")
	os.WriteFile(notAFolder, nil, 0o644)
	out := filepath.Join(dir, "out.wav")
	short := filepath.Join(dir, "short.wav")
	if err := audio.WriteWAVFile(short, audio.NewBuffer(44100, 1, 44100), audio.PCM16); err != nil {
		t.Fatal(err)
	}
	phrase := writePhrase(t, dir)
	tests := []struct {
		name string
		env  []string
		args []string
		code int
		want string // in stderr
	}{
		{"zero seconds", nil, []string{"--seconds", "0"}, 1, "from 1 to 190 seconds"},
		{"ten thousand seconds", nil, []string{"--seconds", "10000"}, 1, "from 1 to 190 seconds"},
		{"seconds not a number", nil, []string{"--seconds", "ten"}, 2, "invalid value"},
		{"negative seed", nil, []string{"--seed", "-4"}, 2, "not a whole number"},
		{"no prompt", nil, []string{"--prompt", " "}, 2, "--prompt is required"},
		{"missing folder", nil, []string{"--out", filepath.Join(dir, "nope", "x.wav")}, 1, "does not exist"},
		{"parent is a file", nil, []string{"--out", filepath.Join(notAFolder, "x.wav")}, 1, "does not exist"},
		{"out is a folder", nil, []string{"--out", dir}, 1, "it is a folder"},
		{"corrupt model", nil, []string{"--pack", corrupt}, 1, "corrupt"},
		{"missing runtime", []string{"STABLEAUDIO_ORT_LIB=" + filepath.Join(dir, "none.so")}, nil, 1, "make onnxruntime"},
		{"wrong runtime", []string{"STABLEAUDIO_ORT_LIB=" + lib}, nil, 1, "make onnxruntime"},
		{"unknown flag", nil, []string{"--bpm", "80"}, 2, "flag provided but not defined"},
		{"missing input", nil, []string{"--input", filepath.Join(dir, "none.wav")}, 1, "cannot read the input recording"},
		{"input not audio", nil, []string{"--input", notAFolder}, 1, "the input recording"},
		{"input too short", nil, []string{"--input", short}, 1, "needs at least 2 s"},
		{"strength out of range", nil, []string{"--input", phrase, "--strength", "2"}, 1, "strength 2 is out of range"},
		{"input to a model that cannot follow", nil, []string{"--input", phrase, "--model", "1.0"}, 1, "cannot follow input audio"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"generate", "--prompt", "dark techno", "--seconds", "1", "--out", out}, tc.args...)
			r := stableaudio(t, tc.env, args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", r.code, r.stderr, tc.code, tc.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Fatal("a failed run left an output file")
			}
		})
	}
}

// Audio to audio from the command line: a recorded phrase and a prompt make a track.
func TestGenerateFollowsAnInputRecording(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.wav")
	r := stableaudio(t, nil, "generate", "--prompt", "techno", "--negative", "lead synth", "--input", writePhrase(t, dir),
		"--strength", "1", "--seconds", "6", "--seed", "3", "--out", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b, err := audio.ReadWAVFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if d := b.Duration().Seconds(); math.Abs(d-6) > 0.01 {
		t.Fatalf("duration %.3f s, want 6", d)
	}
}

// writePhrase writes six seconds of a plucked A minor arpeggio at 100 BPM as a WAV file.
func writePhrase(t *testing.T, dir string) string {
	const rate = 44100
	b := audio.NewBuffer(rate, 1, 6*rate)
	pitches := []float64{57, 60, 64, 69, 64, 60, 57, 52}
	for i := range b.Frames() {
		beat := float64(i) / rate * 100 / 60
		note := int(beat * 2) // eighth notes
		since := (beat*2 - float64(note)) * 0.3
		hz := 440 * math.Pow(2, (pitches[note%len(pitches)]-69)/12)
		b.Samples[i] = float32(0.4 * math.Exp(-since*8) * math.Sin(2*math.Pi*hz*float64(i)/rate))
	}
	path := filepath.Join(dir, "phrase.wav")
	if err := audio.WriteWAVFile(path, b, audio.PCM16); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestVersionAndHelp(t *testing.T) {
	r := stableaudio(t, nil, "version")
	if r.code != 0 || !strings.Contains(r.stdout, "onnx runtime 1.") || !strings.Contains(r.stdout, "model pack 2.0") || !strings.Contains(r.stdout, "model pack 1.0") {
		t.Fatalf("version: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = stableaudio(t, []string{"STABLEAUDIO_ORT_LIB=/nonexistent"}, "version")
	if r.code != 0 || !strings.Contains(r.stdout, "local generation unavailable") {
		t.Fatalf("version without a runtime must still print and say why: exit %d\n%s", r.code, r.stdout)
	}
	if r := stableaudio(t, nil, "help"); r.code != 0 || !strings.Contains(r.stdout, "generate") {
		t.Fatalf("help: exit %d %q", r.code, r.stdout)
	}
	if r := stableaudio(t, nil, "generat"); r.code != 2 {
		t.Fatalf("a misspelt command: exit %d, want 2", r.code)
	}
}

// corruptPack copies the built-in pack to a temporary folder and damages its graph.
func corruptPack(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "backend", "generate", "packs", "builtin-1.0")
	dst := t.TempDir()
	for _, name := range []string{"manifest.json", "model.onnx"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "model.onnx" {
			for i := len(data) / 3; i < len(data)/3+64; i++ {
				data[i] ^= 0xff
			}
		}
		if err := os.WriteFile(filepath.Join(dst, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func TestExplainSaysWhatWasUnderstood(t *testing.T) {
	r := stableaudio(t, nil, "explain", "--prompt", "a dark techno loop at 128 BPM in F# minor, no drums", "--seed", "7")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"Seed: 7", "128 BPM", "F# minor", "techno", "Loop: yes"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("explain output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(strings.SplitN(strings.SplitN(r.stdout, "Instruments:", 2)[1], "\n", 2)[0], "drums,") {
		t.Errorf("drums listed although excluded:\n%s", r.stdout)
	}
	same := stableaudio(t, nil, "explain", "--prompt", "a dark techno loop at 128 BPM in F# minor, no drums", "--seed", "7")
	if same.stdout != r.stdout {
		t.Error("the same prompt and seed explained differently")
	}
	if r := stableaudio(t, nil, "explain"); r.code != 2 {
		t.Errorf("explain without a prompt: exit %d, want 2", r.code)
	}
}
