package onnxpb

import (
	"math"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// field is one decoded protobuf field: its number, wire type and raw value.
type field struct {
	num   protowire.Number
	typ   protowire.Type
	v     uint64 // varint or fixed value
	bytes []byte // length-delimited value
}

// decode splits an encoded message into its top-level fields.
func decode(t *testing.T, b []byte) []field {
	t.Helper()
	var out []field
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			t.Fatalf("bad tag: %v", protowire.ParseError(n))
		}
		b = b[n:]
		f := field{num: num, typ: typ}
		switch typ {
		case protowire.VarintType:
			f.v, n = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			var v uint32
			v, n = protowire.ConsumeFixed32(b)
			f.v = uint64(v)
		case protowire.BytesType:
			f.bytes, n = protowire.ConsumeBytes(b)
		default:
			t.Fatalf("unexpected wire type %v", typ)
		}
		if n < 0 {
			t.Fatalf("bad value for field %d: %v", num, protowire.ParseError(n))
		}
		b = b[n:]
		out = append(out, f)
	}
	return out
}

// only returns the fields numbered num.
func only(fs []field, num protowire.Number) []field {
	var out []field
	for _, f := range fs {
		if f.num == num {
			out = append(out, f)
		}
	}
	return out
}

func TestModelFields(t *testing.T) {
	m := &Model{
		IRVersion:    8,
		Opsets:       []Opset{{Version: 17}},
		ProducerName: "test",
		Graph:        &Graph{Name: "g"},
		Metadata:     []KeyValue{{"k", "v"}},
	}
	fs := decode(t, m.Marshal())
	if f := only(fs, 1); len(f) != 1 || f[0].v != 8 {
		t.Errorf("ir_version (1) = %+v, want 8", f)
	}
	if f := only(fs, 2); len(f) != 1 || string(f[0].bytes) != "test" {
		t.Errorf("producer_name (2) = %+v", f)
	}
	opset := only(fs, 8)
	if len(opset) != 1 {
		t.Fatalf("opset_import (8) count = %d", len(opset))
	}
	if v := only(decode(t, opset[0].bytes), 2); len(v) != 1 || v[0].v != 17 {
		t.Errorf("opset version (2) = %+v, want 17", v)
	}
	graph := only(fs, 7)
	if len(graph) != 1 || string(only(decode(t, graph[0].bytes), 2)[0].bytes) != "g" {
		t.Errorf("graph (7) with name (2) g missing: %+v", graph)
	}
	meta := only(fs, 14)
	if len(meta) != 1 || string(only(decode(t, meta[0].bytes), 2)[0].bytes) != "v" {
		t.Errorf("metadata_props (14) = %+v", meta)
	}
}

func TestTensorFields(t *testing.T) {
	tensor := DoubleTensor("w", []int64{2, 0}, 1.5, -2)
	fs := decode(t, tensor.marshal())
	dims := only(fs, 1)
	if len(dims) != 1 || dims[0].typ != protowire.BytesType {
		t.Fatalf("dims (1) must be one packed field, got %+v", dims)
	}
	if d0, n := protowire.ConsumeVarint(dims[0].bytes); n != 1 || d0 != 2 || dims[0].bytes[1] != 0 {
		t.Errorf("packed dims = %v, want [2 0]", dims[0].bytes)
	}
	if f := only(fs, 2); len(f) != 1 || DataType(f[0].v) != Double {
		t.Errorf("data_type (2) = %+v, want DOUBLE", f)
	}
	if f := only(fs, 8); len(f) != 1 || string(f[0].bytes) != "w" {
		t.Errorf("name (8) = %+v", f)
	}
	raw := only(fs, 9)
	if len(raw) != 1 || len(raw[0].bytes) != 16 {
		t.Fatalf("raw_data (9) = %+v, want 16 bytes", raw)
	}
	if got := math.Float64frombits(leUint64(raw[0].bytes[8:])); got != -2 {
		t.Errorf("second element = %v, want -2 (little-endian IEEE 754)", got)
	}
	// A zero-element tensor still carries an (empty) raw_data field.
	empty := Int64Tensor("empty", []int64{0})
	if f := only(decode(t, empty.marshal()), 9); len(f) != 1 {
		t.Errorf("empty tensor lost raw_data: %+v", f)
	}
}

