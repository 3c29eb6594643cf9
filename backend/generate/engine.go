package generate

import (
	"context"
	"errors"

	"stableaudio/backend/audio"
)

// Request is one text-to-audio generation.
type Request struct {
	Prompt  string  // free text: genre, mood, instruments, tempo, key
	Seconds float64 // length of the result, 1 .. the model's MaxSeconds
	Seed    int64   // same prompt + seed + model gives the same audio
	Model   string  // model pack version, e.g. "1.0"; "" = the default pack

	// Negative is what the result should not have ("drums, vocals").
	Negative string

	// Input, for audio to audio, is a recording the result follows: its tempo, key,
	// rhythm and melodic contour, as much as Strength asks (0 = only the prompt, 1 = as
	// much of the input as the model can keep). Models that cannot follow audio refuse
	// a request with Input as ErrBadRequest. nil = text to audio.
	Input    *audio.Buffer
	Strength float64

	// OnProgress, when set, is called from the generating goroutine as work completes.
	OnProgress func(Progress)
}

// Progress is how far one generation has come.
type Progress struct {
	Done  int    // units finished (audio chunks)
	Total int    // units in all
	Stage string // what is being done now, for the UI: "rendering"
}

// Engine turns a request into audio. Implementations honour ctx cancellation
// between units of work and return ctx.Err() when cancelled.
type Engine interface {
	Generate(ctx context.Context, req Request) (*audio.Buffer, error)
}

// Errors the app and the CLI map to messages and exit codes.
var (
	ErrRuntimeUnavailable = errors.New("onnx runtime unavailable")
	ErrBadRequest         = errors.New("invalid generation request")
	ErrBadModel           = errors.New("model pack is invalid")
)
