package audio

import (
	"math"
	"math/rand/v2"
	"testing"
)

// fadedTone is a sine of peak amplitude 10^(dBFS/20) at freq Hz, starting at phaseDeg,
// in every channel, faded in and out over 20 ms so the edges add no overshoot of their own.
func fadedTone(rate, channels int, seconds, freq, phaseDeg, dBFS float64) *Buffer {
	frames := int(seconds * float64(rate))
	fade := int(0.02 * float64(rate))
	amp := ampFromDB(dBFS)
	b := NewBuffer(rate, channels, frames)
	for i := range frames {
		env := 1.0
		if d := min(i, frames-1-i); d < fade {
			env = 0.5 - 0.5*math.Cos(math.Pi*float64(d)/float64(fade))
		}
		v := float32(env * amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)+phaseDeg*math.Pi/180))
		for c := range channels {
			b.Samples[i*channels+c] = v
		}
	}
	return b
}

func TestTruePeakOfInterSamplePeaks(t *testing.T) {
	// A sine at a quarter of the sample rate started at 45° is sampled only at ±sin 45°:
	// its samples sit 3.01 dB under its peaks, which fall half-way between them.
	const isp = -3.0103
	quarter := func(rate int, phase, dBFS float64) *Buffer {
		return fadedTone(rate, 2, 1, float64(rate)/4, phase, dBFS)
	}
	tests := []struct {
		name             string
		buf              *Buffer
		wantTP, wantSP   float64
		tolerTP, tolerSP float64
	}{
		{"fs/4 at 45°, 44.1 kHz", quarter(44100, 45, 0), 0, isp, 0.3, 0.01},
		{"fs/4 at 45°, 48 kHz, −6 dBFS", quarter(48000, 45, -6), -6, -6 + isp, 0.3, 0.01},
		{"fs/4 at 45°, 88.2 kHz (2×)", quarter(88200, 45, 0), 0, isp, 0.3, 0.01},
		{"fs/4 at 45°, 96 kHz (2×)", quarter(96000, 45, 0), 0, isp, 0.3, 0.01},
		// Annex 2 does not oversample from 192 kHz, so it reads the sample peak there.
		{"fs/4 at 45°, 192 kHz (1×)", quarter(192000, 45, 0), isp, isp, 0.01, 0.01},
		{"fs/4 at 0°, peaks on samples", quarter(48000, 0, 0), 0, 0, 0.01, 0.01},
		{"1 kHz at −6 dBFS", fadedTone(44100, 2, 1, 1000, 0, -6), -6, -6, 0.01, 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, sp := TruePeak(tt.buf), SamplePeak(tt.buf)
			t.Logf("true peak %.3f dBTP, sample peak %.3f dBFS", tp, sp)
			if math.Abs(tp-tt.wantTP) > tt.tolerTP {
				t.Errorf("true peak = %.3f dBTP, want %.3f ± %.2f", tp, tt.wantTP, tt.tolerTP)
			}
			if math.Abs(sp-tt.wantSP) > tt.tolerSP {
				t.Errorf("sample peak = %.3f dBFS, want %.3f ± %.2f", sp, tt.wantSP, tt.tolerSP)
			}
			if sp > tp+1e-9 {
				t.Errorf("sample peak %.3f above true peak %.3f", sp, tp)
			}
		})
	}
}

// Over a long tone the peak readings hide the filter's error, since some sample lands near
// a crest anyway; this compares every oversampled frame with the tone's exact values at
// the 4× points instead.
func TestTruePeakAcrossTheBand(t *testing.T) {
	const rate, amp = 44100, 0.5
	for _, freq := range []float64{100, 1000, 5000, 10000, 15000, 19000, 20000} {
		b := fadedTone(rate, 1, 0.5, freq, 0, dBFromAmp(amp))
		detector := make([]float32, b.Frames())
		truePeakScan(b, detector, 0)
		var worst float64                                 // dB
		for n := rate / 20; n < b.Frames()-rate/20; n++ { // away from the fades
			var want float64
			for p := range 4 {
				want = max(want, math.Abs(amp*math.Sin(2*math.Pi*freq*(float64(n)+float64(p)/4)/rate)))
			}
			if want > amp/10 { // near zero crossings float32 rounding dominates the ratio
				worst = max(worst, math.Abs(dBFromAmp(float64(detector[n])/want)))
			}
		}
		t.Logf("%5g Hz: worst error %.4f dB", freq, worst)
		if limit := 0.01; worst > limit {
			t.Errorf("%g Hz: oversampled values off by up to %.4f dB, want under %.2f", freq, worst, limit)
		}
	}
}

func TestTruePeakTakesTheLoudestChannel(t *testing.T) {
	b := fadedTone(48000, 2, 1, 12000, 45, -6)
	for i := 1; i < len(b.Samples); i += 2 {
		b.Samples[i] *= 2 // right channel 6 dB up
	}
	if tp := TruePeak(b); math.Abs(tp-0) > 0.05 {
		t.Errorf("true peak = %.3f dBTP, want the right channel's 0", tp)
	}
}

func TestPeaksOfNothing(t *testing.T) {
	tests := []struct {
		name string
		buf  *Buffer
	}{
		{"nil", nil},
		{"invalid", &Buffer{SampleRate: 44100, Channels: 2, Samples: make([]float32, 3)}},
		{"empty", NewBuffer(44100, 2, 0)},
		{"silent", NewBuffer(44100, 2, 1000)},
	}
	for _, tt := range tests {
		if tp, sp := TruePeak(tt.buf), SamplePeak(tt.buf); !math.IsInf(tp, -1) || !math.IsInf(sp, -1) {
			t.Errorf("%s: true peak %v, sample peak %v, want -Inf for both", tt.name, tp, sp)
		}
	}
}

// The peakOversampler folds the symmetric filter to halve its work; this checks the folded
// sums against plain convolutions with each phase's taps.
func TestInterpolatorMatchesDirectConvolution(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, truePeakTaps)
	for _, factor := range []int{2, 4} {
		ip := newPeakOversampler(factor)
		for range 100 {
			for k := range x {
				x[k] = rng.Float64()*2 - 1
			}
			var want float64
			for p := 1; p < factor; p++ {
				var y float64
				for k, h := range phaseTaps(float64(p) / float64(factor)) {
					y += h * x[k]
				}
				want = max(want, math.Abs(y))
				if want > ip.gainBound*windowMaxAbs(x) {
					t.Fatalf("%d×: value %.6f beyond the gain bound %.3f × %.6f", factor, want, ip.gainBound, windowMaxAbs(x))
				}
			}
			if got := ip.peakBetween(x); math.Abs(got-want) > 1e-12 {
				t.Fatalf("%d×: folded peak %.15f, direct %.15f", factor, got, want)
			}
		}
	}
}
