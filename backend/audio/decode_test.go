package audio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSniffTellsFormatsByTheirFirstBytes(t *testing.T) {
	tests := []struct{ head, want string }{
		{"RIFF\x24\x00\x00\x00WAVEfmt ", "WAV"},
		{"FORM\x00\x00\x00\x00AIFFCOMM", "AIFF"},
		{"FORM\x00\x00\x00\x00AIFCFVER", "AIFF"},
		{"fLaC\x00\x00\x00\x22", "FLAC"},
		{"\xff\xfb\x90\x64", "MP3"},        // MPEG 1 layer III, 128 kbit/s, 44.1 kHz
		{"\xff\xf3\x40\xc4", "MP3"},        // MPEG 2 layer III, mono
		{"\xff\xe3\x40\xc4", "MPEG audio"}, // MPEG 2.5 layer III, which go-mp3 does not read
		{"\xff\xfb\x9c\x64", ""},           // sample rate index 3 is reserved
		{"\xff\xfb\xf0\x64", ""},           // bit rate index 15 is reserved
		{"\xff\xfb\x00\x64", ""},           // free-format bit rate
		{"RIFF\x24\x00\x00\x00AVI LIST", ""},
		{"FORM\x00\x00\x00\x00ILBMBMHD", ""},
		{"\x89PNG\r\n\x1a\n", ""},
		{"%PDF-1.7", ""},
		{"fLa", ""},
		{"", ""},
	}
	for _, tt := range ffmpegOnlyHeads {
		tests = append(tests, struct{ head, want string }{tt.head, tt.format})
	}
	for _, tt := range tests {
		if got := sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("sniff(%q) = %q, want %q", tt.head, got, tt.want)
		}
	}
}

func TestDecodeRejectsWhatIsNotAudio(t *testing.T) {
	tests := []struct{ name, file, want string }{
		{"empty", "", "the file is empty: format not supported"},
		{"text", "Hello, this is not audio at all.", "not an audio file this program recognises: format not supported; upload WAV, AIFF, FLAC or MP3"},
		{"PNG", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not an audio file this program recognises"},
		{"an ID3 tag and nothing else", string(id3v2(20)), "the file is empty"},
	}
	for _, tt := range tests {
		_, err := Decode(strings.NewReader(tt.file))
		if !errors.Is(err, ErrUnsupportedFormat) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want ErrUnsupportedFormat saying %q", tt.name, err, tt.want)
		}
	}
}

func TestDecodeRejectsFilesWithNoAudio(t *testing.T) {
	for name, file := range map[string][]byte{
		"WAV":  wavFile(NewBuffer(44100, 2, 0), sampleLayout{size: 2}, false),
		"AIFF": aiffFile(NewBuffer(44100, 2, 0), "", 16),
	} {
		_, err := Decode(bytes.NewReader(file))
		if want := "the " + name + " file holds no audio"; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want it to say %q", name, err, want)
		}
	}
}

func TestDecodeLimit(t *testing.T) {
	tests := []struct {
		rate, channels int
		wantSeconds    float64
	}{
		{44100, 2, MaxDecodeSeconds},
		{48000, 2, MaxDecodeSeconds},
		{48000, 1, MaxDecodeSeconds},
		{96000, 2, MaxDecodeSeconds / 2}, // the sample cap: 691 MB of float32
		{768000, 8, 28.125},
		{1, 1, MaxDecodeSeconds},
	}
	for _, tt := range tests {
		got := float64(decodeLimit(tt.rate, tt.channels)) / float64(tt.rate)
		if got != tt.wantSeconds {
			t.Errorf("%d Hz × %d channels: limit %g s, want %g s", tt.rate, tt.channels, got, tt.wantSeconds)
		}
		if samples := decodeLimit(tt.rate, tt.channels) * tt.channels; samples > maxDecodeSamples {
			t.Errorf("%d Hz × %d channels: %d samples allowed, over the cap", tt.rate, tt.channels, samples)
		}
	}
}

