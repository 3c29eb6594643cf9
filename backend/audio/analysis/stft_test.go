package analysis

import (
	"errors"
	"math"
	"slices"
	"sync/atomic"
	"testing"

	"stableaudio/backend/audio"
)

func TestMono(t *testing.T) {
	tests := []struct {
		name string
		in   *audio.Buffer
		want []float32
	}{
		{"stereo averages", &audio.Buffer{SampleRate: 8000, Channels: 2, Samples: []float32{1, 0, 0.5, 0.5, -1, 1}}, []float32{0.5, 0.5, 0}},
		{"mono copies", &audio.Buffer{SampleRate: 8000, Channels: 1, Samples: []float32{0.25, -0.25}}, []float32{0.25, -0.25}},
		{"three channels", &audio.Buffer{SampleRate: 8000, Channels: 3, Samples: []float32{0.3, 0.3, 0.3}}, []float32{0.3}},
		{"empty", &audio.Buffer{SampleRate: 8000, Channels: 2}, []float32{}},
	}
	for _, tc := range tests {
		got := Mono(tc.in)
		if len(got) != len(tc.want) {
			t.Fatalf("%s: %d samples, want %d", tc.name, len(got), len(tc.want))
		}
		for i := range got {
			if math.Abs(float64(got[i]-tc.want[i])) > 1e-6 {
				t.Errorf("%s: sample %d = %g, want %g", tc.name, i, got[i], tc.want[i])
			}
		}
	}
	in := &audio.Buffer{SampleRate: 8000, Channels: 1, Samples: []float32{1}}
	Mono(in)[0] = 0
	if in.Samples[0] != 1 {
		t.Error("Mono of a mono buffer aliases its samples")
	}
}

func TestSpectrogramOfSine(t *testing.T) {
	// A 1 kHz sine of amplitude 0.5 must peak in the bin nearest 1 kHz, reading close to
	// 0.5 (the Hann window loses at most 15 % between bins), and nowhere else.
	const amp, hz = 0.5, 1000.0
	x := make([]float32, testRate)
	for i := range x {
		x[i] = float32(amp * math.Sin(2*math.Pi*hz*float64(i)/testRate))
	}
	s, err := NewSpectrogram(x, testRate, 2048, 512)
	if err != nil {
		t.Fatal(err)
	}
	if s.Bins != 1025 || s.Frames() != testRate/512+1 {
		t.Fatalf("%d frames of %d bins, want %d of 1025", s.Frames(), s.Bins, testRate/512+1)
	}
	wantBin := int(math.Round(hz / s.BinHz(1)))
	for _, i := range []int{10, s.Frames() / 2, s.Frames() - 10} {
		frame := s.Frame(i)
		peak := 0
		for k, m := range frame {
			if m > frame[peak] {
				peak = k
			}
		}
		if peak != wantBin {
			t.Errorf("frame %d peaks at bin %d (%.0f Hz), want %d", i, peak, s.BinHz(peak), wantBin)
		}
		if m := frame[peak]; m < 0.85*amp || m > 1.001*amp {
			t.Errorf("frame %d: peak magnitude %.3f, want about %.2f", i, m, amp)
		}
		if far := frame[wantBin+20]; far > 1e-3 {
			t.Errorf("frame %d: %.4f leaks 20 bins away", i, far)
		}
	}
}

// Frame spectra, one at a time and in any order, are the spectrogram's frames, ends
// included.
func TestFrameSpectraAreTheSpectrogramsFrames(t *testing.T) {
	x := make([]float32, 5000)
	for i := range x {
		x[i] = float32(math.Sin(float64(i)*0.3) + 0.2*math.Sin(float64(i)*1.7))
	}
	s, err := NewSpectrogram(x, testRate, 512, 128)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFrameSpectra(512, 128)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{s.Frames() - 1, 0, 1, 20, s.Frames() / 2, s.Frames() - 2} {
		if !slices.Equal(f.Frame(x, i), s.Frame(i)) {
			t.Errorf("frame %d differs from the spectrogram's", i)
		}
	}
	if _, err := NewFrameSpectra(500, 128); !errors.Is(err, ErrBadOptions) {
		t.Errorf("a 500-sample frame: error %v, want ErrBadOptions", err)
	}
}

func TestSpectrogramRejectsBadShape(t *testing.T) {
	shapes := []struct{ rate, size, hop int }{{0, 1024, 256}, {44100, 1000, 256}, {44100, 1024, 0}, {44100, 1, 1}}
	for _, tc := range shapes {
		_, err := NewSpectrogram(make([]float32, 4096), tc.rate, tc.size, tc.hop)
		if !errors.Is(err, ErrBadOptions) {
			t.Errorf("%+v: error %v, want ErrBadOptions", tc, err)
		}
	}
}

func TestParallelChunksCoverEveryIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 1000, 12345} {
		seen := make([]atomic.Int32, n)
		parallelChunks(n, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				seen[i].Add(1)
			}
		})
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Fatalf("n=%d: index %d visited %d times", n, i, c)
			}
		}
	}
}
