package perform

import "math"

// timbre is how an instrument sounds in the harmonic-plus-noise synthesiser.
type timbre struct {
	harmonics []float32 // relative amplitudes of harmonics 1, 2, …
	gain      float32   // level in the mix before mastering
	attack    float64   // seconds to full level
	decay     float64   // seconds from full level down to sustain
	sustain   float64   // held level, 0..1 of full
	release   float64   // seconds to silence after the note ends
	vibrato   float64   // depth as a fraction of f0 (0.003 ≈ 5 cents)
	breath    float32   // noise level relative to the harmonic level (bow, pick, air)
	color     float32   // noise colour: 0 white … 1 bright
	sustained bool      // held chords that carry the score's pulse (see performer.swell)
}

// spectrum builds 1/k^tilt harmonic amplitudes, keeping only the harmonics kept says.
func spectrum(n int, tilt float64, kept func(k int) bool) []float32 {
	h := make([]float32, n)
	for k := 1; k <= n; k++ {
		if kept == nil || kept(k) {
			h[k-1] = float32(1 / math.Pow(float64(k), tilt))
		}
	}
	return h
}

func odd(k int) bool { return k%2 == 1 }

// timbres of the tonal instruments. Brightness tilts them at run time (see brighten).
var timbres = map[string]timbre{
	"bass":       {harmonics: spectrum(12, 1.6, nil), gain: 0.55, attack: 0.005, decay: 0.15, sustain: 0.7, release: 0.06},
	"pads":       {harmonics: spectrum(16, 1.2, nil), gain: 0.16, attack: 0.35, decay: 0.5, sustain: 0.8, release: 0.6, vibrato: 0.002, sustained: true},
	"strings":    {harmonics: spectrum(20, 1.0, nil), gain: 0.14, attack: 0.25, decay: 0.3, sustain: 0.85, release: 0.4, vibrato: 0.004, breath: 0.015, color: 0.6, sustained: true},
	"piano":      {harmonics: spectrum(14, 1.8, nil), gain: 0.22, attack: 0.003, decay: 1.2, sustain: 0.15, release: 0.25},
	"guitar":     {harmonics: spectrum(16, 1.5, nil), gain: 0.2, attack: 0.004, decay: 0.8, sustain: 0.2, release: 0.15, breath: 0.04, color: 0.8},
	"plucks":     {harmonics: spectrum(12, 1.3, odd), gain: 0.18, attack: 0.002, decay: 0.25, sustain: 0.0, release: 0.08},
	"lead synth": {harmonics: spectrum(20, 1.0, nil), gain: 0.2, attack: 0.01, decay: 0.2, sustain: 0.75, release: 0.12, vibrato: 0.005},
	"bells":      {harmonics: []float32{1, 0, 0.5, 0, 0.3, 0, 0, 0.25, 0, 0, 0.12}, gain: 0.12, attack: 0.002, decay: 1.8, sustain: 0.0, release: 0.5},
}

// envelope is the level of a note at time t seconds after its start, for a note held for
// hold seconds: attack, decay to sustain while held, then release.
func (tb timbre) envelope(t, hold float64) float64 {
	level := func(t float64) float64 {
		switch {
		case t < 0:
			return 0
		case t < tb.attack:
			return t / tb.attack
		case tb.decay > 0 && t < tb.attack+tb.decay:
			// exponential-looking decay: quick at first, like a struck or plucked string
			x := (t - tb.attack) / tb.decay
			return tb.sustain + (1-tb.sustain)*math.Pow(1-x, 2)
		default:
			return tb.sustain
		}
	}
	if t <= hold {
		return level(t)
	}
	if tb.release <= 0 {
		return 0
	}
	r := (t - hold) / tb.release
	if r >= 1 {
		return 0
	}
	return level(hold) * (1 - r) * (1 - r)
}

// tail is how long a note sounds after it is released.
func (tb timbre) tail() float64 { return tb.release }

// brighten tilts a spectrum: brightness 0.5 keeps it, 0 darkens (upper harmonics fall
// away), 1 brightens.
func brighten(h []float32, brightness float64) []float32 {
	out := make([]float32, len(h))
	tilt := (0.5 - brightness) * 1.2
	for i, v := range h {
		out[i] = v * float32(math.Pow(float64(i+1), -tilt))
	}
	return out
}
