// Package onnxpb writes ONNX model files without the generated ONNX protobuf
// types: it holds plain Go structs for the few messages a computation graph
// needs (model, graph, node, tensor, value info, attribute) and encodes them
// with protowire, using the field numbers of onnx/onnx.proto.
//
// It only writes; ONNX Runtime is the reader. Fields the engine never needs
// (training info, sparse tensors, functions, external data) are left out.
package onnxpb

import (
	"encoding/binary"
	"math"
)

// DataType is TensorProto.DataType: the element type of a tensor.
type DataType int32

// The element types our graphs use (values from onnx.proto).
const (
	Float  DataType = 1
	Uint8  DataType = 2
	Int32  DataType = 6
	Int64  DataType = 7
	Bool   DataType = 9
	Double DataType = 11
)

// AttrType is AttributeProto.AttributeType: which value field an attribute uses.
type AttrType int32

// The attribute kinds this package can encode (values from onnx.proto).
const (
	AttrFloat  AttrType = 1
	AttrInt    AttrType = 2
	AttrString AttrType = 3
	AttrTensor AttrType = 4
	AttrFloats AttrType = 6
	AttrInts   AttrType = 7
)

// Model is ModelProto: a graph plus the versions needed to interpret it.
type Model struct {
	IRVersion       int64   // ONNX IR version, e.g. 8
	Opsets          []Opset // at least the default domain ("", e.g. 17)
	ProducerName    string
	ProducerVersion string
	DocString       string
	Graph           *Graph
	Metadata        []KeyValue // kept in order so the encoding is reproducible
}

// Opset is OperatorSetIdProto; Domain "" is the standard ai.onnx domain.
type Opset struct {
	Domain  string
	Version int64
}

// KeyValue is StringStringEntryProto, ONNX's stand-in for a map entry.
type KeyValue struct {
	Key, Value string
}

// Graph is GraphProto. Nodes must be in topological order.
type Graph struct {
	Name         string
	DocString    string
	Nodes        []Node
	Initializers []Tensor
	Inputs       []ValueInfo
	Outputs      []ValueInfo
}

// Node is NodeProto: one operator application.
type Node struct {
	OpType     string
	Name       string
	Domain     string // "" = ai.onnx
	Inputs     []string
	Outputs    []string
	Attributes []Attribute
}

// Tensor is TensorProto. Data is always carried in raw_data, little-endian,
// which ORT accepts for every numeric type and keeps the encoder small.
type Tensor struct {
	Name     string
	DataType DataType
	Dims     []int64 // empty for a scalar
	Raw      []byte
}

// ValueInfo is ValueInfoProto for a tensor: its name, element type and shape.
// The rank is always declared; an empty Shape is a scalar.
type ValueInfo struct {
	Name      string
	ElemType  DataType
	Shape     []Dim
	DocString string
}

// Dim is one dimension of a ValueInfo shape: a fixed size, or, when Param is
// set, a symbolic name such as "frames" that is fixed only at run time.
type Dim struct {
	Value int64
	Param string
}

// Fixed is a dimension of known size.
func Fixed(n int64) Dim { return Dim{Value: n} }

// Symbolic is a dimension named by param and sized at run time.
func Symbolic(param string) Dim { return Dim{Param: param} }

// Attribute is AttributeProto. Type selects the one value field in use; the
// constructors below set it consistently.
type Attribute struct {
	Name   string
	Type   AttrType
	F      float32
	I      int64
	S      string
	T      *Tensor
	Floats []float32
	Ints   []int64
}

// IntAttr is an INT attribute.
func IntAttr(name string, v int64) Attribute { return Attribute{Name: name, Type: AttrInt, I: v} }

// FloatAttr is a FLOAT attribute.
func FloatAttr(name string, v float32) Attribute {
	return Attribute{Name: name, Type: AttrFloat, F: v}
}

// StringAttr is a STRING attribute.
func StringAttr(name, v string) Attribute { return Attribute{Name: name, Type: AttrString, S: v} }

// IntsAttr is an INTS attribute.
func IntsAttr(name string, v ...int64) Attribute {
	return Attribute{Name: name, Type: AttrInts, Ints: v}
}

// FloatsAttr is a FLOATS attribute.
func FloatsAttr(name string, v ...float32) Attribute {
	return Attribute{Name: name, Type: AttrFloats, Floats: v}
}

// TensorAttr is a TENSOR attribute, e.g. the value of a Constant node.
func TensorAttr(name string, t Tensor) Attribute {
	return Attribute{Name: name, Type: AttrTensor, T: &t}
}

// FloatTensor is a float32 tensor with the given dims (none for a scalar).
func FloatTensor(name string, dims []int64, values ...float32) Tensor {
	raw := make([]byte, 0, 4*len(values))
	for _, v := range values {
		raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(v))
	}
	return Tensor{Name: name, DataType: Float, Dims: dims, Raw: raw}
}

// DoubleTensor is a float64 tensor with the given dims (none for a scalar).
func DoubleTensor(name string, dims []int64, values ...float64) Tensor {
	raw := make([]byte, 0, 8*len(values))
	for _, v := range values {
		raw = binary.LittleEndian.AppendUint64(raw, math.Float64bits(v))
	}
	return Tensor{Name: name, DataType: Double, Dims: dims, Raw: raw}
}

// Int64Tensor is an int64 tensor with the given dims (none for a scalar).
func Int64Tensor(name string, dims []int64, values ...int64) Tensor {
	raw := make([]byte, 0, 8*len(values))
	for _, v := range values {
		raw = binary.LittleEndian.AppendUint64(raw, uint64(v))
	}
	return Tensor{Name: name, DataType: Int64, Dims: dims, Raw: raw}
}
