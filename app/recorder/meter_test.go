package recorder

import (
	"math"
	"testing"
	"time"
)

// The meter reads a full-scale sine at 0 dBFS peak and −3 dBFS RMS, 30 times a second,
// flags clipping only when a sample reaches full scale, and reads silence as the floor.
func TestMeterReadsLevels(t *testing.T) {
	const rate = 48000
	var got []Level
	m := newMeter(rate)
	sine := func(amp float64, frames int) []float32 {
		x := make([]float32, 2*frames)
		for i := range frames {
			v := float32(amp * math.Sin(2*math.Pi*1000*float64(i)/rate))
			x[2*i], x[2*i+1] = v, v
		}
		return x
	}
	m.add(sine(0.5, rate), 2, func(l Level) { got = append(got, l) })
	if len(got) != LevelsPerSecond {
		t.Fatalf("%d readings in a second, want %d", len(got), LevelsPerSecond)
	}
	for _, l := range got {
		if math.Abs(l.PeakDB-(-6.02)) > 0.05 || math.Abs(l.RMSDB-(-9.03)) > 0.05 || l.Clipped {
			t.Fatalf("half-scale sine read %+v, want −6.02 dBFS peak, −9.03 RMS, not clipped", l)
		}
	}
	got = nil
	m.add(sine(1.2, rate/LevelsPerSecond), 2, func(l Level) { got = append(got, l) })
	if len(got) != 1 || !got[0].Clipped {
		t.Errorf("an overdriven sine read %+v, want clipped", got)
	}
	got = nil
	m.add(make([]float32, 2*rate/LevelsPerSecond), 2, func(l Level) { got = append(got, l) })
	if len(got) != 1 || got[0].PeakDB != FloorDB || got[0].RMSDB != FloorDB || got[0].Clipped {
		t.Errorf("silence read %+v, want the floor", got)
	}
}

func TestBufferLatency(t *testing.T) {
	for _, c := range []struct {
		frames, periods, rate int
		want                  time.Duration
	}{
		{480, 3, 48000, 30 * time.Millisecond},
		{256, 2, 44100, 11609977 * time.Nanosecond},
		{4096, 4, 48000, 341333333 * time.Nanosecond},
		{1024, 0, 16000, 64 * time.Millisecond}, // 0 periods counts as one
		{1024, 3, 0, 0},
	} {
		if got := bufferLatency(c.frames, c.periods, c.rate); got != c.want {
			t.Errorf("%d × %d at %d Hz: %v, want %v", c.frames, c.periods, c.rate, got, c.want)
		}
	}
	if w := (Latency{Buffer: 30 * time.Millisecond}).Warning(); w != nil {
		t.Errorf("30 ms warned: %+v", w)
	}
	if w := (Latency{Buffer: 30 * time.Millisecond, RoundTrip: 200 * time.Millisecond}).Warning(); w == nil || w.Code != "latency" {
		t.Errorf("a 200 ms round trip: %+v, want a latency warning", w)
	}
}
