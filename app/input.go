package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"stableaudio/app/cloud"
	"stableaudio/backend/audio"
)

// Audio to audio: the user picks a recording, sees how much of it their plan lets the
// model hear, and Generate follows that part only.

// minInputSeconds is the shortest recording worth following: in less there is no tempo
// to hear, and the composer refuses it.
const minInputSeconds = 2

// errBadInput reports a recording that cannot be used for audio to audio.
var errBadInput = errors.New("cannot use the audio input")

// audioFilters are what the dialog offers: the formats audio.Decode reads itself, and Ogg
// and M4A, which it reads through ffmpeg when that is installed.
var audioFilters = []runtime.FileFilter{{
	DisplayName: "Audio (WAV, AIFF, FLAC, MP3, Ogg, M4A)",
	Pattern:     "*.wav;*.aif;*.aiff;*.flac;*.mp3;*.ogg;*.m4a",
}}

// ChooseAudioFile asks for a recording to follow with the system's file dialog; "" when
// the user cancels.
func (a *App) ChooseAudioFile() (string, error) {
	<-a.ready
	path, err := a.dialogs.OpenFile("Choose audio to follow", audioFilters)
	if err != nil {
		return "", toUI(fmt.Errorf("cannot open the file dialog: %w", err))
	}
	return path, nil
}

// InspectAudio reads a recording for audio to audio and says how much of it the plan lets
// the model use, with the whole file's waveform so the UI can show the part that is kept.
func (a *App) InspectAudio(path string) (AudioInput, error) {
	<-a.ready
	ctx, cancel := context.WithTimeout(context.Background(), accountTimeout)
	defer cancel()
	in, err := a.openInput(ctx, path)
	if err != nil {
		return AudioInput{}, toUI(err)
	}
	return AudioInput{
		Name: in.name, Seconds: in.buf.Duration().Seconds(), CropSeconds: float64(in.plan.CropSeconds),
		Cropped: in.cropped(), PlanName: in.plan.Name, Peaks: audio.Peaks(in.buf, waveformColumns),
	}, nil
}

// inputAudio is a decoded recording and the plan whose crop length applies to it.
type inputAudio struct {
	name string
	buf  *audio.Buffer // the whole file
	plan cloud.Plan
}

// openInput decodes the recording at path and reads the plan that limits how much of it
// may be used.
func (a *App) openInput(ctx context.Context, path string) (inputAudio, error) {
	in := inputAudio{name: filepath.Base(path)}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return inputAudio{}, fmt.Errorf("%w: %s is not there any more; choose the file again", errBadInput, in.name)
	}
	if err != nil {
		return inputAudio{}, fmt.Errorf("%w: %s cannot be read: %w", errBadInput, in.name, err)
	}
	defer f.Close()
	if in.buf, err = audio.Decode(f); err != nil {
		return inputAudio{}, fmt.Errorf("%w: %s: %w", errBadInput, in.name, err)
	}
	if s := in.buf.Duration().Seconds(); s < minInputSeconds {
		return inputAudio{}, fmt.Errorf("%w: %s is %.1f s long; audio to audio needs at least %d s",
			errBadInput, in.name, s, minInputSeconds)
	}
	account, err := a.signedIn()
	if err != nil {
		return inputAudio{}, err
	}
	if in.plan, err = account.Plan(ctx); err != nil {
		return inputAudio{}, fmt.Errorf("cannot read your plan, which sets how much of a recording may be used: %w", err)
	}
	return in, nil
}

// keptFrames is how much of the recording the plan lets the model hear, from its start.
func (in inputAudio) keptFrames() int {
	return min(in.buf.Frames(), int(in.plan.CropSeconds)*in.buf.SampleRate)
}

func (in inputAudio) cropped() bool { return in.keptFrames() < in.buf.Frames() }

// kept is the part of the recording the model may hear. It is a copy, so that the engine
// cannot reach past the crop and the whole file can be freed while the track renders.
func (in inputAudio) kept() *audio.Buffer {
	return &audio.Buffer{SampleRate: in.buf.SampleRate, Channels: in.buf.Channels,
		Samples: slices.Clone(in.buf.Samples[:in.keptFrames()*in.buf.Channels])}
}
