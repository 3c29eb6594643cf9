package synthgraph

import "stableaudio/backend/generate/manifest"

// The graph as a model pack's manifest declares it, so a pack of the composer model
// carries its synthesiser's shape and tensors, and the engine that opens the pack can
// check them before ONNX Runtime sees the graph.

// ManifestSynth is cfg as a manifest's synth entry.
func (c Config) ManifestSynth() *manifest.Synth {
	return &manifest.Synth{Voices: c.Voices, Harmonics: c.Harmonics, TableSize: c.TableSize, Hop: c.Hop, FramesPerChunk: c.FramesPerChunk}
}

// ConfigFromManifest is the Config a manifest's synth entry describes.
func ConfigFromManifest(s *manifest.Synth) Config {
	return Config{Voices: s.Voices, Harmonics: s.Harmonics, TableSize: s.TableSize, Hop: s.Hop,
		FramesPerChunk: s.FramesPerChunk, SampleRate: manifest.SampleRate}
}

// Interface lists the graph's inputs and outputs for cfg, in the order of InputNames and
// OutputNames, as a manifest declares them.
func Interface(cfg Config) (inputs, outputs []manifest.Tensor) {
	v, k, c1, n := int64(cfg.Voices), int64(cfg.Harmonics), int64(cfg.ChunkFrames()), int64(cfg.ChunkSamples())
	dims := func(sizes ...int64) []manifest.Dim {
		d := make([]manifest.Dim, len(sizes))
		for i, s := range sizes {
			d[i] = manifest.Dim{Size: s}
		}
		return d
	}
	inputs = []manifest.Tensor{
		{Name: InputF0, Type: "float32", Shape: dims(v, c1)},
		{Name: InputAmp, Type: "float32", Shape: dims(v, c1)},
		{Name: InputNoise, Type: "float32", Shape: dims(v, c1)},
		{Name: InputHarmonics, Type: "float32", Shape: dims(v, k)},
		{Name: InputPan, Type: "float32", Shape: dims(v)},
		{Name: InputNoiseColor, Type: "float32", Shape: dims(v)},
		{Name: InputPhase, Type: "float64", Shape: dims(v)},
		{Name: InputStart, Type: "int64", Shape: dims(1)},
		{Name: InputSeed, Type: "int64", Shape: dims(1)},
	}
	outputs = []manifest.Tensor{
		{Name: OutputAudio, Type: "float32", Shape: dims(n, 2)},
		{Name: OutputPhase, Type: "float64", Shape: dims(v)},
	}
	return inputs, outputs
}
