package app

// Track is one generated track as the UI shows it in the library.
type Track struct {
	ID        string    `json:"id"`
	Prompt    string    `json:"prompt"`
	Model     string    `json:"model"`
	Seed      int64     `json:"seed"`
	Seconds   float64   `json:"seconds"`
	CreatedAt string    `json:"createdAt"` // RFC 3339, UTC
	FilePath  string    `json:"filePath"`
	Peaks     []float32 `json:"peaks"` // waveform: max |sample| per column, 0..1
	Favourite bool      `json:"favourite"`
}

// GenerateInput is what the Generate view submits.
type GenerateInput struct {
	JobID   string  `json:"jobId"` // chosen by the UI; names the progress events and Cancel
	Prompt  string  `json:"prompt"`
	Seconds float64 `json:"seconds"`
	Seed    *int64  `json:"seed"`  // nil: a fresh random seed
	Model   string  `json:"model"` // "" = default model pack
}

// ModelInfo describes an installed model pack.
type ModelInfo struct {
	Version    string  `json:"version"`
	Name       string  `json:"name"`
	MaxSeconds float64 `json:"maxSeconds"`
}

// Status is what the app knows about itself at start: versions, what works, where data lives.
type Status struct {
	Version        string      `json:"version"`
	RuntimeVersion string      `json:"runtimeVersion"` // "" when ONNX Runtime did not load
	LocalAvailable bool        `json:"localAvailable"` // local generation possible
	LocalError     string      `json:"localError"`     // why not, with how to fix it
	Models         []ModelInfo `json:"models"`
	DataDir        string      `json:"dataDir"`
}

// PlayerState is pushed as the "player:state" event and returned by the player methods.
type PlayerState struct {
	TrackID     string  `json:"trackId"`
	Playing     bool    `json:"playing"`
	PositionSec float64 `json:"positionSec"`
	DurationSec float64 `json:"durationSec"`
}
