package app

import (
	"context"
	"encoding/json"
	"errors"

	"stableaudio/app/cache"
	"stableaudio/app/cloud"
	"stableaudio/app/player"
	"stableaudio/app/recorder"
	"stableaudio/backend/generate"
)

// uiError is what a bound method's rejected promise carries: a stable code the UI can act
// on and a message for people. Wails passes an error's text, so the text is this JSON.
type uiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e uiError) Error() string {
	b, _ := json.Marshal(e)
	return string(b)
}

// errorCodes maps sentinel errors to the codes frontend/src/lib/api.ts knows.
var errorCodes = []struct {
	err  error
	code string
}{
	{generate.ErrRuntimeUnavailable, "runtime_unavailable"},
	{errBadInput, "bad_input"},
	{generate.ErrBadRequest, "bad_request"},
	{generate.ErrBadModel, "bad_model"},
	{cache.ErrNotFound, "not_found"},
	{player.ErrNoOutputDevice, "no_output_device"},
	{recorder.ErrNoLoopback, "no_loopback"},
	{recorder.ErrNoInput, "no_input"},
}

// toUI wraps an error for the UI; nil stays nil.
func toUI(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) {
		return uiError{Code: "cancelled", Message: "cancelled"}
	}
	for _, c := range errorCodes {
		if errors.Is(err, c.err) {
			return uiError{Code: c.code, Message: err.Error()}
		}
	}
	// The account server's own code (insufficient_upload_seconds, bad_upload…) and its
	// message, written for the user.
	var server *cloud.Error
	if errors.As(err, &server) {
		return uiError{Code: server.Code, Message: server.Message}
	}
	return uiError{Code: "internal", Message: err.Error()}
}
