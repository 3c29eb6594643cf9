package onnxpb

import "fmt"

// Builder assembles a Graph one operator at a time, naming intermediate
// values itself so graph code reads like expressions:
//
//	x := b.Input("x", onnxpb.Float, onnxpb.Fixed(2))
//	y := b.Op("Add", x, b.Initializer(onnxpb.FloatTensor("one", nil, 1)))
//	b.Output("y", y, onnxpb.Float, onnxpb.Fixed(2))
type Builder struct {
	g     Graph
	names map[string]bool // every value name in use, to catch collisions early
	next  int
}

// NewBuilder starts an empty graph called name.
func NewBuilder(name string) *Builder {
	return &Builder{g: Graph{Name: name}, names: map[string]bool{}}
}

// Input declares a graph input and returns its value name.
func (b *Builder) Input(name string, elem DataType, shape ...Dim) string {
	b.claim(name)
	b.g.Inputs = append(b.g.Inputs, ValueInfo{Name: name, ElemType: elem, Shape: shape})
	return name
}

// Initializer adds a constant tensor and returns its value name. A tensor
// without a name is given one.
func (b *Builder) Initializer(t Tensor) string {
	if t.Name == "" {
		t.Name = b.fresh("const")
	} else {
		b.claim(t.Name)
	}
	b.g.Initializers = append(b.g.Initializers, t)
	return t.Name
}

// Op applies a single-output operator and returns the name of its output.
func (b *Builder) Op(opType string, inputs ...string) string {
	return b.OpAttrs(opType, nil, inputs...)
}

// OpAttrs is Op for operators that take attributes.
func (b *Builder) OpAttrs(opType string, attrs []Attribute, inputs ...string) string {
	out := b.fresh(opType)
	b.g.Nodes = append(b.g.Nodes, Node{
		OpType:     opType,
		Name:       out,
		Inputs:     inputs,
		Outputs:    []string{out},
		Attributes: attrs,
	})
	return out
}

// Output exposes value as the graph output name. It goes through an Identity
// node so that any intermediate value can become an output under a stable
// public name; ORT removes the Identity when it optimises the graph.
func (b *Builder) Output(name, value string, elem DataType, shape ...Dim) {
	b.claim(name)
	b.g.Nodes = append(b.g.Nodes, Node{
		OpType:  "Identity",
		Name:    name + "_out",
		Inputs:  []string{value},
		Outputs: []string{name},
	})
	b.g.Outputs = append(b.g.Outputs, ValueInfo{Name: name, ElemType: elem, Shape: shape})
}

// Graph returns the graph built so far.
func (b *Builder) Graph() *Graph {
	g := b.g
	return &g
}

// claim reserves a caller-chosen name; reusing one is a programming error in
// the graph code, so it panics like a duplicate map key in a literal would.
func (b *Builder) claim(name string) {
	if name == "" || b.names[name] {
		panic(fmt.Sprintf("onnxpb: value name %q is empty or already used", name))
	}
	b.names[name] = true
}

// fresh makes a new value name from prefix, skipping names already claimed.
func (b *Builder) fresh(prefix string) string {
	for {
		b.next++
		name := fmt.Sprintf("%s_%d", prefix, b.next)
		if !b.names[name] {
			b.names[name] = true
			return name
		}
	}
}
