// Package synthgraph is the render graph of the built-in model: a DDSP-style
// harmonic-plus-noise synthesiser written as an ONNX graph, driven by
// per-voice control signals (pitch, amplitude, noise level) that a composer
// computes in Go at a control rate of SampleRate/Hop frames per second
// (300 at 44.1 kHz). ONNX Runtime computes every audio sample; Go only
// fills the control tensors of each chunk and copies the audio out.
//
// Build writes the graph for a Config; Renderer opens it in ONNX Runtime
// and renders a whole track's Controls chunk by chunk (C control frames,
// C·H samples per run), carrying each oscillator's phase from chunk to
// chunk. Output is identical whatever the chunk size, so chunking is only a
// memory and latency choice.
//
// One chunk, per voice v (V voices, fixed when the graph is built):
//
//   - Pitch: f0 is linear between frames (frame c at sample c·H), so the
//     phase, the running sum of f0/sr, is a per-frame quadratic. Frame start
//     phases are summed in float64 (CumSum) and wrapped; the within-frame
//     part is one MatMul of three coefficients per frame with a [3, H] basis,
//     in float32 table units (see oscillator.go for the precision budget).
//   - Harmonics: a [V, T] wavetable is built per chunk from the K harmonic
//     amplitudes (MatMul with a sine basis folded at load time), after
//     fading out harmonics above 0.45·sr for the chunk's highest f0 and
//     normalising the rest to sum 1. Samples are read with linear
//     interpolation: the index is wrapped with a BitwiseAnd (T is a power of
//     two), value and slope come from two GatherElements.
//   - Noise: a uint32 hash of (absolute sample index, seed) per sample,
//     spread to the voices by per-voice odd multipliers, optionally tilted
//     towards its first difference (noise_color) and scaled to unit RMS.
//   - Envelopes: amp and noise are upsampled by a MatMul with the [2, H]
//     linear-interpolation weights, so frame values land exactly on c·H.
//   - Mix: constant-power pan gains [2, V] times the voices [V, N] in one
//     MatMul, transposed to interleaved [N, 2], then a soft clip that is
//     linear below −6 dBFS (Knee) and bounded by Ceiling above. Loudness is
//     left to the mastering step.
//
// Design choices measured on ORT 1.24 (2-core EPYC, one chunk of 12 voices
// × 44 100 samples): element-wise float32 ops cost 0.1–0.2 ms a pass over
// [V, N], so the graph is laid out to touch [V, N] as few times as possible
// (about 20 passes, ~5 ms a chunk, ~150× real time when the machine is
// otherwise idle). Avoided: float Mod (4.5 ms a pass), Sin over audio
// (1.8 ms in float32, 9.7 ms in float64), Gather on a flattened table
// (5.7 ms; GatherElements is 0.7 ms), a float64 CumSum over every sample,
// and hashing every (voice, sample) pair (9 integer passes instead of 1).
//
// Known limits: harmonic content (the wavetable) is constant within a chunk,
// so a change of Controls.Harmonics, or a harmonic crossing the band limit,
// takes effect at the next chunk boundary (the band-limit fade keeps that
// step small); Harmonics are constant per voice for the whole track.
//
// The package does not load ONNX Runtime: call generate.LoadRuntime first.
// Keeping generate out of its imports lets package generate use it.
package synthgraph
