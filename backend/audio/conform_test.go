package audio

import (
	"math"
	"testing"
)

func TestConform(t *testing.T) {
	const amp = 0.5
	centre := func(rate, channels int) *Buffer { // a 1 kHz tone in the centre channel only
		b := toneAt(rate, 1, 0.2, 1000, amp)
		out := NewBuffer(rate, channels, b.Frames())
		for f, v := range b.Samples {
			out.Samples[f*channels+2] = v
		}
		return out
	}
	tests := []struct {
		name  string
		buf   *Buffer
		level float64 // the tone's amplitude wanted in each output channel
	}{
		{"44.1 kHz stereo", toneAt(44100, 2, 0.2, 1000, amp), amp},
		{"48 kHz stereo", toneAt(48000, 2, 0.2, 1000, amp), amp},
		{"22.05 kHz mono", toneAt(22050, 1, 0.2, 1000, amp), amp},
		{"8 kHz mono", toneAt(8000, 1, 0.2, 1000, amp), amp},
		{"96 kHz 5.1, centre only", centre(96000, 6), amp * m3 * norm5},
		{"48 kHz 7.1, centre only", centre(48000, 8), amp * m3 * norm7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Conform(tt.buf)
			if err != nil {
				t.Fatal(err)
			}
			wantFrames := int(math.Round(float64(tt.buf.Frames()) * ConformRate / float64(tt.buf.SampleRate)))
			if out.SampleRate != ConformRate || out.Channels != ConformChannels || out.Frames() != wantFrames {
				t.Fatalf("got %d frames of %d channels at %d Hz, want %d frames of %d at %d Hz",
					out.Frames(), out.Channels, out.SampleRate, wantFrames, ConformChannels, ConformRate)
			}
			if out == tt.buf || &out.Samples[0] == &tt.buf.Samples[0] {
				t.Fatal("Conform returned its input, want a new buffer")
			}
			for c := range ConformChannels {
				got, _ := fitTone(steady(out, c), ConformRate, 1000)
				if db := dBFromAmp(got / tt.level); math.Abs(db) > 0.01 {
					t.Errorf("channel %d: the tone is %+.4f dB off", c, db)
				}
			}
		})
	}
}

// Conform resamples mono before duplicating it; the result is the same as mixing first.
func TestConformOrderDoesNotMatter(t *testing.T) {
	b := toneAt(48000, 1, 0.1, 3000, 0.7)
	got, err := Conform(b)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := MixChannels(b, 2)
	want := mustResample(t, st, ConformRate)
	for i := range want.Samples {
		if got.Samples[i] != want.Samples[i] {
			t.Fatalf("sample %d: %v, mixing first gives %v", i, got.Samples[i], want.Samples[i])
		}
	}
}

func TestConformRejectsBadInput(t *testing.T) {
	tests := []struct {
		name string
		buf  *Buffer
	}{
		{"nil buffer", nil},
		{"samples not whole frames", &Buffer{SampleRate: 48000, Channels: 6, Samples: make([]float32, 7)}},
		{"no channels", &Buffer{SampleRate: 48000}},
		{"9 channels", NewBuffer(48000, 9, 10)},
		{"rate too low", NewBuffer(500, 2, 10)},
		{"no rate", NewBuffer(0, 1, 10)},
	}
	for _, tt := range tests {
		if out, err := Conform(tt.buf); err == nil || out != nil {
			t.Errorf("%s: got %v, %v; want an error", tt.name, out, err)
		} else {
			t.Logf("%s: %v", tt.name, err)
		}
	}
}
