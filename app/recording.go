package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"stableaudio/app/recorder"
	"stableaudio/backend/audio"
)

// Recording from a microphone: the Record view lists the inputs with their warnings,
// keeps the one chosen across restarts, and records takes into the data folder, from
// where they can be followed by audio to audio or uploaded.

// inputSetting is the settings key of the chosen input's id.
const inputSetting = "input_device"

// maxTake is the longest take: what the decoder reads back for audio to audio or upload.
const maxTake = audio.MaxDecodeSeconds * time.Second

// Events the recorder sends to the UI.
const (
	eventRecorderLevel = "recorder:level" // a RecorderLevel, about 30 times a second
	eventRecorderEnded = "recorder:ended" // a Take, whenever a take ends
)

// errRecording reports a start while a take is running, or a stop with none.
var errRecording = errors.New("recording")

// InputDevice is an input as the Record view lists it.
type InputDevice struct {
	ID       string             `json:"id"`
	Name     string             `json:"name"`
	Default  bool               `json:"default"`  // the system's default input
	Selected bool               `json:"selected"` // the one the app records from
	Rates    []int              `json:"rates"`    // native sample rates
	Channels int                `json:"channels"` // most channels it records natively
	Warnings []recorder.Warning `json:"warnings"`
}

// RecordingStatus is a take in progress.
type RecordingStatus struct {
	Device      string             `json:"device"`
	SampleRate  int                `json:"sampleRate"`
	Channels    int                `json:"channels"`
	LatencyMs   float64            `json:"latencyMs"`   // the buffer's; 0 until the first period arrives
	CropSeconds float64            `json:"cropSeconds"` // the plan keeps this much of a take; 0 when unknown
	Warnings    []recorder.Warning `json:"warnings"`
}

// RecorderLevel is one meter reading with the take's length so far.
type RecorderLevel struct {
	recorder.Level
	ElapsedSec float64 `json:"elapsedSec"`
}

// Take is a finished take, ready to follow or upload.
type Take struct {
	Path        string    `json:"path"`
	Name        string    `json:"name"`
	Seconds     float64   `json:"seconds"`
	CropSeconds float64   `json:"cropSeconds"`
	Cropped     bool      `json:"cropped"`
	Peaks       []float32 `json:"peaks"`
	Ended       string    `json:"ended"`   // "stopped", "limit" or "device lost"
	Message     string    `json:"message"` // what happened, when it did not end by Stop
}

// ListInputs lists the inputs, marking the one recorded from: the one chosen, or the
// system's default when none was chosen or the chosen one is not connected.
func (a *App) ListInputs() ([]InputDevice, error) {
	<-a.ready
	devices, err := recorder.Inputs(nil)
	if err != nil {
		return nil, toUI(err)
	}
	chosen, _, err := a.lib.Setting(context.Background(), inputSetting)
	if err != nil {
		return nil, toUI(err)
	}
	found := false
	for _, d := range devices {
		found = found || d.ID == chosen
	}
	out := make([]InputDevice, len(devices))
	for i, d := range devices {
		out[i] = InputDevice{ID: d.ID, Name: d.Name, Default: d.Default, Selected: d.ID == chosen || (!found && d.Default),
			Warnings: d.Warnings}
		for _, f := range d.Formats {
			if f.SampleRate > 0 {
				out[i].Rates = append(out[i].Rates, f.SampleRate)
			}
			out[i].Channels = max(out[i].Channels, f.Channels)
		}
	}
	return out, nil
}

// SelectInput chooses the input to record from, kept across restarts.
func (a *App) SelectInput(id string) error {
	<-a.ready
	return toUI(a.lib.SetSetting(context.Background(), inputSetting, id))
}

// activeTake is the take running, and what it became once it ended.
type activeTake struct {
	r     *recorder.Recording
	crop  float64       // the plan's crop when it started
	ended chan struct{} // closed once result and err are set
	take  Take
	err   error
}

// StartRecording starts a take from the chosen input.
func (a *App) StartRecording() (RecordingStatus, error) {
	<-a.ready
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.take != nil {
		return RecordingStatus{}, toUI(fmt.Errorf("%w: a take is already running", errRecording))
	}
	id, err := a.chosenInput()
	if err != nil {
		return RecordingStatus{}, toUI(err)
	}
	dir := filepath.Join(a.cfg.DataDir, "takes")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return RecordingStatus{}, toUI(fmt.Errorf("cannot create %s: %w", dir, err))
	}
	path := filepath.Join(dir, "take-"+time.Now().Format("20060102-150405.000")+".wav")
	// The meter reports from the recorder's writer, which may start before Start returns.
	var running atomic.Pointer[recorder.Recording]
	r, err := recorder.Start(path, recorder.Options{DeviceID: id, MaxDuration: maxTake, OnLevel: func(l recorder.Level) {
		var elapsed time.Duration
		if r := running.Load(); r != nil {
			elapsed = r.Elapsed()
		}
		a.emitter.Emit(eventRecorderLevel, RecorderLevel{Level: l, ElapsedSec: elapsed.Seconds()})
	}})
	if err != nil {
		return RecordingStatus{}, toUI(err)
	}
	running.Store(r)
	a.take = &activeTake{r: r, crop: a.cropSeconds(), ended: make(chan struct{})}
	go a.endWhenDone(a.take)
	return a.take.status(), nil
}

