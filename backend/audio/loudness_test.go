package audio

import (
	"math"
	"testing"
)

// toneSeg is a stretch of a tone test signal: its length and peak level per channel.
type toneSeg struct {
	seconds float64
	dBFS    float64 // peak amplitude; math.Inf(-1) for digital silence
}

// toneSegments is a sine at freq Hz in the channels listed in active (every channel when
// active is empty), its level stepping from segment to segment with the phase continuous,
// as the EBU Tech 3341 test signals are built.
func toneSegments(rate, channels int, freq float64, active []int, segs ...toneSeg) *Buffer {
	var frames int
	for _, s := range segs {
		frames += int(math.Round(s.seconds * float64(rate)))
	}
	if len(active) == 0 {
		for c := range channels {
			active = append(active, c)
		}
	}
	b := NewBuffer(rate, channels, frames)
	i := 0
	for _, s := range segs {
		amp := ampFromDB(s.dBFS)
		for end := i + int(math.Round(s.seconds*float64(rate))); i < end; i++ {
			v := float32(amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)))
			for _, c := range active {
				b.Samples[i*channels+c] = v
			}
		}
	}
	return b
}

// The published 48 kHz K-weighting coefficients, ITU-R BS.1770-4 Tables 1 and 2.
var (
	publishedShelf48k    = kStage{b0: 1.53512485958697, b1: -2.69169618940638, b2: 1.19839281085285, a1: -1.69065929318241, a2: 0.73248077421585}
	publishedHighPass48k = kStage{b0: 1, b1: -2, b2: 1, a1: -1.99004745483398, a2: 0.99007225036621}
)

func TestKWeightingMatchesPublished48kCoefficients(t *testing.T) {
	shelf, highPass := kWeighting(48000)
	tests := []struct {
		name      string
		got, want kStage
	}{
		{"shelf", shelf, publishedShelf48k},
		{"high-pass", highPass, publishedHighPass48k},
	}
	for _, tt := range tests {
		got := []float64{tt.got.b0, tt.got.b1, tt.got.b2, tt.got.a1, tt.got.a2}
		want := []float64{tt.want.b0, tt.want.b1, tt.want.b2, tt.want.a1, tt.want.a2}
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e-6 {
				t.Errorf("%s coefficient %d = %.14f, want %.14f", tt.name, i, got[i], want[i])
			}
		}
	}
}

// kGain1k is the published K-filter's gain at 1 kHz, in dB: about +0.698 (it is +0.691,
// the constant BS.1770 subtracts, at 997 Hz).
func kGain1k(t *testing.T) float64 {
	g := 20 * math.Log10(publishedShelf48k.gainAt(1000, 48000)*publishedHighPass48k.gainAt(1000, 48000))
	if math.Abs(g-0.691) > 0.01 {
		t.Fatalf("K-weighting gain at 1 kHz = %.4f dB, want ≈ +0.691", g)
	}
	return g
}

func TestIntegratedLoudnessOfSines(t *testing.T) {
	k := kGain1k(t)
	// predicted is BS.1770's formula for a steady 1 kHz sine of peak level dBFS in n
	// channels of weight w: each has mean square A²/2, K-weighted by k dB.
	predicted := func(dBFS, n, w float64) float64 {
		a := ampFromDB(dBFS)
		return -0.691 + 10*math.Log10(n*w*a*a/2) + k
	}
	silence := math.Inf(-1)
	tests := []struct {
		name    string
		buf     *Buffer
		want    float64
		tolerLU float64
	}{
		{"stereo −20 dBFS", toneSegments(48000, 2, 1000, nil, toneSeg{10, -20}), predicted(-20, 2, 1), 0.01},
		{"mono 0 dBFS", toneSegments(48000, 1, 1000, nil, toneSeg{10, 0}), predicted(0, 1, 1), 0.01},
		{"left only −20 dBFS", toneSegments(48000, 2, 1000, []int{0}, toneSeg{10, -20}), predicted(-20, 1, 1), 0.01},
		{"5.1 centre −20 dBFS", toneSegments(48000, 6, 1000, []int{2}, toneSeg{10, -20}), predicted(-20, 1, 1), 0.01},
		{"5.1 left surround −20 dBFS", toneSegments(48000, 6, 1000, []int{4}, toneSeg{10, -20}), predicted(-20, 1, 1.41), 0.01},
		{"5.1 LFE is not counted", toneSegments(48000, 6, 1000, []int{3}, toneSeg{10, -20}), silence, 0},
		// EBU Tech 3341 minimum requirements, cases 1–5 (±0.1 LU).
		{"3341 #1 −23 dBFS", toneSegments(48000, 2, 1000, nil, toneSeg{20, -23}), -23, 0.1},
		{"3341 #2 −33 dBFS", toneSegments(48000, 2, 1000, nil, toneSeg{20, -33}), -33, 0.1},
		{"3341 #3 relative gate", toneSegments(48000, 2, 1000, nil,
			toneSeg{10, -36}, toneSeg{60, -23}, toneSeg{10, -36}), -23, 0.1},
		{"3341 #4 both gates", toneSegments(48000, 2, 1000, nil,
			toneSeg{10, -72}, toneSeg{10, -36}, toneSeg{60, -23}, toneSeg{10, -36}, toneSeg{10, -72}), -23, 0.1},
		{"3341 #5 level steps", toneSegments(48000, 2, 1000, nil,
			toneSeg{20, -26}, toneSeg{20.1, -20}, toneSeg{20, -26}), -23, 0.1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := IntegratedLoudness(tt.buf)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%.4f LUFS, want %.4f", got, tt.want)
			if math.IsInf(tt.want, -1) {
				if !math.IsInf(got, -1) {
					t.Fatalf("loudness = %.3f LUFS, want -Inf", got)
				}
				return
			}
			if math.Abs(got-tt.want) > tt.tolerLU {
				t.Errorf("loudness = %.3f LUFS, want %.3f ± %.2f", got, tt.want, tt.tolerLU)
			}
		})
	}
}

func TestLoudnessIsIndependentOfSampleRate(t *testing.T) {
	for _, freq := range []float64{100, 1000, 5000, 10000} {
		ref, err := IntegratedLoudness(toneSegments(48000, 2, freq, nil, toneSeg{5, -20}))
		if err != nil {
			t.Fatal(err)
		}
		for _, rate := range []int{32000, 44100, 96000} {
			got, err := IntegratedLoudness(toneSegments(rate, 2, freq, nil, toneSeg{5, -20}))
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-ref) > 0.05 {
				t.Errorf("%g Hz at %d Hz reads %.3f LUFS, at 48 kHz %.3f: more than 0.05 apart", freq, rate, got, ref)
			}
		}
	}
}
