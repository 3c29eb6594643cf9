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
	Negative  string    `json:"negative"`  // what the prompt asked to leave out
	InputName string    `json:"inputName"` // audio to audio: the input's file name; "" = text to audio
	Strength  float64   `json:"strength"`  // audio to audio: how much of the input was followed, 0..1
	// License is a cloud track's certificate as verified on this computer; nil for a
	// local render, which carries none.
	License *TrackLicense `json:"license"`
}

// TrackLicense is what a track's certificate allows, checked offline.
type TrackLicense struct {
	Verified   bool   `json:"verified"`
	License    string `json:"license"` // personal, creator, enterprise
	Commercial bool   `json:"commercial"`
	Words      string `json:"words"`   // the license in plain words
	Problem    string `json:"problem"` // why it did not verify, when it did not
}

// GenerateInput is what the Generate view submits.
type GenerateInput struct {
	JobID   string  `json:"jobId"` // chosen by the UI; names the progress events and Cancel
	Prompt  string  `json:"prompt"`
	Seconds float64 `json:"seconds"`
	Seed    *int64  `json:"seed"`  // nil: a fresh random seed
	Model   string  `json:"model"` // "" = default model pack

	Negative  string  `json:"negative"`  // what to leave out: "drums, vocals"
	InputPath string  `json:"inputPath"` // audio to audio: the recording to follow; "" = text to audio
	Strength  float64 `json:"strength"`  // with InputPath: 0 (only the prompt) to 1 (its tempo, key, rhythm and melody)
	// Cloud makes it on the account server, paid in credits, with a license certificate;
	// otherwise it renders on this computer, free.
	Cloud bool `json:"cloud"`
}

// ModelInfo describes an installed model pack.
type ModelInfo struct {
	Version    string  `json:"version"`
	Name       string  `json:"name"`
	MaxSeconds float64 `json:"maxSeconds"`
	// AudioToAudio: the model can follow an input recording (GenerateInput.InputPath).
	AudioToAudio bool `json:"audioToAudio"`
}

// AudioInput is what the Generate view shows about a recording chosen for audio to audio.
type AudioInput struct {
	Name        string    `json:"name"`        // the file's name
	Seconds     float64   `json:"seconds"`     // the whole file's length
	CropSeconds float64   `json:"cropSeconds"` // the plan's limit: only the first CropSeconds are used
	Cropped     bool      `json:"cropped"`     // the file is longer than CropSeconds
	PlanName    string    `json:"planName"`    // the plan that sets the limit: "Free"
	Peaks       []float32 `json:"peaks"`       // waveform of the whole file, 0..1 per column
}

// UploadResult is what became of an upload, for the UI.
type UploadResult struct {
	ID                string  `json:"id"`
	Matched           bool    `json:"matched"`      // it copies a protected recording, and was deleted
	MatchedTitle      string  `json:"matchedTitle"` // which one
	Seconds           float64 `json:"seconds"`
	ChargedSeconds    int64   `json:"chargedSeconds"`
	UploadSecondsLeft int64   `json:"uploadSecondsLeft"`
	Message           string  `json:"message"` // the server's sentence for the user
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