// chosenInput is the stored input if it is connected, else "" (the system's default).
// A chosen input is opened by its id even when it is the default: a take from "the
// default" would silently move to another input when this one is unplugged.
func (a *App) chosenInput() (string, error) {
	chosen, _, err := a.lib.Setting(context.Background(), inputSetting)
	if err != nil || chosen == "" {
		return "", err
	}
	devices, err := recorder.Inputs(nil)
	if err != nil {
		return "", err
	}
	for _, d := range devices {
		if d.ID == chosen {
			return chosen, nil
		}
	}
	return "", nil
}

// cropSeconds is the plan's crop, or 0 when the account cannot say.
func (a *App) cropSeconds() float64 {
	account, err := a.signedIn()
	if err != nil {
		return 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), accountTimeout)
	defer cancel()
	p, err := account.Plan(ctx)
	if err != nil {
		return 0
	}
	return float64(p.CropSeconds)
}

func (t *activeTake) status() RecordingStatus {
	info := t.r.Info()
	name := info.Device.Name
	if name == "" {
		name = "Default input"
	}
	return RecordingStatus{Device: name, SampleRate: info.SampleRate, Channels: info.Channels,
		LatencyMs: float64(info.Latency.Buffer.Microseconds()) / 1000, CropSeconds: t.crop, Warnings: info.Warnings}
}

// RecordingState is the running take, or null.
func (a *App) RecordingState() *RecordingStatus {
	<-a.ready
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.take == nil {
		return nil
	}
	s := a.take.status()
	return &s
}

// StopRecording ends the take and returns it.
func (a *App) StopRecording() (Take, error) {
	<-a.ready
	a.mu.Lock()
	t := a.take
	a.mu.Unlock()
	if t == nil {
		return Take{}, toUI(fmt.Errorf("%w: no take is running", errRecording))
	}
	t.r.Stop()
	<-t.ended
	return t.take, t.err
}

// endWhenDone waits for the take to end, however it ends, reads it back for the view and
// tells the UI.
func (a *App) endWhenDone(t *activeTake) {
	<-t.r.Done()
	rec, err := t.r.Stop()
	t.take = Take{Path: rec.Path, Name: filepath.Base(rec.Path), Seconds: rec.Duration.Seconds(), CropSeconds: t.crop,
		Ended: rec.Ended, Message: rec.Message}
	t.take.Cropped = t.crop > 0 && t.take.Seconds > t.crop
	if b, readErr := audio.DecodeFile(rec.Path); readErr == nil {
		t.take.Peaks = audio.Peaks(b, waveformColumns)
	} else if rec.Frames > 0 {
		err = errors.Join(err, readErr)
	}
	t.err = toUI(err)
	a.mu.Lock()
	if a.take == t {
		a.take = nil
	}
	a.mu.Unlock()
	a.emitter.Emit(eventRecorderEnded, t.take)
	close(t.ended)
}

// LatencyResult is what the loopback test measured.
type LatencyResult struct {
	RoundTripMs float64           `json:"roundTripMs"`
	Warning     *recorder.Warning `json:"warning"` // null when the round trip is fine
}

// MeasureLatency runs the loopback test between the system's default output and the
// chosen input: with the output connected to the input (a cable, or headphones held to
// the microphone), it plays eight clicks and times their way back.
func (a *App) MeasureLatency() (LatencyResult, error) {
	<-a.ready
	a.mu.Lock()
	recording := a.take != nil
	a.mu.Unlock()
	if recording {
		return LatencyResult{}, toUI(fmt.Errorf("%w: stop the take before testing the latency", errRecording))
	}
	id, err := a.chosenInput()
	if err != nil {
		return LatencyResult{}, toUI(err)
	}
	rt, err := recorder.Loopback(recorder.LoopbackOptions{InputID: id})
	if err != nil {
		return LatencyResult{}, toUI(err)
	}
	return LatencyResult{RoundTripMs: float64(rt.Microseconds()) / 1000, Warning: recorder.Latency{RoundTrip: rt}.Warning()}, nil
}
