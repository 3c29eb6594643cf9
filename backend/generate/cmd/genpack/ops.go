package main

import (
	"math"

	"stableaudio/backend/generate/onnxpb"
)

// graph wraps onnxpb.Builder with the double-precision arithmetic the synth
// is written in, so synth.go reads as formulas rather than node plumbing.
// All audio maths is in float64: a phase of 2π·f·t reaches ~10⁶ radians after
// 90 s, where float32 would leave only a few bits for the fraction.
type graph struct {
	*onnxpb.Builder
	doubles map[uint64]string // scalar constants already added, by bit pattern
	ints    map[int64]string
}

func newGraph(name string) *graph {
	return &graph{Builder: onnxpb.NewBuilder(name), doubles: map[uint64]string{}, ints: map[int64]string{}}
}

// k is a float64 scalar constant; each value is stored once.
func (g *graph) k(v float64) string {
	bits := math.Float64bits(v)
	if name, ok := g.doubles[bits]; ok {
		return name
	}
	name := g.Initializer(onnxpb.DoubleTensor("", nil, v))
	g.doubles[bits] = name
	return name
}

// ki is an int64 scalar constant; each value is stored once.
func (g *graph) ki(v int64) string {
	if name, ok := g.ints[v]; ok {
		return name
	}
	name := g.Initializer(onnxpb.Int64Tensor("", nil, v))
	g.ints[v] = name
	return name
}

// vec is a float64 constant vector.
func (g *graph) vec(values ...float64) string {
	return g.Initializer(onnxpb.DoubleTensor("", []int64{int64(len(values))}, values...))
}

func (g *graph) add(a, b string) string { return g.Op("Add", a, b) }
func (g *graph) sub(a, b string) string { return g.Op("Sub", a, b) }
func (g *graph) mul(a, b string) string { return g.Op("Mul", a, b) }
func (g *graph) sin(x string) string    { return g.Op("Sin", x) }
func (g *graph) exp(x string) string    { return g.Op("Exp", x) }
func (g *graph) floor(x string) string  { return g.Op("Floor", x) }

// scale multiplies by a constant.
func (g *graph) scale(x string, v float64) string { return g.mul(x, g.k(v)) }

// offset adds a constant.
func (g *graph) offset(x string, v float64) string { return g.add(x, g.k(v)) }

// sum adds any number of values.
func (g *graph) sum(xs ...string) string {
	acc := xs[0]
	for _, x := range xs[1:] {
		acc = g.add(acc, x)
	}
	return acc
}

// product multiplies any number of values.
func (g *graph) product(xs ...string) string {
	acc := xs[0]
	for _, x := range xs[1:] {
		acc = g.mul(acc, x)
	}
	return acc
}

// clamp limits x to [lo, hi].
func (g *graph) clamp(x string, lo, hi float64) string {
	return g.Op("Min", g.Op("Max", x, g.k(lo)), g.k(hi))
}

// fract is x - floor(x), in [0, 1).
func (g *graph) fract(x string) string { return g.sub(x, g.floor(x)) }

// hash is the classic shader hash fract(sin(x)·43758.5453): a cheap,
// stateless pseudo-random number in [0, 1) for every element, which is what
// lets each sample be computed independently of its neighbours.
func (g *graph) hash(x string) string { return g.fract(g.scale(g.sin(x), 43758.5453)) }

// cast converts x to the element type to.
func (g *graph) cast(x string, to onnxpb.DataType) string {
	return g.OpAttrs("Cast", []onnxpb.Attribute{onnxpb.IntAttr("to", int64(to))}, x)
}

// index turns a whole-valued float64 into an int64 index for Gather.
func (g *graph) index(x string) string { return g.cast(x, onnxpb.Int64) }

// ramp is min(1, x·rate) for x ≥ 0: a linear fade over 1/rate of x's unit,
// used as attack and release so no voice starts or stops with a click.
func (g *graph) ramp(x string, rate float64) string {
	return g.Op("Min", g.scale(x, rate), g.k(1))
}

// decay is exp(-x·rate).
func (g *graph) decay(x string, rate float64) string { return g.exp(g.scale(x, -rate)) }

// osc is sin(2π·h·f·t): harmonic h of frequency f (Hz) at time t (s).
func (g *graph) osc(f, t string, harmonic float64) string {
	return g.sin(g.mul(g.scale(f, 2*math.Pi*harmonic), t))
}

// pan splits a mono voice into (left, right) with linear gains, pan in
// [-1 (left), 1 (right)]; at centre each side gets half.
func (g *graph) pan(v, pan string) (string, string) {
	half := g.scale(v, 0.5)
	return g.mul(half, g.sub(g.k(1), pan)), g.mul(half, g.offset(pan, 1))
}

// panFixed is pan with a constant position.
func (g *graph) panFixed(v string, pan float64) (string, string) {
	return g.scale(v, 0.5*(1-pan)), g.scale(v, 0.5*(1+pan))
}
