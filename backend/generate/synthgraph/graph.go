package synthgraph

import (
	"fmt"
	"math"

	"stableaudio/backend/generate/onnxpb"
)

// The graph's inputs and outputs, in the order Renderer passes them.
const (
	InputF0         = "f0"          // float32 [V, C+1]: fundamental, Hz (clamped to [0, sr/2])
	InputAmp        = "amp"         // float32 [V, C+1]: harmonic amplitude, linear (peak bound)
	InputNoise      = "noise"       // float32 [V, C+1]: noise level, linear RMS
	InputHarmonics  = "harmonics"   // float32 [V, K]: relative harmonic amplitudes (≥ 0)
	InputPan        = "pan"         // float32 [V]: −1 left … 1 right, constant power
	InputNoiseColor = "noise_color" // float32 [V]: −1 first sum (dull) … 0 white … 1 first difference (bright)
	InputPhase      = "phase"       // float64 [V]: oscillator phase at the chunk's start, cycles
	InputStart      = "start"       // int64 [1]: absolute index of the chunk's first sample
	InputSeed       = "seed"        // int64 [1]: noise seed
	OutputAudio     = "audio"       // float32 [N, 2]: interleaved stereo, |x| ≤ Ceiling
	OutputPhase     = "phase_out"   // float64 [V]: phase after the chunk, cycles in [0, 1)
)

// InputNames and OutputNames list the graph's interface in order.
var (
	InputNames = []string{InputF0, InputAmp, InputNoise, InputHarmonics, InputPan,
		InputNoiseColor, InputPhase, InputStart, InputSeed}
	OutputNames = []string{OutputAudio, OutputPhase}
)

// The master soft clip: linear up to Knee, then a tanh curve with slope 1 at
// the knee that approaches Ceiling, so a loud passage saturates instead of
// wrapping or hard-clipping, while anything below −6 dBFS passes untouched
// (loudness is left to the mastering step).
const (
	Knee    = 0.5
	Ceiling = 0.99
)

// opset 18 is the first with BitwiseAnd/BitwiseXor, which the phase wrap and
// the noise hash rely on; ONNX Runtime 1.24 implements it on the CPU.
const (
	irVersion = 8
	opset     = 18
)

// Build writes the synthesiser graph for cfg. The result is deterministic:
// the same Config always gives the same bytes from Marshal.
func Build(cfg Config) (*onnxpb.Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	v, k, c1 := int64(cfg.Voices), int64(cfg.Harmonics), int64(cfg.ChunkFrames())
	g := newGraph("synthgraph")
	f0 := g.Input(InputF0, onnxpb.Float, onnxpb.Fixed(v), onnxpb.Fixed(c1))
	amp := g.Input(InputAmp, onnxpb.Float, onnxpb.Fixed(v), onnxpb.Fixed(c1))
	noiseLevel := g.Input(InputNoise, onnxpb.Float, onnxpb.Fixed(v), onnxpb.Fixed(c1))
	harmonics := g.Input(InputHarmonics, onnxpb.Float, onnxpb.Fixed(v), onnxpb.Fixed(k))
	pan := g.Input(InputPan, onnxpb.Float, onnxpb.Fixed(v))
	color := g.Input(InputNoiseColor, onnxpb.Float, onnxpb.Fixed(v))
	phase := g.Input(InputPhase, onnxpb.Double, onnxpb.Fixed(v))
	start := g.Input(InputStart, onnxpb.Int64, onnxpb.Fixed(1))
	seed := g.Input(InputSeed, onnxpb.Int64, onnxpb.Fixed(1))

	wave, phaseOut := g.oscillator(cfg, f0, harmonics, phase)
	noise, noiseGain := g.noise(cfg, color, start, seed)
	// Envelopes are clamped at 0 and scaled at the control rate, where
	// each operation touches 1/H of the data.
	harmonic := g.mul(g.upsample(cfg, g.Op("Relu", amp)), wave)
	hiss := g.mul(g.upsample(cfg, g.mul(g.Op("Relu", noiseLevel), noiseGain)), noise)
	voices := g.add(harmonic, hiss) // [V, N]

	// Pan and sum in one MatMul: mix[ch, n] = Σ_v gains[ch, v]·voices[v, n],
	// then interleave. (A Gemm with transA writes [N, 2] directly but packs
	// the transposed [V, N] first: 0.34 ms a chunk against 0.25 ms here.)
	mix := g.OpAttrs("Transpose", nil, g.Op("MatMul", g.panGains(pan), voices))
	g.Output(OutputAudio, g.softClip(mix), onnxpb.Float, onnxpb.Fixed(int64(cfg.ChunkSamples())), onnxpb.Fixed(2))
	g.Output(OutputPhase, phaseOut, onnxpb.Double, onnxpb.Fixed(v))

	return &onnxpb.Model{
		IRVersion:    irVersion,
		Opsets:       []onnxpb.Opset{{Version: opset}},
		ProducerName: "stableaudio synthgraph",
		DocString: fmt.Sprintf("Harmonic-plus-noise synthesiser: %d voices × %d harmonics, table %d, hop %d, %d frames per chunk, %d Hz.",
			cfg.Voices, cfg.Harmonics, cfg.TableSize, cfg.Hop, cfg.FramesPerChunk, cfg.SampleRate),
		Graph: g.Graph(),
	}, nil
}

// upsample turns control frames [V, C+1] into audio-rate values [V, N] by
// linear interpolation, with frame c exactly at sample c·H: the frames'
// (value, next value) pairs, [V, C, 2], times the [2, H] weights
// (1 − j/H, j/H). One MatMul writes the result; at j = 0 the weights are
// (1, 0), so frame values are reproduced exactly.
func (g *graph) upsample(cfg Config, x string) string {
	v, c, h := int64(cfg.Voices), int64(cfg.FramesPerChunk), int64(cfg.Hop)
	pairs := g.concat(2, g.unsqueeze(g.slice(x, 1, 0, c), 2), g.unsqueeze(g.slice(x, 1, 1, c+1), 2))
	w := make([]float32, 2*h)
	for j := range h {
		w[j] = float32(h-j) / float32(h)
		w[h+j] = float32(j) / float32(h)
	}
	return g.reshape(g.Op("MatMul", pairs, g.floats([]int64{2, h}, w...)), v, c*h)
}

// panGains is the [2, V] constant-power pan law: (cos θ, sin θ) with
// θ = (pan+1)·π/4, so hard left is exactly (1, 0) and centre is −3 dB on
// each side.
func (g *graph) panGains(pan string) string {
	theta := g.scale(g.add(g.Op("Clip", pan, g.f(-1), g.f(1)), g.f(1)), math.Pi/4)
	return g.concat(0, g.unsqueeze(g.Op("Cos", theta), 0), g.unsqueeze(g.Op("Sin", theta), 0))
}

// softClip is y = clip(x, ±Knee) + w·tanh((x − clip(x, ±Knee))/w) with
// w = Ceiling − Knee: the identity below the knee, continuous in value and
// slope at it, and bounded by Ceiling above. The final Clip is a guarantee
// against tanh approximations that round to 1.
func (g *graph) softClip(x string) string {
	const w = Ceiling - Knee
	lin := g.Op("Clip", x, g.f(-Knee), g.f(Knee))
	over := g.scale(g.Op("Tanh", g.scale(g.sub(x, lin), 1/w)), w)
	return g.Op("Clip", g.add(lin, over), g.f(-Ceiling), g.f(Ceiling))
}
