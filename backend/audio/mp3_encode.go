package audio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
)

// ErrNoEncoder reports an export format whose encoder is not installed.
var ErrNoEncoder = errors.New("no encoder for this format is installed")

// EncodeMP3 writes b as a 320 kb/s MP3 with LAME, when the lame program is installed
// (MP3 encoding is left to it rather than written here); otherwise ErrNoEncoder.
func EncodeMP3(ctx context.Context, w io.Writer, b *Buffer) error {
	lame, err := exec.LookPath("lame")
	if err != nil {
		return fmt.Errorf("%w: MP3 needs LAME (the lame program) on this machine", ErrNoEncoder)
	}
	var wav bytes.Buffer
	if err := WriteWAV(&wav, b, PCM16); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, ffmpegTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, lame, "--quiet", "-b", "320", "-", "-")
	cmd.Stdin, cmd.Stdout = &wav, w
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("lame: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return nil
}