// At 1 Hz, half an hour is 1800 frames: the limit is tested without a big file.
func TestDecodeStopsAtMaxDecodeSeconds(t *testing.T) {
	for _, frames := range []int{MaxDecodeSeconds, MaxDecodeSeconds + 1} {
		files := map[string][]byte{
			"WAV":  wavFile(testSignal(1, 1, frames), sampleLayout{size: 2}, false),
			"AIFF": aiffFile(testSignal(1, 1, frames), "", 16),
		}
		for name, file := range files {
			b, err := Decode(bytes.NewReader(file))
			switch {
			case frames <= MaxDecodeSeconds && err != nil:
				t.Errorf("%s of %d s: %v", name, frames, err)
			case frames <= MaxDecodeSeconds && b.Frames() != frames:
				t.Errorf("%s of %d s: %d frames", name, frames, b.Frames())
			case frames > MaxDecodeSeconds && !errors.Is(err, ErrTooLong):
				t.Errorf("%s of %d s: err = %v, want ErrTooLong", name, frames, err)
			case frames > MaxDecodeSeconds && !strings.Contains(err.Error(), "trim it before uploading"):
				t.Errorf("%s of %d s: err = %q does not say what to do", name, frames, err)
			}
		}
	}
	// 30 minutes and 1 second of silence at 100 Hz in 660 bytes: compression does not get
	// around the limit.
	if _, err := Decode(bytes.NewReader(readFixture(t, "silence-1801s-mono-100hz.flac"))); !errors.Is(err, ErrTooLong) {
		t.Errorf("FLAC of 1801 s: err = %v, want ErrTooLong", err)
	}
}

func TestDecodeFileNamesThePath(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "take 1.wav")
	bad := filepath.Join(dir, "take 2.wav")
	if err := os.WriteFile(good, aiffFile(testSignal(44100, 2, 100), "sowt", 16), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("RIFF\x00\x00\x00\x00WAVE"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The name says WAV; the bytes say AIFF, and they win.
	if b, err := DecodeFile(good); err != nil || b.Frames() != 100 {
		t.Errorf("DecodeFile(%q) = %v, %v", good, b, err)
	}
	if _, err := DecodeFile(bad); err == nil || !strings.HasPrefix(err.Error(), bad+": ") {
		t.Errorf("err = %v, want it to start with the path", err)
	}
	if _, err := DecodeFile(filepath.Join(dir, "missing.wav")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
}

// failingReader gives some bytes, then fails as a dropped upload connection does.
type failingReader struct{ data []byte }

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, io.ErrClosedPipe
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestDecodePassesOnReadErrors(t *testing.T) {
	file := wavFile(testSignal(44100, 2, 1000), sampleLayout{size: 2}, false)
	_, err := Decode(&failingReader{data: file[:2000]})
	if !errors.Is(err, io.ErrClosedPipe) || !strings.Contains(err.Error(), "cannot read the audio data") {
		t.Errorf("err = %v, want the read error", err)
	}
}

func TestRecoverPanicTurnsPanicsIntoErrors(t *testing.T) {
	decode := func() (b *Buffer, err error) {
		defer recoverPanic("FLAC", &err)
		var s []int
		_ = s[3]
		return nil, nil
	}
	_, err := decode()
	if err == nil || !strings.Contains(err.Error(), "not a readable FLAC file: the decoder failed on damaged data (runtime error: index out of range") {
		t.Errorf("err = %v", err)
	}
}

func TestLibMessageDropsInternalNames(t *testing.T) {
	tests := []struct{ in, want string }{
		{"frame.Frame.parseHeader: invalid sync code", "invalid sync code"},
		{"mp3: only layer3 (want 1; got 3) is supported", "only layer3 (want 1; got 3) is supported"},
		{"meta.Block.Parse: flac: bad thing: here", "bad thing: here"},
		{"unexpected EOF", "unexpected EOF"},
		{"CRC-16 checksum mismatch; expected 0x1, got 0x2", "CRC-16 checksum mismatch; expected 0x1, got 0x2"},
	}
	for _, tt := range tests {
		if got := libMessage(errors.New(tt.in)); got != tt.want {
			t.Errorf("libMessage(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if err := libError("FLAC", fmt.Errorf("frame.New: %w", io.ErrUnexpectedEOF)); !strings.Contains(err.Error(), "cut short") {
		t.Errorf("an early end reads %q", err)
	}
}
