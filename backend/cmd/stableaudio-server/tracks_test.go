package main

import (
	"bytes"
	"context"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
	"stableaudio/backend/jobs"
	"stableaudio/backend/server"
	"stableaudio/backend/upload"
)

type sineEngine struct{}

func (sineEngine) Generate(ctx context.Context, req generate.Request) (*audio.Buffer, error) {
	b := &audio.Buffer{SampleRate: 8000, Channels: 1, Samples: make([]float32, int(req.Seconds*8000))}
	for i := range b.Samples {
		b.Samples[i] = float32(0.2 * math.Sin(float64(i)*float64(100+req.Seed%300)/8000))
	}
	return b, nil
}

// On an account with an upload and a generated track, the training export lists the
// generated track only; the track's certificate verifies with `license verify`, and a
// changed copy of it does not.
func TestTrainingExportAndLicenseVerify(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "server.db")
	srv, err := server.Open(ctx, server.Config{Database: db, Hasher: account.Hasher{Params: account.TestParams},
		Log: slog.New(slog.DiscardHandler), Jobs: jobs.Config{Engine: sineEngine{}, Workers: 1, PollInterval: 20 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := srv.Accounts.SignUp(ctx, "mixed@example.com", "a long passphrase", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	var take bytes.Buffer
	audio.WriteWAV(&take, &audio.Buffer{SampleRate: 8000, Channels: 1, Samples: make([]float32, 8000*5)}, audio.PCM16)
	up, err := srv.Uploads.Upload(ctx, upload.Request{AccountID: a.ID, Key: "u1", Name: "my-voice.wav", Declared: 5 * time.Second, Body: &take})
	if err != nil || up.Status != upload.Stored {
		t.Fatalf("upload: %+v %v", up, err)
	}
	if err := srv.Jobs.Start(ctx); err != nil {
		t.Fatal(err)
	}
	j, err := srv.Jobs.Submit(ctx, a.ID, "j1", jobs.Request{Prompt: "ambient pads", Model: "1.0", Seconds: 2, Results: 1})
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); j.Status != jobs.Done; time.Sleep(20 * time.Millisecond) {
		if j, err = srv.Jobs.Job(ctx, a.ID, j.ID); err != nil || time.Now().After(deadline) {
			t.Fatalf("job %+v: %v", j, err)
		}
	}
	srv.Shutdown(ctx)

	code, out, errs := runServer(t, "training", "export", "--db", db)
	if code != exitOK || strings.Count(out, "\n") != 1 || !strings.Contains(out, `"trackId":"`+j.ID+`/1"`) ||
		strings.Contains(out, up.ID) || strings.Contains(out, "my-voice") || !strings.Contains(errs, "1 generated tracks") {
		t.Fatalf("training export: exit %d\n%s%s", code, out, errs)
	}

	cert := filepath.Join(dir, "track.license.json")
	os.WriteFile(cert, j.Results[0].Certificate, 0o644)
	code, out, errs = runServer(t, "license", "verify", cert, "--audio", j.Results[0].Path, "--db", db)
	if code != exitOK || !strings.HasPrefix(out, "valid: track "+j.ID+"/1") || !strings.Contains(out, "Personal license") {
		t.Fatalf("verify: exit %d %q %q", code, out, errs)
	}
	forged := bytes.Replace(j.Results[0].Certificate, []byte(`"tier":"free"`), []byte(`"tier":"pro!"`), 1)
	os.WriteFile(cert, forged, 0o644)
	if code, _, errs := runServer(t, "license", "verify", cert, "--db", db); code != exitFail || !strings.Contains(errs, "does not verify") {
		t.Fatalf("a changed certificate: exit %d %q", code, errs)
	}
	os.WriteFile(cert, j.Results[0].Certificate, 0o644)
	if code, out, errs := runServer(t, "license", "verify", cert, "--audio", db, "--db", db); code != exitFail || !strings.Contains(errs, "SHA-256 differs") {
		t.Fatalf("other audio: exit %d %q %q", code, out, errs)
	}
}
