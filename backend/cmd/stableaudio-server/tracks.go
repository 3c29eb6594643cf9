package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"stableaudio/backend/jobs"
	"stableaudio/backend/license"
)

func runLicense(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runSub(ctx, map[string]command{
		"verify":     licenseVerify,
		"public-key": licensePublicKey,
	}, "license verify FILE [--audio FILE] | license public-key", args, stdout, stderr)
}

func runTraining(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runSub(ctx, map[string]command{"export": trainingExport}, "training export [flags]", args, stdout, stderr)
}

// licenseKey is the signing key of the server the flags name: --license-key, else the one
// beside a SQLite database.
func licenseKey(cfg config) (*license.Signer, error) {
	path := cfg.licenseKey
	if path == "" {
		path = filepath.Join(filepath.Dir(cfg.db), "license.key")
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no license key at %s (give --license-key): %w", path, err)
	}
	key, err := license.LoadOrCreateKey(path)
	if err != nil {
		return nil, err
	}
	return license.NewSigner(key), nil
}

// licenseVerify: stableaudio-server license verify CERT [--audio FILE] checks a certificate
// against this server's key (and the audio it names), offline, and says what it allows.
func licenseVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("license verify", stderr)
	var cfg config
	cfg.register(fs)
	audioPath := fs.String("audio", "", "the track, to check it is the audio the certificate names")
	var file string
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		file, args = args[0], args[1:]
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if file == "" {
		fmt.Fprintln(stderr, "usage: stableaudio-server license verify CERTIFICATE.json [--audio TRACK.wav]")
		return errUsage
	}
	s, err := licenseKey(cfg)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	signed, err := license.Parse(data)
	if err != nil {
		return err
	}
	ring := license.NewKeyring(s.Public())
	c, err := ring.Verify(signed)
	if err == nil && *audioPath != "" {
		var audio []byte
		if audio, err = os.ReadFile(*audioPath); err == nil {
			c, err = ring.VerifyAudio(signed, audio)
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "valid: track %s, audio SHA-256 %s, account %s\n%s\n", c.TrackID, c.AudioSHA256, c.AccountID, c.Words())
	return nil
}

// licensePublicKey prints the server's public key, which the app ships with.
func licensePublicKey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("license public-key", stderr)
	var cfg config
	cfg.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := licenseKey(cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%x\n", []byte(s.Public()))
	return nil
}

// trainingExport: stableaudio-server training export writes the generated tracks that may
// be used for training, one JSON object a line. Uploads are never listed.
func trainingExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("training export", stderr)
	var cfg config
	cfg.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openServer(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer s.Shutdown(ctx)
	enc := json.NewEncoder(stdout)
	n := 0
	err = s.DB.GeneratedTracks(ctx, func(tr jobs.TrainingTrack) error {
		n++
		return enc.Encode(tr)
	})
	if err != nil {
		return errors.Join(fmt.Errorf("after %d tracks", n), err)
	}
	fmt.Fprintf(stderr, "%d generated tracks\n", n)
	return nil
}
