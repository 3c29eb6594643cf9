package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"stableaudio/app/cache"
	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
)

// waveformColumns is how many peaks a track keeps for its waveform: enough for a library
// row, small enough to send with every listing.
const waveformColumns = 200

// progressInterval bounds how often progress events reach the UI.
const progressInterval = 100 * time.Millisecond

// Generate renders a track locally, saves it in the library and returns it. While it runs,
// "generate:progress:<jobId>" events carry {done, total, stage}; CancelGenerate(jobId) stops it.
func (a *App) Generate(in GenerateInput) (Track, error) {
	<-a.ready
	if err := a.local.Err(); err != nil && !in.Cloud {
		return Track{}, toUI(err)
	}
	if !(in.Strength >= 0 && in.Strength <= 1) {
		return Track{}, toUI(fmt.Errorf("%w: strength %g is out of range; use 0 (only the prompt) to 1 (as much of the input as the model can keep)",
			generate.ErrBadRequest, in.Strength))
	}
	if in.JobID == "" {
		in.JobID = newID()
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a.mu.Lock()
	if _, dup := a.jobs[in.JobID]; dup {
		a.mu.Unlock()
		return Track{}, toUI(fmt.Errorf("%w: job %s is already running", generate.ErrBadRequest, in.JobID))
	}
	a.jobs[in.JobID] = cancel
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		delete(a.jobs, in.JobID)
		a.mu.Unlock()
	}()

	event := "generate:progress:" + in.JobID
	progress := &throttle{interval: progressInterval}
	req := generate.Request{
		Prompt: strings.TrimSpace(in.Prompt), Negative: strings.TrimSpace(in.Negative),
		Seconds: in.Seconds, Model: in.Model, Seed: seedOrRandom(in.Seed),
		OnProgress: func(p generate.Progress) {
			progress.do(func() { a.emitter.Emit(event, p) })
		},
	}
	if in.Cloud {
		track, err := a.generateInCloud(ctx, in, func(p generate.Progress) { progress.do(func() { a.emitter.Emit(event, p) }) })
		progress.flush()
		if err != nil {
			return Track{}, toUI(err)
		}
		a.emitter.Emit("library:changed", nil)
		return a.toTrack(track), nil
	}
	var inputName string
	if in.InputPath != "" {
		input, err := a.openInput(ctx, in.InputPath)
		if err != nil {
			return Track{}, toUI(err)
		}
		// The model hears only what the plan allows, however long the file is.
		inputName, req.Input, req.Strength = input.name, input.kept(), in.Strength
	}
	track, err := a.generateIntoLibrary(ctx, req, inputName)
	progress.flush()
	if err != nil {
		return Track{}, toUI(err)
	}
	a.emitter.Emit("library:changed", nil)
	return a.toTrack(track), nil
}

// CancelGenerate stops a running generation; its Generate call returns a "cancelled" error.
func (a *App) CancelGenerate(jobID string) {
	a.mu.Lock()
	cancel := a.jobs[jobID]
	a.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// generateIntoLibrary renders, writes the audio file, then records it: a track is in the
// library only once its file is complete. inputName names req.Input's file, if any.
func (a *App) generateIntoLibrary(ctx context.Context, req generate.Request, inputName string) (cache.Track, error) {
	if req.Prompt == "" {
		return cache.Track{}, fmt.Errorf("%w: the prompt is empty", generate.ErrBadRequest)
	}
	buf, err := a.render.Generate(ctx, req)
	if err != nil {
		return cache.Track{}, err
	}
	t := cache.Track{
		ID: newID(), Prompt: req.Prompt, Model: a.local.modelVersion(req.Model), Seed: req.Seed,
		Seconds: buf.Duration().Seconds(), CreatedAt: time.Now().UTC(),
		Peaks:    audio.Peaks(buf, waveformColumns),
		Negative: req.Negative, InputName: inputName, Strength: req.Strength,
	}
	t.FilePath = filepath.Join(a.tracksDir(), t.ID+".wav")
	if err := audio.WriteWAVFile(t.FilePath, buf, audio.PCM24); err != nil {
		return cache.Track{}, err
	}
	if err := a.lib.AddTrack(ctx, t); err != nil {
		return cache.Track{}, err
	}
	return t, nil
}

// seedOrRandom returns the user's seed, or a fresh random one.
func seedOrRandom(seed *int64) int64 {
	if seed != nil {
		return *seed
	}
	return RandomSeed()
}

// newID is a random, sortable-enough identifier for tracks and jobs.
func newID() string {
	var b [8]byte
	rand.Read(b[:])
	return time.Now().UTC().Format("20060102-150405-") + hex.EncodeToString(b[:])
}
