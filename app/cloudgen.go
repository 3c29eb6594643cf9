package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"stableaudio/app/cache"
	"stableaudio/app/cloud"
	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
)

// cloudPoll is how often a cloud job's progress is read.
const cloudPoll = 200 * time.Millisecond

// errCloudJob reports a cloud job that ended without a result (its credits came back).
var errCloudJob = errors.New("the cloud job did not finish")

// generateInCloud submits the request as a cloud job (the UI's job id is its idempotency
// key, so a retry is the same job and is paid once), follows its progress, and brings the
// result into the library with its license certificate. Cancelling cancels the job, whose
// credits come back.
func (a *App) generateInCloud(ctx context.Context, in GenerateInput, progress func(generate.Progress)) (cache.Track, error) {
	if in.InputPath != "" {
		return cache.Track{}, fmt.Errorf("%w: audio to audio runs on this computer; switch to Local to use a recording", errBadInput)
	}
	account, err := a.signedIn()
	if err != nil {
		return cache.Track{}, err
	}
	if !account.Cloud {
		return cache.Track{}, fmt.Errorf("%w: cloud generation is not available on this account server", errBadInput)
	}
	prompt, model := strings.TrimSpace(in.Prompt), in.Model
	if model == "" {
		model = a.local.modelVersion("")
	}
	job, err := account.SubmitJob(ctx, in.JobID, cloud.JobRequest{Prompt: prompt, Negative: strings.TrimSpace(in.Negative),
		Model: model, Seconds: in.Seconds, Seed: in.Seed, Results: 1})
	if err != nil {
		return cache.Track{}, err
	}
	tick := time.NewTicker(cloudPoll)
	defer tick.Stop()
	for job.Status != "done" {
		progress(generate.Progress{Done: int(job.Progress * 100), Total: 100, Stage: "in the cloud"})
		switch job.Status {
		case "failed", "cancelled":
			return cache.Track{}, fmt.Errorf("%w: it %s (%s); its %d credits are back", errCloudJob, job.Status, job.Error, job.Price)
		}
		select {
		case <-ctx.Done():
			stop, cancel := context.WithTimeout(context.Background(), accountTimeout)
			defer cancel()
			account.CancelJob(stop, job.ID) // its credits come back; the call reports the outcome
			return cache.Track{}, ctx.Err()
		case <-tick.C:
		}
		if job, err = account.Job(ctx, job.ID); err != nil && ctx.Err() == nil {
			return cache.Track{}, err
		}
	}
	progress(generate.Progress{Done: 100, Total: 100, Stage: "downloading"})
	res := job.Results[0]
	wav, err := account.Fetch(ctx, res.URL)
	if err != nil {
		return cache.Track{}, err
	}
	cert, err := account.Fetch(ctx, res.URL+"/license")
	if err != nil {
		return cache.Track{}, err
	}
	buf, err := audio.Decode(bytes.NewReader(wav))
	if err != nil {
		return cache.Track{}, fmt.Errorf("the cloud result is not readable audio: %w", err)
	}
	t := cache.Track{ID: newID(), Prompt: prompt, Model: model, Seed: res.Seed, Seconds: buf.Duration().Seconds(),
		CreatedAt: time.Now().UTC(), Peaks: audio.Peaks(buf, waveformColumns), Negative: strings.TrimSpace(in.Negative),
		Certificate: cert}
	// The file is kept exactly as delivered: the certificate names its SHA-256.
	t.FilePath = filepath.Join(a.tracksDir(), t.ID+".wav")
	if err := os.WriteFile(t.FilePath, wav, 0o644); err != nil {
		return cache.Track{}, err
	}
	if err := a.lib.AddTrack(ctx, t); err != nil {
		return cache.Track{}, err
	}
	return t, nil
}
