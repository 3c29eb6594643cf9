package manifest

// The graph interface of a procedural pack, version 1. The engine renders a
// request in chunks: for each chunk it feeds the same conditioning and seed
// with the chunk's first frame and length, and the graph returns that stretch
// of audio. Because every sample is a function of its absolute frame index,
// the result does not depend on how the request is cut into chunks.
const (
	SampleRate = 44100 // Hz, the only rate the engine renders at
	Channels   = 2     // stereo; the output is interleaved [frames, 2]

	InputConditioning = "conditioning" // float32 [ConditioningSize], see Cond*
	InputSeed         = "seed"         // int64 [1], the request's seed
	InputStart        = "start"        // int64 [1], first frame of the chunk
	InputFrames       = "frames"       // int64 [1], frames in the chunk
	OutputAudio       = "audio"        // float32 [frames, 2], in (-1, 1)

	// FramesDim is the symbolic name of the output's run-time length.
	FramesDim = "frames"
)

// ConditioningSize is the length of the conditioning vector derived from the
// prompt. Its layout, shared by the engine (which fills it) and the graph
// (which reads it):
const (
	ConditioningSize = 16

	CondTempo      = 0 // beats per minute, MinTempo..MaxTempo
	CondBrightness = 1 // 0 (dark, pure tones) .. 1 (bright, rich harmonics)
	CondEnergy     = 2 // 0 (calm, sparse) .. 1 (driving, dense, louder drums)
	CondMajor      = 3 // 1 = major key, 0 = minor key
	CondKey        = 4 // root note in semitones above C, 0..11
	CondHash       = 5 // CondHash..15: stable hash of the prompt's words, each in [0, 1)
)

// Tempo bounds; the graph clamps to them as well, so a hand-made vector
// cannot produce a silent (0 BPM) or buzzing render.
const (
	MinTempo = 40
	MaxTempo = 200
)

// Inputs is the input list every procedural-v1 pack declares, in order.
func Inputs() []Tensor {
	return []Tensor{
		{Name: InputConditioning, Type: "float32", Shape: []Dim{{Size: ConditioningSize}}},
		{Name: InputSeed, Type: "int64", Shape: []Dim{{Size: 1}}},
		{Name: InputStart, Type: "int64", Shape: []Dim{{Size: 1}}},
		{Name: InputFrames, Type: "int64", Shape: []Dim{{Size: 1}}},
	}
}

// Outputs is the output list every procedural-v1 pack declares.
func Outputs() []Tensor {
	return []Tensor{
		{Name: OutputAudio, Type: "float32", Shape: []Dim{{Name: FramesDim}, {Size: Channels}}},
	}
}