func leUint64(b []byte) uint64 {
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

func TestValueInfoShape(t *testing.T) {
	vi := ValueInfo{Name: "audio", ElemType: Float, Shape: []Dim{Symbolic("frames"), Fixed(2)}}
	fs := decode(t, vi.marshal())
	typ := decode(t, only(fs, 2)[0].bytes)
	tensorType := decode(t, only(typ, 1)[0].bytes)
	if e := only(tensorType, 1); len(e) != 1 || DataType(e[0].v) != Float {
		t.Errorf("elem_type = %+v", e)
	}
	dims := only(decode(t, only(tensorType, 2)[0].bytes), 1)
	if len(dims) != 2 {
		t.Fatalf("dims = %d, want 2", len(dims))
	}
	if p := only(decode(t, dims[0].bytes), 2); len(p) != 1 || string(p[0].bytes) != "frames" {
		t.Errorf("dim 0 dim_param (2) = %+v", p)
	}
	if v := only(decode(t, dims[1].bytes), 1); len(v) != 1 || v[0].v != 2 {
		t.Errorf("dim 1 dim_value (1) = %+v", v)
	}

	// A scalar still has a shape field, with no dims, so it is not "unknown rank".
	scalar := ValueInfo{Name: "s", ElemType: Int64}
	st := decode(t, only(decode(t, only(decode(t, scalar.marshal()), 2)[0].bytes), 1)[0].bytes)
	if s := only(st, 2); len(s) != 1 || len(s[0].bytes) != 0 {
		t.Errorf("scalar shape = %+v, want one empty shape", s)
	}
}

func TestAttributeFields(t *testing.T) {
	tests := []struct {
		name  string
		attr  Attribute
		field protowire.Number
		check func(fs []field) bool
	}{
		{"int", IntAttr("to", 11), 3, func(fs []field) bool { return fs[0].v == 11 }},
		{"negative int", IntAttr("axis", -1), 3, func(fs []field) bool { return int64(fs[0].v) == -1 }},
		{"float", FloatAttr("alpha", 0.5), 2, func(fs []field) bool { return math.Float32frombits(uint32(fs[0].v)) == 0.5 }},
		{"string", StringAttr("mode", "constant"), 4, func(fs []field) bool { return string(fs[0].bytes) == "constant" }},
		{"ints", IntsAttr("perm", 1, 0), 8, func(fs []field) bool { return len(fs) == 2 && fs[0].v == 1 && fs[1].v == 0 }},
		{"floats", FloatsAttr("scales", 1, 2), 7, func(fs []field) bool { return len(fs) == 2 }},
		{"tensor", TensorAttr("value", FloatTensor("", nil, 1)), 5, func(fs []field) bool { return len(fs) == 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := decode(t, tt.attr.marshal())
			if n := only(fs, 1); len(n) != 1 || string(n[0].bytes) != tt.attr.Name {
				t.Errorf("name (1) = %+v", n)
			}
			if typ := only(fs, 20); len(typ) != 1 || AttrType(typ[0].v) != tt.attr.Type {
				t.Errorf("type (20) = %+v, want %d", typ, tt.attr.Type)
			}
			if v := only(fs, tt.field); len(v) == 0 || !tt.check(v) {
				t.Errorf("value field %d = %+v", tt.field, v)
			}
		})
	}
}

func TestNodeKeepsEmptyOptionalInput(t *testing.T) {
	n := Node{OpType: "Clip", Inputs: []string{"x", "", "max"}, Outputs: []string{"y"}}
	in := only(decode(t, n.marshal()), 1)
	if len(in) != 3 || string(in[1].bytes) != "" || string(in[2].bytes) != "max" {
		t.Errorf("inputs = %+v, want x, \"\", max in position", in)
	}
}

func TestBuilderNamesAndDeterminism(t *testing.T) {
	build := func() []byte {
		b := NewBuilder("g")
		x := b.Input("x", Float, Fixed(2))
		y := b.Op("Add", x, b.Initializer(FloatTensor("", []int64{2}, 1, 2)))
		b.Output("y", y, Float, Fixed(2))
		return (&Model{IRVersion: 8, Opsets: []Opset{{Version: 17}}, Graph: b.Graph()}).Marshal()
	}
	if a, b := build(), build(); string(a) != string(b) {
		t.Error("the same graph encoded to different bytes")
	}
	defer func() {
		if recover() == nil {
			t.Error("reusing a value name did not panic")
		}
	}()
	b := NewBuilder("g")
	b.Input("x", Float)
	b.Input("x", Float)
}
