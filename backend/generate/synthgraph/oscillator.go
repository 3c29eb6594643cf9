package synthgraph

import (
	"math"

	"stableaudio/backend/generate/onnxpb"
)

// Band limit: harmonic k of a voice fades out as k·max(f0) rises from
// bandEdge−bandRolloff to bandEdge (fractions of the sample rate). The fade,
// rather than a hard cut, keeps the step small when a rising melody pushes
// a harmonic out between one chunk's wavetable and the next.
const (
	bandEdge    = 0.45
	bandRolloff = 0.05
)

// oscillator builds the harmonic part of every voice for one chunk: wave,
// [V, N] float32, is each voice's band-limited waveform at unit total
// harmonic amplitude, and phaseOut, [V] float64, is where each oscillator
// ends, in cycles in [0, 1), for the next chunk to start from.
func (g *graph) oscillator(cfg Config, f0, harmonics, phase string) (wave, phaseOut string) {
	sr := float64(cfg.SampleRate)
	f := g.Op("Clip", f0, g.f(0), g.f(float32(sr/2)))
	table, delta := g.wavetable(cfg, f, harmonics)
	pos, phaseOut := g.phase(cfg, f, phase)

	// Linear interpolation between table samples. pos is not negative
	// (bar rounding, which truncation maps to 0), so Cast's truncation is
	// floor; the table length is a power of two, so the wrap to one cycle
	// is a mask.
	whole := g.cast(pos, onnxpb.Int32)
	frac := g.sub(pos, g.cast(whole, onnxpb.Float))
	idx := g.Op("BitwiseAnd", whole, g.i32(int32(cfg.TableSize-1)))
	// GatherElements reads row v of the table for voice v's indices; it
	// costs an eighth of a Gather on the flattened table in ORT, which
	// copies element by element.
	along := []onnxpb.Attribute{onnxpb.IntAttr("axis", 1)}
	y0 := g.OpAttrs("GatherElements", along, table, idx)
	dy := g.OpAttrs("GatherElements", along, delta, idx)
	return g.add(y0, g.mul(frac, dy)), phaseOut
}

// wavetable builds one cycle of each voice's waveform, [V, T], as the sum of
// sin(2π·k·t/T)·h_k, and its forward difference (table[t+1] − table[t],
// wrapping), which turns the interpolation into one multiply-add.
// Harmonics above the band limit for the chunk's highest f0 are removed
// first, then the rest are normalised to sum 1, so a voice's amplitude
// envelope is the peak bound of its waveform whatever its pitch.
func (g *graph) wavetable(cfg Config, f, harmonics string) (table, delta string) {
	k, t := cfg.Harmonics, cfg.TableSize
	sr := float32(cfg.SampleRate)
	ks := make([]float32, k)
	for i := range ks {
		ks[i] = float32(i + 1)
	}
	kRow := g.floats([]int64{1, int64(k)}, ks...)

	fmax := g.reduce("ReduceMax", f, 1, true) // [V, 1]
	headroom := g.sub(g.f(bandEdge*sr), g.mul(kRow, fmax))
	gain := g.Op("Clip", g.scale(headroom, 1/(bandRolloff*sr)), g.f(0), g.f(1))
	h := g.mul(g.Op("Relu", harmonics), gain)
	total := g.Op("Max", g.reduce("ReduceSum", h, 1, true), g.f(1e-20))
	table = g.Op("MatMul", g.div(h, total), g.sineBasis(k, t))

	next := g.concat(1, g.slice(table, 1, 1, int64(t)), g.slice(table, 1, 0, 1))
	return table, g.sub(next, table)
}

// sineBasis is the [K, T] matrix sin(2π·((k·t) mod T)/T), k = 1..K. It
// depends only on constants, so ORT folds it once when the session opens.
// Reducing k·t modulo T first (exact in float32: k·t < 2^24) keeps the
// argument of Sin below 2π, where float32 is accurate to ~1e-7.
func (g *graph) sineBasis(k, t int) string {
	ks := make([]float32, k)
	for i := range ks {
		ks[i] = float32(i + 1)
	}
	ts := make([]float32, t)
	for i := range ts {
		ts[i] = float32(i)
	}
	kt := g.mul(g.floats([]int64{int64(k), 1}, ks...), g.floats([]int64{1, int64(t)}, ts...))
	wrapped := g.OpAttrs("Mod", []onnxpb.Attribute{onnxpb.IntAttr("fmod", 1)}, kt, g.f(float32(t)))
	return g.Op("Sin", g.scale(wrapped, float32(2*math.Pi/float64(t))))
}

// phase computes every sample's oscillator position, in table samples
// (≥ 0, before wrapping), [V, N] float32, and the phase after the chunk.
//
// f0 is linear between frames, so the phase is a quadratic within each
// frame and the running sum CumSum(f0/sr) has a closed form. With frame c
// running from f_c to f_{c+1}, sample j (0 ≤ j < H) of the frame sits at
//
//	P_c + (f_c·j + (f_{c+1} − f_c)·j(j−1)/(2H)) / sr   cycles,
//
// where P_c, the phase at the frame's first sample, is the exclusive
// cumulative sum of whole-frame increments, kept in float64 and wrapped to
// [0, 1). Only the within-frame part (at most H/2 cycles) is float32, so the
// phase never loses precision however long the track, and the chunk's end
// phase is exact to float64 for the next chunk. The per-sample expansion is
// one MatMul of the three per-frame coefficients with a [3, H] basis
// (1, j, j(j−1)/2): a single pass over [V, N] instead of a CumSum,
// a Mod and several element-wise ops in float64.
func (g *graph) phase(cfg Config, f, phase string) (pos, phaseOut string) {
	v, c, h := int64(cfg.Voices), int64(cfg.FramesPerChunk), int64(cfg.Hop)
	sr, tsize := float64(cfg.SampleRate), float64(cfg.TableSize)

	fd := g.cast(f, onnxpb.Double)
	a, b := g.slice(fd, 1, 0, c), g.slice(fd, 1, 1, c+1)
	// Whole-frame increment: Σ_j (f_c + (f_{c+1}−f_c)·j/H) / sr.
	inc := g.add(g.scaleD(a, float64(h+1)/(2*sr)), g.scaleD(b, float64(h-1)/(2*sr)))
	axis := g.Initializer(onnxpb.Int64Tensor("", nil, 1))
	before := g.OpAttrs("CumSum", []onnxpb.Attribute{onnxpb.IntAttr("exclusive", 1)}, inc, axis)
	p0 := g.unsqueeze(phase, 1)
	start := g.fract(g.add(p0, before))
	end := g.add(p0, g.reduce("ReduceSum", inc, 1, true))
	phaseOut = g.reshape(g.fract(end), v)

	k0 := g.scaleD(start, tsize)
	k1 := g.scaleD(a, tsize/sr)
	k2 := g.scaleD(g.sub(b, a), tsize/(float64(h)*sr))
	coef := g.cast(g.concat(2, g.unsqueeze(k0, 2), g.unsqueeze(k1, 2), g.unsqueeze(k2, 2)), onnxpb.Float)
	basis := make([]float32, 3*h)
	for j := range h {
		basis[j], basis[h+j], basis[2*h+j] = 1, float32(j), float32(j*(j-1)/2)
	}
	within := g.Op("MatMul", coef, g.floats([]int64{3, h}, basis...)) // [V, C, H]
	return g.reshape(within, v, c*h), phaseOut
}
