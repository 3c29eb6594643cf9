package audio

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The first bytes of the formats only ffmpeg decodes here, each padded to a dozen bytes.
var ffmpegOnlyHeads = []struct{ format, head string }{
	{"Ogg", "OggS\x00\x02\x00\x00\x00\x00\x00\x00"},
	{"WebM/Matroska", "\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81"},
	{"MP4/M4A", "\x00\x00\x00\x20ftypM4A \x00\x00"},
	{"CAF", "caff\x00\x01\x00\x00desc"},
	{"AAC", "\xff\xf1\x50\x80\x02\x1f\xfc\x00\x00\x00\x00\x00"},
	{"RF64 WAV", "RF64\xff\xff\xff\xffWAVE"},
	{"MPEG audio", "\xff\xfd\x90\x00\x00\x00\x00\x00\x00\x00\x00\x00"}, // layer II
}

func TestDecodeWithoutFFmpegSaysWhatToDo(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	for _, tt := range ffmpegOnlyHeads {
		_, err := Decode(strings.NewReader(tt.head + "and the rest of the file"))
		if !errors.Is(err, ErrUnsupportedFormat) {
			t.Errorf("%s: err = %v, want ErrUnsupportedFormat", tt.format, err)
			continue
		}
		if want := tt.format + ": format not supported; install ffmpeg or convert to WAV/FLAC/MP3"; !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %q, want it to say %q", tt.format, err, want)
		}
	}
}

// fakeFFmpeg puts a script named ffmpeg first on PATH that runs body with /bin and
// /usr/bin on its own PATH, and returns the folder it is in.
func fakeFFmpeg(t *testing.T, body string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake ffmpeg is a shell script")
	}
	dir := t.TempDir()
	script := "#!/bin/sh\nPATH=/usr/bin:/bin\ncd '" + dir + "'\n" + body + "\n"
	if err := os.WriteFile(filepath.Join(dir, "ffmpeg"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return dir
}

// streamedWAV is b as ffmpeg writes 32-bit float to a pipe: an extensible fmt chunk, a
// LIST chunk, and 0xFFFFFFFF for the sizes it cannot go back to fill in.
func streamedWAV(b *Buffer) []byte {
	list := riffChunk("LIST", []byte("INFOISFT\x0e\x00\x00\x00Lavf59.27.100\x00"))
	file := wavFile(b, sampleLayout{size: 4, float: true}, true, list)
	binary.LittleEndian.PutUint32(file[4:], 0xffffffff)
	binary.LittleEndian.PutUint32(file[12+8+40+len(list)+4:], 0xffffffff)
	return file
}

func TestDecodeThroughFFmpeg(t *testing.T) {
	dir := fakeFFmpeg(t, `printf '%s\n' "$@" > args; while [ "$1" != -i ]; do shift; done; cp "${2#file:}" input; cat out.wav`)
	src := testSignal(48000, 2, 4800)
	if err := os.WriteFile(filepath.Join(dir, "out.wav"), streamedWAV(src), 0o644); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	upload := "OggS" + strings.Repeat("\x00opus data", 10000) // more than one read buffer
	got, err := Decode(strings.NewReader(upload))
	if err != nil {
		t.Fatal(err)
	}
	assertSamples(t, got, src, 0)
	input, _ := os.ReadFile(filepath.Join(dir, "input"))
	if string(input) != upload {
		t.Errorf("ffmpeg read %d bytes, want the %d of the upload", len(input), len(upload))
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("the copy for ffmpeg was left behind: %v", left)
	}
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	for _, want := range []string{"-nostdin\n", "-f\nogg\n-protocol_whitelist\nfile\n-i\nfile:" + tmp,
		"-map\n0:a:0\n", "-t\n1801\n", "-c:a\npcm_f32le\n-f\nwav\npipe:1\n"} {
		if !strings.Contains(string(args), want) {
			t.Errorf("ffmpeg ran with\n%s\nwant %q among the arguments", args, want)
		}
	}
}

// Every format handed to ffmpeg is read with the demuxer its first bytes announced.
func TestEveryFFmpegFormatHasItsDemuxer(t *testing.T) {
	for _, tt := range ffmpegOnlyHeads {
		if ffmpegDemuxers[tt.format] == "" {
			t.Errorf("no ffmpeg demuxer for %s", tt.format)
		}
	}
}

func TestSpoolRefusesFilesOverItsLimit(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	_, err := spool(strings.NewReader(strings.Repeat("x", 3<<20)), 2<<20)
	if !errors.Is(err, ErrTooLong) || !strings.Contains(err.Error(), "larger than 2 MiB") {
		t.Errorf("err = %v, want ErrTooLong", err)
	}
	if left, _ := os.ReadDir(os.Getenv("TMPDIR")); len(left) != 0 {
		t.Errorf("the refused copy was left behind: %v", left)
	}
}

func TestDecodeThroughFFmpegReportsFailures(t *testing.T) {
	tooLong := wavFile(NewBuffer(1, 1, MaxDecodeSeconds+1), sampleLayout{size: 4, float: true}, true)
	tests := []struct {
		name, script string
		want         string
		tooLong      bool
	}{
		{"ffmpeg fails", `echo "Invalid data found when processing input" >&2; exit 1`,
			"ffmpeg cannot decode the Ogg file: Invalid data found when processing input (exit status 1); convert it to WAV/FLAC/MP3", false},
		{"ffmpeg fails silently", `exit 183`, "ffmpeg cannot decode the Ogg file: no message (exit status 183)", false},
		{"ffmpeg writes no WAV", `echo "not a wav"`, "cannot read ffmpeg's output for the Ogg file: not a readable WAV file", false},
		{"ffmpeg's output is too long", `cat too-long.wav`, "more than 30 minutes of 1-channel audio at 1 Hz", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fakeFFmpeg(t, tt.script)
			if err := os.WriteFile(filepath.Join(dir, "too-long.wav"), tooLong, 0o644); err != nil {
				t.Fatal(err)
			}
			b, err := Decode(strings.NewReader("OggS and some Vorbis"))
			if err == nil {
				t.Fatalf("decoded %d frames, want an error", b.Frames())
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to say %q", err, tt.want)
			}
			if errors.Is(err, ErrTooLong) != tt.tooLong {
				t.Errorf("errors.Is(%q, ErrTooLong) = %v, want %v", err, !tt.tooLong, tt.tooLong)
			}
		})
	}
}

// A stuck ffmpeg is killed at the timeout, and Decode returns soon after even when a
// child of it still holds the pipes open.
func TestFFmpegIsStoppedAtItsTimeout(t *testing.T) {
	dir := fakeFFmpeg(t, `sleep 5`)
	start := time.Now()
	_, err := ffmpegDecoder{path: filepath.Join(dir, "ffmpeg"), timeout: 200 * time.Millisecond}.decode("upload.ogg", "Ogg")
	if err == nil || !strings.Contains(err.Error(), "ffmpeg took more than 200ms to decode the Ogg file") {
		t.Errorf("err = %v, want the timeout", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Decode returned after %v", took)
	}
}
