package synthgraph

import (
	"encoding/binary"

	"stableaudio/backend/generate/onnxpb"
)

// Hash constants: 0x9E3779B9 is 2^32 divided by the golden ratio; the two
// multipliers and shifts are Chris Wellons' "lowbias32" integer hash, which
// has a very low avalanche bias for two multiplies.
const (
	golden    = 0x9E3779B9
	hashMul1  = 0x7feb352d
	hashMul2  = 0x846ca68b
	twoTo31   = 1 << 31
	sqrtThree = 1.7320508075688772
)

// hash32 is lowbias32 on uint32 values of any shape:
// x ^= x>>16; x *= m1; x ^= x>>15; x *= m2; x ^= x>>16.
func (g *graph) hash32(x string) string {
	x = g.mul(g.xorShift(x, 16), g.u(hashMul1))
	x = g.mul(g.xorShift(x, 15), g.u(hashMul2))
	return g.xorShift(x, 16)
}

// lowbias32 is hash32 in Go, for constants computed at build time.
func lowbias32(x uint32) uint32 {
	x ^= x >> 16
	x *= hashMul1
	x ^= x >> 15
	x *= hashMul2
	return x ^ x>>16
}

// noise builds every voice's noise for one chunk, [V, N] float32, and the
// per-voice gain, [V, 1], that brings it to unit RMS; the caller folds the
// gain into the (control-rate) noise envelope rather than spend a pass over
// [V, N] on it.
//
// Each sample is a pure function of (absolute sample index, voice, seed),
// so noise continues seamlessly across chunks and does not depend on the
// chunk size. It works in uint32, where ORT's integer kernels are exact on
// every platform and several times faster than the float64
// fract(sin(x)·43758.5) hash (Sin in float64 alone costs ~10 ms a chunk).
//
// The full hash runs once per sample, on r[n] = hash(index + key(seed)):
// uniform, independent 32-bit values. Voice v then takes r[n]·a_v mod 2^32
// with a fixed random odd multiplier a_v. Multiplying by an odd number is a
// bijection of the 32-bit ring, so every voice's noise is exactly as
// uniform and white as r itself; different multipliers scatter the same r
// to unrelated top bits (for 64 voices the worst of the 2016 pairwise
// correlations is at the level of chance, 0.003 over 2^20 samples). That is
// one pass over [V, N] instead of the nine of hashing every (voice, sample)
// pair, and cuts a chunk's noise from ~3.3 ms to ~1.1 ms. Another seed moves r
// to another place in the hash's 2^32 cycle.
//
// noise_color c blends white noise towards its first difference or its
// first sum: w[n] − c·w[n−1] is white at c = 0, rises 6 dB per octave at
// c = 1 (a hi-hat's hiss) and falls towards nothing at the Nyquist frequency
// at c = −1 (a dull, warm snare); its RMS, √(1+c²)/√3 for w uniform in
// [−1, 1), is undone by the gain.
func (g *graph) noise(cfg Config, color, start, seed string) (noise, gain string) {
	v, n := int64(cfg.Voices), int64(cfg.ChunkSamples())

	// Absolute indices start−1 … start+N−1: one extra sample before the
	// chunk for the difference. Casting int64 to uint32 wraps modulo 2^32.
	s := g.reshape(start, []int64{}...)
	index := g.Op("Range", g.add(s, g.Initializer(onnxpb.Int64Tensor("", nil, -1))),
		g.add(s, g.Initializer(onnxpb.Int64Tensor("", nil, n))), g.Initializer(onnxpb.Int64Tensor("", nil, 1)))
	r := g.hash32(g.add(g.unsqueeze(g.cast(index, uint32Type), 0), g.seedKey(seed))) // [1, N+1]

	multipliers := make([]byte, 0, 4*v)
	for i := range v {
		multipliers = binary.LittleEndian.AppendUint32(multipliers, lowbias32(uint32(i)+golden)|1)
	}
	perVoice := g.Initializer(onnxpb.Tensor{DataType: uint32Type, Dims: []int64{v, 1}, Raw: multipliers})
	// w: uniform in [0, 2^32) as float32, [V, N+1]; centred below.
	w := g.cast(g.mul(r, perVoice), onnxpb.Float)

	// (w[n] − 2^31) − c·(w[n−1] − 2^31), with the two centrings merged
	// into one per-voice constant, and the 2^-31 scale left to the gain.
	c := g.unsqueeze(g.Op("Clip", color, g.f(-1), g.f(1)), 1)
	dc := g.scale(g.sub(g.f(1), c), twoTo31)
	noise = g.sub(g.slice(w, 1, 1, n+1), g.add(g.mul(c, g.slice(w, 1, 0, n)), dc))
	gain = g.div(g.f(sqrtThree/twoTo31), g.Op("Sqrt", g.add(g.f(1), g.mul(c, c))))
	return noise, gain
}

// seedKey hashes the int64 seed to one uint32 key, [1]: both halves count,
// so seeds that differ only in their high 32 bits still differ.
func (g *graph) seedKey(seed string) string {
	s := g.cast(seed, uint64Type) // the cast wraps negatives
	high := g.OpAttrs("BitShift", []onnxpb.Attribute{onnxpb.StringAttr("direction", "RIGHT")}, s,
		g.Initializer(onnxpb.Tensor{DataType: uint64Type, Raw: binary.LittleEndian.AppendUint64(nil, 32)}))
	lo, hi := g.cast(s, uint32Type), g.cast(high, uint32Type)
	return g.hash32(g.Op("BitwiseXor", lo, g.hash32(g.add(hi, g.u(golden)))))
}
