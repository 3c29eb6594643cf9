package audio

import (
	"math"
	"testing"
)

// An offset is gone after the blocker settles, while a bass note keeps its level. The
// tone (63 Hz, 700 samples a cycle) is measured over whole cycles, so its own mean is 0.
func TestRemoveDCKeepsTheMusic(t *testing.T) {
	const rate = 44100
	b := NewBuffer(rate, 2, rate*4)
	for f := range b.Frames() {
		tone := 0.5 * math.Sin(2*math.Pi*63*float64(f)/rate)
		b.Samples[2*f] = float32(tone + 0.05) // −26 dBFS of DC on the left
		b.Samples[2*f+1] = float32(tone - 0.01)
	}
	RemoveDC(b, false)
	settled := &Buffer{SampleRate: rate, Channels: 2, Samples: b.Samples[2*700*32:]} // after half a second
	for c, d := range DCOffset(settled) {
		if math.Abs(d) > 1e-4 {
			t.Errorf("channel %d: %.2e of DC left", c, d)
		}
	}
	var peak float64
	for _, v := range settled.Samples {
		peak = max(peak, math.Abs(float64(v)))
	}
	if db := 20 * math.Log10(peak/0.5); db < -0.3 || db > 0.1 {
		t.Errorf("a 63 Hz tone comes out at %+.2f dB", db)
	}
}

// A filtered loop joins its own start without a step: the jump from the last sample to
// the first is as small as the jumps inside.
func TestRemoveDCKeepsLoopsSeamless(t *testing.T) {
	const rate = 44100
	b := NewBuffer(rate, 1, rate) // one second: exactly 80 cycles of 80 Hz
	for f := range b.Frames() {
		b.Samples[f] = float32(0.3 + 0.4*math.Sin(2*math.Pi*80*float64(f)/rate))
	}
	RemoveDC(b, true)
	step := 2 * math.Pi * 80 / rate * 0.4 // the largest jump of the tone itself
	if seam := math.Abs(float64(b.Samples[0] - b.Samples[b.Frames()-1])); seam > step*1.01 {
		t.Errorf("seam jumps by %.4f, the tone by at most %.4f", seam, step)
	}
	if d := DCOffset(b)[0]; math.Abs(d) > 1e-4 {
		t.Errorf("%.2e of DC left in the loop", d)
	}
}
