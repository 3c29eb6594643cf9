package generate

import (
	"fmt"
	"math"

	ort "github.com/yalue/onnxruntime_go"

	"stableaudio/backend/generate/manifest"
)

// session is one pack's graph loaded into ONNX Runtime.
type session struct {
	pack *Pack
	ort  *ort.DynamicAdvancedSession
}

// ortTypes maps the manifest's type names to ORT's element types.
var ortTypes = map[string]ort.TensorElementDataType{
	"float32": ort.TensorElementDataTypeFloat,
	"int64":   ort.TensorElementDataTypeInt64,
}

// openSession loads the pack's graph and checks that the graph really has
// the inputs and outputs its manifest declares. Everything ORT rejects is the
// pack's fault, so every error here is an ErrBadModel.
func openSession(p *Pack) (*session, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: pack %s: %s", ErrBadModel, p.Source, fmt.Sprintf(format, args...))
	}
	ins, outs, err := ort.GetInputOutputInfoWithONNXData(p.graph)
	if err != nil {
		return nil, bad("ONNX Runtime cannot load %s: %v; reinstall the pack", p.Manifest.Graph.File, err)
	}
	if err := matchInterface("input", ins, p.Manifest.Inputs); err != nil {
		return nil, bad("%v", err)
	}
	if err := matchInterface("output", outs, p.Manifest.Outputs); err != nil {
		return nil, bad("%v", err)
	}
	s, err := ort.NewDynamicAdvancedSessionWithONNXData(p.graph, names(p.Manifest.Inputs), names(p.Manifest.Outputs), nil)
	if err != nil {
		return nil, bad("ONNX Runtime cannot load %s: %v", p.Manifest.Graph.File, err)
	}
	return &session{pack: p, ort: s}, nil
}

// matchInterface compares what ORT reports about the graph with what the
// manifest declares: names, order, element types and ranks.
func matchInterface(what string, got []ort.InputOutputInfo, want []manifest.Tensor) error {
	if len(got) != len(want) {
		return fmt.Errorf("the graph has %d %ss, the manifest declares %d", len(got), what, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Name != w.Name || g.OrtValueType != ort.ONNXTypeTensor || g.DataType != ortTypes[w.Type] || len(g.Dimensions) != len(w.Shape) {
			return fmt.Errorf("graph %s %d is %s, the manifest declares %s %s%v", what, i, g.String(), w.Name, w.Type, w.Shape)
		}
	}
	return nil
}

func names(ts []manifest.Tensor) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}

// chunkRunner renders one request chunk by chunk. Its input tensors are
// created once and refilled for each chunk; each output tensor wraps the
// destination slice of the audio buffer, so ORT writes straight into it.
type chunkRunner struct {
	s                  *session
	cond               *ort.Tensor[float32]
	seed, start, count *ort.Tensor[int64]
}

func (s *session) newRunner(c conditioning, seed int64) (*chunkRunner, error) {
	r := &chunkRunner{s: s}
	var err error
	if r.cond, err = ort.NewTensor(ort.NewShape(manifest.ConditioningSize), c[:]); err != nil {
		return nil, fmt.Errorf("generate: allocating inputs: %w", err)
	}
	for _, t := range []**ort.Tensor[int64]{&r.seed, &r.start, &r.count} {
		if *t, err = ort.NewTensor(ort.NewShape(1), []int64{0}); err != nil {
			r.destroy()
			return nil, fmt.Errorf("generate: allocating inputs: %w", err)
		}
	}
	r.seed.GetData()[0] = seed
	return r, nil
}

// run renders frames [first, first+len(dst)/2) into dst (interleaved stereo).
func (r *chunkRunner) run(first int, dst []float32) error {
	n := len(dst) / manifest.Channels
	r.start.GetData()[0] = int64(first)
	r.count.GetData()[0] = int64(n)
	out, err := ort.NewTensor(ort.NewShape(int64(n), manifest.Channels), dst)
	if err != nil {
		return fmt.Errorf("generate: allocating output: %w", err)
	}
	defer out.Destroy()
	if err := r.s.ort.Run([]ort.Value{r.cond, r.seed, r.start, r.count}, []ort.Value{out}); err != nil {
		return fmt.Errorf("%w: pack %s failed on frames %d..%d: %v", ErrBadModel, r.s.pack.Source, first, first+n, err)
	}
	// A third-party graph could emit NaN or infinity, which would poison
	// every later step (encoders, loudness); stop at the source.
	for i, v := range dst {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("%w: pack %s produced %v at frame %d", ErrBadModel, r.s.pack.Source, v, first+i/manifest.Channels)
		}
	}
	return nil
}

// destroy frees the input tensors (the outputs are freed after each run).
func (r *chunkRunner) destroy() {
	if r.cond != nil {
		r.cond.Destroy()
	}
	for _, t := range []*ort.Tensor[int64]{r.seed, r.start, r.count} {
		if t != nil {
			t.Destroy()
		}
	}
}

func (s *session) close() error { return s.ort.Destroy() }
