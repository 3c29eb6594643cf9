package synthgraph

import (
	"context"
	"errors"
	"fmt"
	"sync"

	ort "github.com/yalue/onnxruntime_go"

	"stableaudio/backend/audio"
)

// ErrRuntimeNotLoaded is returned by NewRenderer when ONNX Runtime has not
// been initialised in this process.
var ErrRuntimeNotLoaded = errors.New("synthgraph: ONNX Runtime is not loaded; call generate.LoadRuntime first")

// errClosed is returned by Render after Close.
var errClosed = errors.New("synthgraph: the renderer is closed")

// RenderOptions are the per-render settings besides the controls.
type RenderOptions struct {
	Seed    int64 // noise seed: the same controls and seed give the same audio
	Samples int   // output length in samples per channel; 0 = Frames()·Hop. Past the last frame the controls are held.

	// OnProgress, when set, is called after each chunk with the chunks done
	// and the total, from the rendering goroutine.
	OnProgress func(done, total int)
}

// Renderer runs the graph for one Config in an ONNX Runtime session. Its
// tensors are allocated once, in NewRenderer, and refilled for each chunk,
// so a render's memory is the session's fixed working set plus the output
// buffer. Render calls are serialised; a Renderer is safe for concurrent use.
type Renderer struct {
	cfg Config

	mu     sync.Mutex // held by Render and Close: the tensors are shared
	closed bool
	sess   *ort.DynamicAdvancedSession

	f0, amp, noise, harmonics, pan, color, audio *ort.Tensor[float32]
	phase, phaseOut                              *ort.Tensor[float64]
	start, seed                                  *ort.Tensor[int64]
	inputs, outputs                              []ort.Value
}

// NewRenderer builds the graph for cfg and opens it in ONNX Runtime, which
// the caller must have loaded (generate.LoadRuntime). This package does not
// load it itself so that package generate can use it without an import
// cycle. Close the Renderer when done.
func NewRenderer(cfg Config) (*Renderer, error) {
	model, err := Build(cfg)
	if err != nil {
		return nil, err
	}
	return OpenRenderer(cfg, model.Marshal())
}

// OpenRenderer opens a graph written by Build for cfg — the one a model pack ships —
// in ONNX Runtime.
func OpenRenderer(cfg Config, graph []byte) (*Renderer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if !ort.IsInitialized() {
		return nil, ErrRuntimeNotLoaded
	}
	r := &Renderer{cfg: cfg}
	if err := r.allocate(); err != nil {
		r.destroyTensors()
		return nil, fmt.Errorf("synthgraph: allocating tensors: %w", err)
	}
	var err error
	r.sess, err = ort.NewDynamicAdvancedSessionWithONNXData(graph, InputNames, OutputNames, nil)
	if err != nil {
		r.destroyTensors()
		return nil, fmt.Errorf("synthgraph: ONNX Runtime rejected the graph (a bug in Build, or a runtime older than opset %d): %w", opset, err)
	}
	return r, nil
}

// allocate creates every input and output tensor once.
func (r *Renderer) allocate() error {
	v, c1, k, n := int64(r.cfg.Voices), int64(r.cfg.ChunkFrames()), int64(r.cfg.Harmonics), int64(r.cfg.ChunkSamples())
	var err error
	newF := func(dims ...int64) *ort.Tensor[float32] {
		if err != nil {
			return nil
		}
		var t *ort.Tensor[float32]
		t, err = ort.NewEmptyTensor[float32](ort.NewShape(dims...))
		return t
	}
	r.f0, r.amp, r.noise = newF(v, c1), newF(v, c1), newF(v, c1)
	r.harmonics, r.pan, r.color = newF(v, k), newF(v), newF(v)
	r.audio = newF(n, 2)
	if err != nil {
		return err
	}
	if r.phase, err = ort.NewEmptyTensor[float64](ort.NewShape(v)); err != nil {
		return err
	}
	if r.phaseOut, err = ort.NewEmptyTensor[float64](ort.NewShape(v)); err != nil {
		return err
	}
	if r.start, err = ort.NewEmptyTensor[int64](ort.NewShape(1)); err != nil {
		return err
	}
	if r.seed, err = ort.NewEmptyTensor[int64](ort.NewShape(1)); err != nil {
		return err
	}
	r.inputs = []ort.Value{r.f0, r.amp, r.noise, r.harmonics, r.pan, r.color, r.phase, r.start, r.seed}
	r.outputs = []ort.Value{r.audio, r.phaseOut}
	return nil
}

// Config is the configuration the renderer's graph was built for.
func (r *Renderer) Config() Config { return r.cfg }

// Render synthesises c into a new stereo buffer at the Config's sample rate,
// one chunk (C·H samples) per graph run, carrying each oscillator's phase
// from one chunk to the next. It checks ctx before each chunk and returns
// ctx.Err() when cancelled. Invalid controls are ErrBadControls.
func (r *Renderer) Render(ctx context.Context, c *Controls, opt RenderOptions) (*audio.Buffer, error) {
	if err := c.Validate(r.cfg); err != nil {
		return nil, err
	}
	samples := opt.Samples
	if samples == 0 {
		samples = c.Frames() * r.cfg.Hop
	}
	if samples < 0 {
		return nil, fmt.Errorf("%w: Samples is %d; use 0 for the controls' length or a positive count", ErrBadControls, samples)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, errClosed
	}

	v, k, c1, n := r.cfg.Voices, r.cfg.Harmonics, r.cfg.ChunkFrames(), r.cfg.ChunkSamples()
	fillHarmonics(r.harmonics.GetData(), c.Harmonics, v, k)
	fillPerVoice(r.pan.GetData(), c.Pan)
	fillPerVoice(r.color.GetData(), c.NoiseColor)
	clear(r.phase.GetData())
	r.seed.GetData()[0] = opt.Seed

	buf := audio.NewBuffer(r.cfg.SampleRate, 2, samples)
	total := (samples + n - 1) / n
	for i := range total {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		first := i * r.cfg.FramesPerChunk
		fillFrames(r.f0.GetData(), c.F0, v, c1, first)
		fillFrames(r.amp.GetData(), c.Amp, v, c1, first)
		fillFrames(r.noise.GetData(), c.Noise, v, c1, first)
		r.start.GetData()[0] = int64(i) * int64(n)
		if err := r.sess.Run(r.inputs, r.outputs); err != nil {
			return nil, fmt.Errorf("synthgraph: ONNX Runtime failed on chunk %d of %d: %w", i+1, total, err)
		}
		copy(buf.Samples[i*n*2:], r.audio.GetData())
		copy(r.phase.GetData(), r.phaseOut.GetData())
		if opt.OnProgress != nil {
			opt.OnProgress(i+1, total)
		}
	}
	return buf, nil
}

// Close releases the session and tensors, after any running Render
// returns. It is idempotent.
func (r *Renderer) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	var err error
	if r.sess != nil {
		err = r.sess.Destroy()
	}
	r.destroyTensors()
	return err
}

func (r *Renderer) destroyTensors() {
	destroy(r.f0, r.amp, r.noise, r.harmonics, r.pan, r.color, r.audio)
	destroy(r.phase, r.phaseOut)
	destroy(r.start, r.seed)
}

// destroy frees the tensors that were created (allocate may stop half-way).
func destroy[T ort.TensorData](ts ...*ort.Tensor[T]) {
	for _, t := range ts {
		if t != nil {
			t.Destroy()
		}
	}
}
