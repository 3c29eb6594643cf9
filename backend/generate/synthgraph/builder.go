package synthgraph

import (
	"encoding/binary"
	"math"

	"stableaudio/backend/generate/onnxpb"
)

// TensorProto.DataType values onnxpb does not list (it has only the types
// the other graphs use).
const (
	uint32Type onnxpb.DataType = 12
	uint64Type onnxpb.DataType = 13
)

// graph wraps onnxpb.Builder with typed constants and short names for the
// operators the synthesiser uses, so the graph code reads as formulas.
// Scalar constants are stored once per value and type.
type graph struct {
	*onnxpb.Builder
	consts map[constKey]string
}

type constKey struct {
	typ  onnxpb.DataType
	bits uint64
}

func newGraph(name string) *graph {
	return &graph{Builder: onnxpb.NewBuilder(name), consts: map[constKey]string{}}
}

func (g *graph) scalar(typ onnxpb.DataType, bits uint64, mk func() onnxpb.Tensor) string {
	key := constKey{typ, bits}
	if name, ok := g.consts[key]; ok {
		return name
	}
	name := g.Initializer(mk())
	g.consts[key] = name
	return name
}

// f is a float32 scalar constant.
func (g *graph) f(v float32) string {
	return g.scalar(onnxpb.Float, uint64(math.Float32bits(v)), func() onnxpb.Tensor {
		return onnxpb.FloatTensor("", nil, v)
	})
}

// d is a float64 scalar constant.
func (g *graph) d(v float64) string {
	return g.scalar(onnxpb.Double, math.Float64bits(v), func() onnxpb.Tensor {
		return onnxpb.DoubleTensor("", nil, v)
	})
}

// u is a uint32 scalar constant.
func (g *graph) u(v uint32) string {
	return g.scalar(uint32Type, uint64(v), func() onnxpb.Tensor {
		return onnxpb.Tensor{DataType: uint32Type, Raw: binary.LittleEndian.AppendUint32(nil, v)}
	})
}

// i32 is an int32 scalar constant.
func (g *graph) i32(v int32) string {
	return g.scalar(onnxpb.Int32, uint64(uint32(v)), func() onnxpb.Tensor {
		return onnxpb.Tensor{DataType: onnxpb.Int32, Raw: binary.LittleEndian.AppendUint32(nil, uint32(v))}
	})
}

// ints is an int64 vector constant, for axes, shapes and slice bounds.
func (g *graph) ints(v ...int64) string {
	return g.Initializer(onnxpb.Int64Tensor("", []int64{int64(len(v))}, v...))
}

// floats is a float32 constant of the given shape.
func (g *graph) floats(dims []int64, v ...float32) string {
	return g.Initializer(onnxpb.FloatTensor("", dims, v...))
}

func (g *graph) add(a, b string) string { return g.Op("Add", a, b) }
func (g *graph) sub(a, b string) string { return g.Op("Sub", a, b) }
func (g *graph) mul(a, b string) string { return g.Op("Mul", a, b) }
func (g *graph) div(a, b string) string { return g.Op("Div", a, b) }

// scale multiplies a float32 value by a constant.
func (g *graph) scale(x string, v float32) string { return g.mul(x, g.f(v)) }

// scaleD multiplies a float64 value by a constant.
func (g *graph) scaleD(x string, v float64) string { return g.mul(x, g.d(v)) }

// fract is x − floor(x), in [0, 1) (an exact operation in floating point).
func (g *graph) fract(x string) string { return g.sub(x, g.Op("Floor", x)) }

// cast converts x to the element type to.
func (g *graph) cast(x string, to onnxpb.DataType) string {
	return g.OpAttrs("Cast", []onnxpb.Attribute{onnxpb.IntAttr("to", int64(to))}, x)
}

// slice takes [start, end) along axis.
func (g *graph) slice(x string, axis, start, end int64) string {
	return g.Op("Slice", x, g.ints(start), g.ints(end), g.ints(axis))
}

// concat joins values along axis.
func (g *graph) concat(axis int64, xs ...string) string {
	return g.OpAttrs("Concat", []onnxpb.Attribute{onnxpb.IntAttr("axis", axis)}, xs...)
}

// unsqueeze inserts a dimension of size 1 at axis.
func (g *graph) unsqueeze(x string, axis int64) string { return g.Op("Unsqueeze", x, g.ints(axis)) }

// reshape gives x a new shape (a view: no data is copied).
func (g *graph) reshape(x string, dims ...int64) string { return g.Op("Reshape", x, g.ints(dims...)) }

// reduce applies a Reduce* operator over one axis (opset 18: axes is an input).
func (g *graph) reduce(op, x string, axis int64, keep bool) string {
	k := int64(0)
	if keep {
		k = 1
	}
	return g.OpAttrs(op, []onnxpb.Attribute{onnxpb.IntAttr("keepdims", k)}, x, g.ints(axis))
}

// shr shifts uint32 values right by n bits.
func (g *graph) shr(x string, n uint32) string {
	return g.OpAttrs("BitShift", []onnxpb.Attribute{onnxpb.StringAttr("direction", "RIGHT")}, x, g.u(n))
}

// xorShift is x ^ (x >> n), the mixing step of integer hashes.
func (g *graph) xorShift(x string, n uint32) string { return g.Op("BitwiseXor", x, g.shr(x, n)) }
