package audio

import (
	"math"
	"testing"
)

// Gains of the down-mix to stereo before and after its normalisation: a front channel
// is 1, a centre or surround −3 dB; the busiest output sums to 1+√2/2 (3.0, quad),
// 1+√2 (5.0, 5.1) or 1+3√2/2 (6.1, 7.1).
var (
	m3           = math.Sqrt2 / 2
	norm3        = 1 / (1 + m3)
	norm5        = 1 / (1 + 2*m3)
	norm7        = 1 / (1 + 3*m3)
	mixTolerance = 1e-6
)

func TestMixChannels(t *testing.T) {
	tests := []struct {
		name     string
		in       []float32 // one frame
		channels int
		want     []float32
	}{
		{"mono to stereo copies at equal level", []float32{0.8}, 2, []float32{0.8, 0.8}},
		{"mono stays mono", []float32{-0.3}, 1, []float32{-0.3}},
		{"stereo to mono averages", []float32{0.8, 0.2}, 1, []float32{0.5}},
		{"stereo to mono: opposite phases cancel", []float32{0.6, -0.6}, 1, []float32{0}},
		{"stereo stays stereo", []float32{0.1, 0.2}, 2, []float32{0.1, 0.2}},

		{"3.0: left", []float32{1, 0, 0}, 2, f32(norm3, 0)},
		{"3.0: centre to both at −3 dB", []float32{0, 0, 1}, 2, f32(m3*norm3, m3*norm3)},
		{"quad: left surround", []float32{0, 0, 1, 0}, 2, f32(m3*norm3, 0)},
		{"quad: right surround", []float32{0, 0, 0, 1}, 2, f32(0, m3*norm3)},
		{"5.0: right surround", []float32{0, 0, 0, 0, 1}, 2, f32(0, m3*norm5)},
		{"5.1: right", []float32{0, 1, 0, 0, 0, 0}, 2, f32(0, norm5)},
		{"5.1: centre", []float32{0, 0, 1, 0, 0, 0}, 2, f32(m3*norm5, m3*norm5)},
		{"5.1: LFE dropped", []float32{0, 0, 0, 1, 0, 0}, 2, f32(0, 0)},
		{"5.1: left surround", []float32{0, 0, 0, 0, 1, 0}, 2, f32(m3*norm5, 0)},
		{"5.1: right surround", []float32{0, 0, 0, 0, 0, 1}, 2, f32(0, m3*norm5)},
		{"6.1: back centre to both", []float32{0, 0, 0, 0, 0, 0, 1}, 2, f32(m3*norm7, m3*norm7)},
		{"6.1: LFE dropped", []float32{0, 0, 0, 1, 0, 0, 0}, 2, f32(0, 0)},
		{"7.1: left back", []float32{0, 0, 0, 0, 0, 0, 1, 0}, 2, f32(m3*norm7, 0)},
		{"7.1: right side", []float32{0, 0, 0, 0, 0, 1, 0, 0}, 2, f32(0, m3*norm7)},
		{"7.1: left", []float32{1, 0, 0, 0, 0, 0, 0, 0}, 2, f32(norm7, 0)},

		{"5.1 to mono: left", []float32{1, 0, 0, 0, 0, 0}, 1, f32(norm5 / 2)},
		{"5.1 to mono: centre", []float32{0, 0, 1, 0, 0, 0}, 1, f32(m3 * norm5)},
		{"5.1 to mono: LFE dropped", []float32{0, 0, 0, 1, 0, 0}, 1, f32(0)},
		{"7.1 to mono: right back", []float32{0, 0, 0, 0, 0, 0, 0, 1}, 1, f32(m3 * norm7 / 2)},
		{"3.0 to mono: all at full scale", []float32{1, 1, 1}, 1, f32(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Three frames, the middle one the test's, so a frame-indexing slip shows.
			in := len(tt.in)
			b := NewBuffer(48000, in, 3)
			copy(b.Samples[in:], tt.in)
			out, err := MixChannels(b, tt.channels)
			if err != nil {
				t.Fatal(err)
			}
			if out.Channels != tt.channels || out.Frames() != 3 || out.SampleRate != 48000 {
				t.Fatalf("got %d channels, %d frames at %d Hz; want %d channels, 3 frames at 48000 Hz",
					out.Channels, out.Frames(), out.SampleRate, tt.channels)
			}
			for i, v := range out.Samples {
				want := float32(0)
				if f := i / tt.channels; f == 1 {
					want = tt.want[i%tt.channels]
				}
				if math.Abs(float64(v-want)) > mixTolerance {
					t.Errorf("frame %d channel %d = %.6f, want %.6f", i/tt.channels, i%tt.channels, v, want)
				}
			}
		})
	}
}

func f32(v ...float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

// Every combination of ±full scale across the channels, the worst case for clipping,
// stays within ±1, and the all-positive one reaches exactly 1.
func TestMixChannelsCannotClip(t *testing.T) {
	for in := 1; in <= 8; in++ {
		b := NewBuffer(44100, in, 1<<in)
		for f := range b.Frames() {
			for c := range in {
				b.Samples[f*in+c] = 1
				if f>>c&1 == 1 {
					b.Samples[f*in+c] = -1
				}
			}
		}
		for _, channels := range []int{1, 2} {
			out, err := MixChannels(b, channels)
			if err != nil {
				t.Fatal(err)
			}
			var peak float32
			for _, v := range out.Samples {
				peak = max(peak, v, -v)
			}
			if peak > 1 || out.Samples[0] != 1 {
				t.Errorf("%d → %d channels: peak %.9f, first frame %.9f; want 1 for both", in, channels, peak, out.Samples[0])
			}
		}
	}
}

// Mixing to stereo and back to mono returns a mono signal unchanged.
func TestMixMonoRoundTrip(t *testing.T) {
	b := toneAt(22050, 1, 0.1, 440, 0.9)
	st, err := MixChannels(b, 2)
	if err != nil {
		t.Fatal(err)
	}
	back, err := MixChannels(st, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i := range b.Samples {
		if back.Samples[i] != b.Samples[i] {
			t.Fatalf("sample %d: %v became %v", i, b.Samples[i], back.Samples[i])
		}
	}
}

func TestMixChannelsCopiesAndRejects(t *testing.T) {
	b := NewBuffer(44100, 2, 4)
	b.Samples[3] = 0.5
	out, err := MixChannels(b, 2)
	if err != nil || out == b || out.Samples[3] != 0.5 {
		t.Fatalf("same count: got %v, %v; want a copy", out, err)
	}
	out.Samples[3] = 0
	if b.Samples[3] != 0.5 {
		t.Fatal("the copy shares its samples with the input")
	}

	tests := []struct {
		name     string
		buf      *Buffer
		channels int
	}{
		{"nil buffer", nil, 2},
		{"samples not whole frames", &Buffer{SampleRate: 44100, Channels: 2, Samples: make([]float32, 3)}, 1},
		{"no channels", &Buffer{SampleRate: 44100}, 2},
		{"to zero channels", NewBuffer(44100, 2, 4), 0},
		{"to 5.1", NewBuffer(44100, 2, 4), 6},
		{"from 9 channels", NewBuffer(44100, 9, 4), 2},
	}
	for _, tt := range tests {
		if out, err := MixChannels(tt.buf, tt.channels); err == nil || out != nil {
			t.Errorf("%s: got %v, %v; want an error", tt.name, out, err)
		}
	}
}
