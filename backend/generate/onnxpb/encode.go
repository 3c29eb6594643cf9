package onnxpb

import (
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// Field numbers from onnx/onnx.proto, grouped by message.
const (
	modelIRVersion       = 1
	modelProducerName    = 2
	modelProducerVersion = 3
	modelDocString       = 6
	modelGraph           = 7
	modelOpsetImport     = 8
	modelMetadataProps   = 14

	opsetDomain  = 1
	opsetVersion = 2

	entryKey   = 1
	entryValue = 2

	graphNode        = 1
	graphName        = 2
	graphInitializer = 5
	graphDocString   = 10
	graphInput       = 11
	graphOutput      = 12

	nodeInput     = 1
	nodeOutput    = 2
	nodeName      = 3
	nodeOpType    = 4
	nodeAttribute = 5
	nodeDomain    = 7

	tensorDims     = 1
	tensorDataType = 2
	tensorName     = 8
	tensorRawData  = 9

	valueInfoName      = 1
	valueInfoType      = 2
	valueInfoDocString = 3

	typeTensorType     = 1 // TypeProto.tensor_type
	tensorTypeElemType = 1 // TypeProto.Tensor.elem_type
	tensorTypeShape    = 2 // TypeProto.Tensor.shape
	shapeDim           = 1 // TensorShapeProto.dim
	dimValue           = 1 // TensorShapeProto.Dimension.dim_value
	dimParam           = 2 // TensorShapeProto.Dimension.dim_param

	attrName   = 1
	attrF      = 2
	attrI      = 3
	attrS      = 4
	attrT      = 5
	attrFloats = 7
	attrInts   = 8
	attrType   = 20
)

// Marshal encodes the model as the bytes of an .onnx file. The output depends
// only on the struct contents, so a generator that builds the same model
// writes the same file (and the same checksum) every time.
func (m *Model) Marshal() []byte {
	var b []byte
	b = appendVarint(b, modelIRVersion, uint64(m.IRVersion))
	b = appendString(b, modelProducerName, m.ProducerName)
	b = appendString(b, modelProducerVersion, m.ProducerVersion)
	b = appendString(b, modelDocString, m.DocString)
	if m.Graph != nil {
		b = appendMessage(b, modelGraph, m.Graph.marshal())
	}
	for _, o := range m.Opsets {
		var ob []byte
		ob = appendString(ob, opsetDomain, o.Domain)
		ob = appendVarint(ob, opsetVersion, uint64(o.Version))
		b = appendMessage(b, modelOpsetImport, ob)
	}
	for _, kv := range m.Metadata {
		var eb []byte
		eb = appendString(eb, entryKey, kv.Key)
		eb = appendString(eb, entryValue, kv.Value)
		b = appendMessage(b, modelMetadataProps, eb)
	}
	return b
}

func (g *Graph) marshal() []byte {
	var b []byte
	for i := range g.Nodes {
		b = appendMessage(b, graphNode, g.Nodes[i].marshal())
	}
	b = appendString(b, graphName, g.Name)
	for i := range g.Initializers {
		b = appendMessage(b, graphInitializer, g.Initializers[i].marshal())
	}
	b = appendString(b, graphDocString, g.DocString)
	for i := range g.Inputs {
		b = appendMessage(b, graphInput, g.Inputs[i].marshal())
	}
	for i := range g.Outputs {
		b = appendMessage(b, graphOutput, g.Outputs[i].marshal())
	}
	return b
}

func (n *Node) marshal() []byte {
	var b []byte
	for _, in := range n.Inputs {
		// An empty input name means "optional input left out" and must
		// still be written, to keep the positions of the later inputs.
		b = protowire.AppendTag(b, nodeInput, protowire.BytesType)
		b = protowire.AppendString(b, in)
	}
	for _, out := range n.Outputs {
		b = protowire.AppendTag(b, nodeOutput, protowire.BytesType)
		b = protowire.AppendString(b, out)
	}
	b = appendString(b, nodeName, n.Name)
	b = appendString(b, nodeOpType, n.OpType)
	for i := range n.Attributes {
		b = appendMessage(b, nodeAttribute, n.Attributes[i].marshal())
	}
	b = appendString(b, nodeDomain, n.Domain)
	return b
}

func (t *Tensor) marshal() []byte {
	var b []byte
	if len(t.Dims) > 0 {
		var packed []byte
		for _, d := range t.Dims {
			packed = protowire.AppendVarint(packed, uint64(d))
		}
		b = appendMessage(b, tensorDims, packed)
	}
	b = appendVarint(b, tensorDataType, uint64(t.DataType))
	b = appendString(b, tensorName, t.Name)
	// raw_data is written even when empty: a zero-element tensor (e.g. the
	// shape [] that Reshape uses to make a scalar) still has "data".
	b = protowire.AppendTag(b, tensorRawData, protowire.BytesType)
	b = protowire.AppendBytes(b, t.Raw)
	return b
}

func (v *ValueInfo) marshal() []byte {
	var shape []byte
	for _, d := range v.Shape {
		var db []byte
		if d.Param != "" {
			db = appendString(db, dimParam, d.Param)
		} else {
			// dim_value sits in a oneof, so zero must be written explicitly.
			db = protowire.AppendTag(db, dimValue, protowire.VarintType)
			db = protowire.AppendVarint(db, uint64(d.Value))
		}
		shape = appendMessage(shape, shapeDim, db)
	}
	var tensorType []byte
	tensorType = appendVarint(tensorType, tensorTypeElemType, uint64(v.ElemType))
	// The shape message is always present: absent would mean "unknown
	// rank", present-but-empty means scalar.
	tensorType = appendMessage(tensorType, tensorTypeShape, shape)
	var typ []byte
	typ = appendMessage(typ, typeTensorType, tensorType)

	var b []byte
	b = appendString(b, valueInfoName, v.Name)
	b = appendMessage(b, valueInfoType, typ)
	b = appendString(b, valueInfoDocString, v.DocString)
	return b
}

func (a *Attribute) marshal() []byte {
	var b []byte
	b = appendString(b, attrName, a.Name)
	switch a.Type {
	case AttrFloat:
		b = protowire.AppendTag(b, attrF, protowire.Fixed32Type)
		b = protowire.AppendFixed32(b, math.Float32bits(a.F))
	case AttrInt:
		b = protowire.AppendTag(b, attrI, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(a.I))
	case AttrString:
		b = protowire.AppendTag(b, attrS, protowire.BytesType)
		b = protowire.AppendString(b, a.S)
	case AttrTensor:
		if a.T != nil {
			b = appendMessage(b, attrT, a.T.marshal())
		}
	case AttrFloats:
		for _, f := range a.Floats {
			b = protowire.AppendTag(b, attrFloats, protowire.Fixed32Type)
			b = protowire.AppendFixed32(b, math.Float32bits(f))
		}
	case AttrInts:
		for _, i := range a.Ints {
			b = protowire.AppendTag(b, attrInts, protowire.VarintType)
			b = protowire.AppendVarint(b, uint64(i))
		}
	}
	b = appendVarint(b, attrType, uint64(a.Type))
	return b
}

// appendString writes a string field, leaving out the empty string (proto2
// optional fields that are unset read back as "").
func appendString(b []byte, num protowire.Number, s string) []byte {
	if s == "" {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

// appendVarint writes an integer field, leaving out zero (the default).
func appendVarint(b []byte, num protowire.Number, v uint64) []byte {
	if v == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, v)
}

// appendMessage writes an already encoded sub-message (or packed field).
func appendMessage(b []byte, num protowire.Number, msg []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, msg)
}
