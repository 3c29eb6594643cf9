package audio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

const (
	// ffmpegTimeout bounds one ffmpeg run, start to last byte. Decoding half an hour of
	// Opus or AAC takes seconds on one core; the rest is room for a slow machine, while a
	// stuck process is still ended.
	ffmpegTimeout = 2 * time.Minute

	// maxSpoolBytes bounds the copy of an upload that ffmpeg reads. ffmpeg needs a file
	// it can seek in (an M4A whose index comes last cannot be read from a pipe), and half
	// an hour of even 24-bit 192 kHz lossless stereo fits in 2 GiB.
	maxSpoolBytes = 2 << 30
)

// ffmpegDemuxers pins ffmpeg's demuxer to the format the first bytes announced, so that a
// file cannot talk ffmpeg's prober into a playlist or another format that opens more
// files; the keys are sniff's names.
var ffmpegDemuxers = map[string]string{
	"RF64 WAV":      "wav",
	"Ogg":           "ogg",
	"WebM/Matroska": "matroska",
	"MP4/M4A":       "mov",
	"CAF":           "caf",
	"AAC":           "aac",
	"MPEG audio":    "mp3", // layers I and II too
}

// decodeWithFFmpeg decodes a format this package does not read itself with the ffmpeg on
// PATH, or says how to do without one. format is sniff's name for it.
func decodeWithFFmpeg(r io.Reader, format string) (*Buffer, error) {
	path, err := exec.LookPath("ffmpeg")
	if err != nil {
		return nil, fmt.Errorf("audio: %s: %w; install ffmpeg or convert to WAV/FLAC/MP3", format, ErrUnsupportedFormat)
	}
	input, err := spool(r, maxSpoolBytes)
	if err != nil {
		return nil, err
	}
	defer os.Remove(input)
	return ffmpegDecoder{path: path, timeout: ffmpegTimeout}.decode(input, format)
}

// spool copies r, at most limit bytes of it, to a temporary file for ffmpeg and returns
// the file's name.
func spool(r io.Reader, limit int64) (string, error) {
	f, err := os.CreateTemp("", "stableaudio-upload-*")
	if err != nil {
		return "", fmt.Errorf("audio: cannot make a temporary copy of the file for ffmpeg: %w", err)
	}
	n, err := io.Copy(f, io.LimitReader(r, limit+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
		os.Remove(f.Name())
		return "", fmt.Errorf("audio: cannot make a temporary copy of the file for ffmpeg: %w", err)
	case n > limit:
		os.Remove(f.Name())
		return "", fmt.Errorf("%w: the file is larger than %d MiB; trim it before uploading", ErrTooLong, limit>>20)
	}
	return f.Name(), nil
}

// ffmpegDecoder runs ffmpeg to turn a file into a 32-bit float WAV on its standard
// output, which ReadWAV then reads with the usual limits.
type ffmpegDecoder struct {
	path    string
	timeout time.Duration // the whole run; past it the process is killed
}

func (f ffmpegDecoder) decode(input, format string) (*Buffer, error) {
	ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, f.path,
		"-hide_banner", "-loglevel", "error", "-nostats", "-nostdin",
		"-f", ffmpegDemuxers[format], "-protocol_whitelist", "file", "-i", "file:"+input,
		"-map", "0:a:0", // the first audio stream; a video's picture is not wanted
		"-t", strconv.Itoa(MaxDecodeSeconds+1), // one second over is enough to report ErrTooLong
		"-c:a", "pcm_f32le", "-f", "wav", "pipe:1")
	stderr := &headBuffer{max: 4 << 10}
	cmd.Stderr = stderr
	// Once the process is gone, stop waiting for a child of it that keeps the pipes open.
	cmd.WaitDelay = time.Second
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("audio: cannot run ffmpeg: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("audio: cannot run ffmpeg (%s): %w", f.path, err)
	}
	b, readErr := ReadWAV(out)
	if errors.Is(readErr, ErrTooLong) {
		cancel() // the rest of the audio is not wanted
	}
	// Whatever ffmpeg still writes is read and dropped, so that it can exit and tell
	// by its status (rather than by being killed) whether it failed.
	_, _ = io.Copy(io.Discard, out)
	waitErr := cmd.Wait()
	switch {
	case readErr == nil && waitErr == nil:
		return b, nil
	case errors.Is(readErr, ErrTooLong):
		return nil, readErr
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return nil, fmt.Errorf("audio: ffmpeg took more than %s to decode the %s file; convert it to WAV/FLAC/MP3", f.timeout, format)
	case waitErr != nil:
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = "no message"
		}
		return nil, fmt.Errorf("audio: ffmpeg cannot decode the %s file: %s (%w); convert it to WAV/FLAC/MP3", format, msg, waitErr)
	}
	return nil, fmt.Errorf("audio: cannot read ffmpeg's output for the %s file: %w", format, readErr)
}

// headBuffer keeps the first max bytes written to it and drops the rest, so a chatty
// process cannot fill the memory through its stderr. With -loglevel error, ffmpeg's
// first lines are the ones that say what went wrong.
type headBuffer struct {
	bytes.Buffer
	max int
}

func (h *headBuffer) Write(p []byte) (int, error) {
	if room := h.max - h.Len(); room > 0 {
		h.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
