package player

import (
	"slices"
	"testing"
	"time"

	"stableaudio/backend/audio"
)

// ramp returns frames*channels samples whose values count up from 1, so a
// copied range is easy to recognise and silence (0) stands out.
func ramp(frames, channels int) []float32 {
	s := make([]float32, frames*channels)
	for i := range s {
		s[i] = float32(i + 1)
	}
	return s
}

func TestRender(t *testing.T) {
	tests := []struct {
		name      string
		src       []float32
		channels  int
		dstFrames int
		cursor    int64
		want      []float32
		wantNext  int64
		wantEnded bool
	}{
		{"from start", ramp(4, 1), 1, 2, 0, []float32{1, 2}, 2, false},
		{"middle", ramp(4, 1), 1, 2, 1, []float32{2, 3}, 3, false},
		{"exactly to the end", ramp(4, 1), 1, 2, 2, []float32{3, 4}, 4, true},
		{"tail is zero-filled", ramp(4, 1), 1, 3, 3, []float32{4, 0, 0}, 4, true},
		{"at the end gives silence", ramp(4, 1), 1, 2, 4, []float32{0, 0}, 4, true},
		{"past the end clamps", ramp(4, 1), 1, 2, 9, []float32{0, 0}, 4, true},
		{"negative cursor clamps", ramp(4, 1), 1, 2, -3, []float32{0, 0}, 0, true},
		{"stereo keeps frames together", ramp(3, 2), 2, 2, 1, []float32{3, 4, 5, 6}, 3, true},
		{"stereo partial", ramp(3, 2), 2, 2, 2, []float32{5, 6, 0, 0}, 3, true},
		{"empty track", nil, 2, 2, 0, []float32{0, 0, 0, 0}, 0, true},
		{"no channels", ramp(4, 1), 0, 2, 0, []float32{0, 0}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := max(tt.channels, 1)
			dst := make([]float32, tt.dstFrames*ch)
			for i := range dst {
				dst[i] = -1 // stale device memory must not survive
			}
			next, ended := render(dst, tt.src, tt.channels, tt.cursor)
			if !slices.Equal(dst, tt.want) || next != tt.wantNext || ended != tt.wantEnded {
				t.Errorf("render(cursor %d) = %v, next %d, ended %v; want %v, %d, %v",
					tt.cursor, dst, next, ended, tt.want, tt.wantNext, tt.wantEnded)
			}
		})
	}
}

func TestRenderDoesNotAllocate(t *testing.T) {
	src, dst := ramp(48000, 2), make([]float32, 512*2)
	allocs := testing.AllocsPerRun(100, func() { render(dst, src, 2, 100) })
	if allocs != 0 {
		t.Errorf("render allocates %v times per call; the audio thread must not", allocs)
	}
}

func TestTrackTimeConversion(t *testing.T) {
	tr := newTrack("x", &audio.Buffer{SampleRate: 48000, Channels: 2, Samples: make([]float32, 2*48000*3)})
	tests := []struct {
		pos  time.Duration
		want int64
	}{
		{-time.Second, 0},
		{0, 0},
		{500 * time.Millisecond, 24000},
		{2*time.Second + time.Millisecond, 96048},
		{3 * time.Second, 144000},
		{time.Hour, 144000}, // clamped to the end
	}
	for _, tt := range tests {
		if got := tr.frameAt(tt.pos); got != tt.want {
			t.Errorf("frameAt(%v) = %d, want %d", tt.pos, got, tt.want)
		}
	}
	if got := tr.duration(tr.frames); got != 3*time.Second {
		t.Errorf("duration(all) = %v, want 3s", got)
	}
	if got := tr.duration(24000); got != 500*time.Millisecond {
		t.Errorf("duration(24000) = %v, want 500ms", got)
	}
	// A six-hour track at 192 kHz must not overflow the conversion.
	long := &track{sampleRate: 192000, frames: 192000 * 6 * 3600}
	if got := long.duration(long.frames); got != 6*time.Hour {
		t.Errorf("long duration = %v, want 6h", got)
	}
}

func TestFloatsViewsTheSameMemory(t *testing.T) {
	b := make([]byte, 12)
	f := floats(b)
	if len(f) != 3 {
		t.Fatalf("len = %d, want 3", len(f))
	}
	f[1] = 1 // 0x3f800000, little endian on every platform Wails supports
	if b[7] != 0x3f || b[6] != 0x80 {
		t.Errorf("bytes = %v, want the float written in place", b)
	}
	if floats(nil) != nil || floats(make([]byte, 3)) != nil {
		t.Error("a buffer shorter than one sample must give nil")
	}
}

func TestStallWatch(t *testing.T) {
	t0 := time.Unix(0, 0)
	var w stallWatch
	w.reset(10, t0)
	steps := []struct {
		cursor int64
		at     time.Duration
		stuck  bool
	}{
		{10, time.Second, false},
		{20, 2 * time.Second, false}, // moved: the clock restarts here
		{20, 2*time.Second + stallAfter, false},
		{20, 2*time.Second + stallAfter + time.Millisecond, true},
		{5, 10 * time.Second, false}, // a seek back counts as movement
	}
	for _, s := range steps {
		if got := w.stuck(s.cursor, t0.Add(s.at)); got != s.stuck {
			t.Errorf("stuck(%d at %v) = %v, want %v", s.cursor, s.at, got, s.stuck)
		}
	}
}
