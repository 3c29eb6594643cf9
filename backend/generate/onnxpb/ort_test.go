package onnxpb_test

import (
	"testing"

	ort "github.com/yalue/onnxruntime_go"

	"stableaudio/backend/generate"
	"stableaudio/backend/generate/onnxpb"
)

// TestRuntimeRunsEncodedGraph is the end-to-end check of the encoder: ONNX
// Runtime parses the bytes and computes y = x + c, with a symbolic batch
// dimension and an attribute-carrying node (Cast) on the way.
func TestRuntimeRunsEncodedGraph(t *testing.T) {
	if _, err := generate.LoadRuntime(""); err != nil {
		t.Fatal(err)
	}
	b := onnxpb.NewBuilder("add")
	x := b.Input("x", onnxpb.Float, onnxpb.Symbolic("n"), onnxpb.Fixed(2))
	c := b.Initializer(onnxpb.DoubleTensor("c", []int64{2}, 0.5, -1))
	xd := b.OpAttrs("Cast", []onnxpb.Attribute{onnxpb.IntAttr("to", int64(onnxpb.Double))}, x)
	sum := b.Op("Add", xd, c)
	y := b.OpAttrs("Cast", []onnxpb.Attribute{onnxpb.IntAttr("to", int64(onnxpb.Float))}, sum)
	b.Output("y", y, onnxpb.Float, onnxpb.Symbolic("n"), onnxpb.Fixed(2))
	model := &onnxpb.Model{
		IRVersion:    8,
		Opsets:       []onnxpb.Opset{{Version: 17}},
		ProducerName: "onnxpb test",
		Graph:        b.Graph(),
	}

	sess, err := ort.NewDynamicAdvancedSessionWithONNXData(model.Marshal(), []string{"x"}, []string{"y"}, nil)
	if err != nil {
		t.Fatalf("ORT rejected the encoded model: %v", err)
	}
	defer sess.Destroy()
	in, err := ort.NewTensor(ort.NewShape(3, 2), []float32{1, 2, 3, 4, 5, 6})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Destroy()
	out, err := ort.NewEmptyTensor[float32](ort.NewShape(3, 2))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Destroy()
	if err := sess.Run([]ort.Value{in}, []ort.Value{out}); err != nil {
		t.Fatal(err)
	}
	want := []float32{1.5, 1, 3.5, 3, 5.5, 5}
	for i, got := range out.GetData() {
		if got != want[i] {
			t.Fatalf("y = %v, want %v", out.GetData(), want)
		}
	}
}
