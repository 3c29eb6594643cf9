package synthgraph_test

import (
	"context"
	"math"
	"math/cmplx"
	"testing"

	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
	"stableaudio/backend/generate/synthgraph"
)

// newRenderer opens a renderer on the real ONNX Runtime, found the way the
// app finds it (build/onnxruntime/<platform>/ above the package).
func newRenderer(t testing.TB, cfg synthgraph.Config) *synthgraph.Renderer {
	t.Helper()
	if _, err := generate.LoadRuntime(""); err != nil {
		t.Fatal(err)
	}
	r, err := synthgraph.NewRenderer(cfg)
	if err != nil {
		t.Fatalf("NewRenderer(%+v): %v", cfg, err)
	}
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return r
}

func render(t testing.TB, r *synthgraph.Renderer, c *synthgraph.Controls, opt synthgraph.RenderOptions) *audio.Buffer {
	t.Helper()
	buf, err := r.Render(context.Background(), c, opt)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return buf
}

// smallConfig is the default graph with fewer voices and harmonics and
// short chunks, for tests that need only a few voices but many seams.
func smallConfig(voices, harmonics, framesPerChunk int) synthgraph.Config {
	cfg := synthgraph.DefaultConfig()
	cfg.Voices, cfg.Harmonics, cfg.FramesPerChunk = voices, harmonics, framesPerChunk
	return cfg
}

// constant is a row of n frames all equal to v.
func constant(n int, v float32) []float32 {
	row := make([]float32, n)
	for i := range row {
		row[i] = v
	}
	return row
}

// framesFor is the number of control frames covering seconds at cfg's rate.
func framesFor(cfg synthgraph.Config, seconds float64) int {
	return cfg.FramesFor(int(math.Round(seconds * float64(cfg.SampleRate))))
}

// channel extracts one channel as float64.
func channel(b *audio.Buffer, ch int) []float64 {
	out := make([]float64, b.Frames())
	for i := range out {
		out[i] = float64(b.Samples[i*b.Channels+ch])
	}
	return out
}

func peak(x []float64) float64 {
	var p float64
	for _, v := range x {
		p = math.Max(p, math.Abs(v))
	}
	return p
}

func rms(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s / float64(len(x)))
}

// toneAmplitude is the amplitude of the sinusoid at hz in x, by correlation
// over the whole of x; exact when x holds a whole number of its periods.
func toneAmplitude(x []float64, hz float64, sampleRate int) float64 {
	var sum complex128
	w := -2 * math.Pi * hz / float64(sampleRate)
	for n, v := range x {
		sum += complex(v, 0) * cmplx.Rect(1, w*float64(n))
	}
	return 2 * cmplx.Abs(sum) / float64(len(x))
}

// crossingFrequency measures the frequency of x from its upward zero
// crossings, located to a fraction of a sample by linear interpolation.
func crossingFrequency(x []float64, sampleRate int) float64 {
	first, last, count := -1.0, -1.0, 0
	for n := 1; n < len(x); n++ {
		if x[n-1] < 0 && x[n] >= 0 {
			t := float64(n-1) + x[n-1]/(x[n-1]-x[n])
			if first < 0 {
				first = t
			}
			last = t
			count++
		}
	}
	return float64(count-1) * float64(sampleRate) / (last - first)
}

// spectrumDB is the magnitude spectrum of the first 2^k samples of x, with
// a 4-term Blackman–Harris window (side lobes below −92 dB), in dB relative
// to its largest bin. Bin i is at i·sampleRate/len.
func spectrumDB(x []float64, size int) []float64 {
	a := [4]float64{0.35875, 0.48829, 0.14128, 0.01168}
	buf := make([]complex128, size)
	for n := range buf {
		p := 2 * math.Pi * float64(n) / float64(size-1)
		w := a[0] - a[1]*math.Cos(p) + a[2]*math.Cos(2*p) - a[3]*math.Cos(3*p)
		buf[n] = complex(x[n]*w, 0)
	}
	fft(buf)
	mags := make([]float64, size/2)
	var top float64
	for i := range mags {
		mags[i] = cmplx.Abs(buf[i])
		top = math.Max(top, mags[i])
	}
	for i := range mags {
		mags[i] = 20 * math.Log10(mags[i]/top+1e-30)
	}
	return mags
}

// fft is an in-place radix-2 FFT; len(x) must be a power of two.
func fft(x []complex128) {
	n := len(x)
	for i, j := 1, 0; i < n; i++ {
		bit := n >> 1
		for ; j&bit != 0; bit >>= 1 {
			j ^= bit
		}
		j ^= bit
		if i < j {
			x[i], x[j] = x[j], x[i]
		}
	}
	for size := 2; size <= n; size <<= 1 {
		step := cmplx.Rect(1, -2*math.Pi/float64(size))
		for start := 0; start < n; start += size {
			w := complex(1, 0)
			for k := range size / 2 {
				a, b := x[start+k], x[start+k+size/2]*w
				x[start+k], x[start+k+size/2] = a+b, a-b
				w *= step
			}
		}
	}
}
