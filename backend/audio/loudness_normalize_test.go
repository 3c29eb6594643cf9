package audio

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// peakySignal is the hard case for a mastering stage: band-limited noise at noiseDBFS RMS
// with a sharp transient every half second, a decaying 3 kHz burst whose first crest
// reaches hitDBFS, like a snare over a dense mix.
func peakySignal(rate, channels int, seconds, noiseDBFS, hitDBFS float64) *Buffer {
	frames := int(seconds * float64(rate))
	b := NewBuffer(rate, channels, frames)
	rng := rand.New(rand.NewPCG(3, 4))
	// A one-pole low-pass of white noise has variance (1−a)/(1+a) per unit input variance.
	const a = 0.7
	noiseAmp := ampFromDB(noiseDBFS) / math.Sqrt((1-a)/(1+a))
	hit := ampFromDB(hitDBFS)
	state := make([]float64, channels)
	for i := range frames {
		t := math.Mod(float64(i)/float64(rate), 0.5)
		burst := hit * math.Exp(-t/0.004) * math.Sin(2*math.Pi*3000*t+math.Pi/2)
		common := rng.NormFloat64()
		for c := range channels {
			// Channels share half their noise, as a stereo mix does.
			state[c] = a*state[c] + (1-a)*(common+rng.NormFloat64())/math.Sqrt2
			b.Samples[i*channels+c] = float32(noiseAmp*state[c] + burst)
		}
	}
	return b
}

// gainSlope returns the largest change per frame of the gain that turns in into out,
// relative to the static gain: out/in, read where the input is loud enough for the ratio
// of two float32 values to be exact to 1e-5.
func gainSlope(in, out *Buffer, static float64) float64 {
	var worst float64
	prev := math.NaN()
	for i := range in.Frames() {
		x, y := float64(in.Samples[i*in.Channels]), float64(out.Samples[i*in.Channels])
		if math.Abs(x) < 1e-2 {
			prev = math.NaN()
			continue
		}
		g := y / x / static
		if !math.IsNaN(prev) {
			worst = max(worst, math.Abs(g-prev))
		}
		prev = g
	}
	return worst
}

// maxSecondDifference is the largest |x[n+1] − 2x[n] + x[n−1]| over all channels: a click
// shows as a spike in it.
func maxSecondDifference(b *Buffer) float64 {
	var worst float64
	ch := b.Channels
	for i := ch; i+ch < len(b.Samples); i++ {
		d := float64(b.Samples[i+ch]) - 2*float64(b.Samples[i]) + float64(b.Samples[i-ch])
		worst = max(worst, math.Abs(d))
	}
	return worst
}

func TestNormalizeReachesTargetUnderCeiling(t *testing.T) {
	const target, ceiling = -14.0, -1.0
	tests := []struct {
		name     string
		buf      *Buffer
		limiting bool // whether the gain alone would break the ceiling
	}{
		{"quiet 1 kHz sine needs gain only", toneSegments(48000, 2, 1000, nil, toneSeg{10, -30}), false},
		{"quiet mix, hits at 0 dBFS", peakySignal(44100, 2, 10, -26, 0), true},
		{"loud mix, hits over full scale", peakySignal(44100, 2, 10, -14, 6), true},
		{"mono at 48 kHz, hits at 0 dBFS", peakySignal(48000, 1, 10, -24, 0), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &Buffer{SampleRate: tt.buf.SampleRate, Channels: tt.buf.Channels, Samples: append([]float32(nil), tt.buf.Samples...)}
			before := mustLoudness(t, in)
			needsLimiting := TruePeak(in)+target-before > ceiling
			if needsLimiting != tt.limiting {
				t.Fatalf("the case needs limiting: %v, meant %v", needsLimiting, tt.limiting)
			}

			gainDB, err := Normalize(tt.buf, target, ceiling)
			if err != nil {
				t.Fatal(err)
			}
			lufs := mustLoudness(t, tt.buf)
			tp := TruePeak(tt.buf)
			g := ampFromDB(gainDB)
			t.Logf("in %.2f LUFS %.2f dBTP → gain %+.2f dB → %.3f LUFS %.3f dBTP", before, TruePeak(in), gainDB, lufs, tp)
			if math.Abs(lufs-target) > 0.5 {
				t.Errorf("loudness = %.3f LUFS, want %.1f ± 0.5", lufs, target)
			}
			if tp > ceiling {
				t.Errorf("true peak = %.4f dBTP, over the %.1f ceiling", tp, ceiling)
			}

			// A limiter may move the gain by at most its depth over the look-ahead per
			// frame; a clipper jumps within one.
			attack := limiterLookahead.Seconds() * float64(in.SampleRate)
			if slope := gainSlope(in, tt.buf, g); slope > 1/attack+1e-5 {
				t.Errorf("gain moves by up to %.5f per frame, want under 1/%.0f frames", slope, attack)
			}
			if !tt.limiting {
				if slope := gainSlope(in, tt.buf, g); slope > 1e-5 {
					t.Errorf("no limiting needed, yet the gain varies by %.6f", slope)
				}
			}
			if d, limit := maxSecondDifference(tt.buf), g*maxSecondDifference(in)*1.02; d > limit {
				t.Errorf("max |second difference| = %.4f, more than the input's scaled by the gain (%.4f): a click", d, limit)
			}
		})
	}
}

// The smoothness check above must catch the thing it guards against: hard clipping the
// same signal to the ceiling moves the gain in one frame.
func TestGainSlopeCatchesAClipper(t *testing.T) {
	in := peakySignal(44100, 2, 5, -20, 0)
	lufs := mustLoudness(t, in)
	g := ampFromDB(-14 - lufs)
	limit := float32(ampFromDB(-1))
	out := &Buffer{SampleRate: in.SampleRate, Channels: in.Channels, Samples: make([]float32, len(in.Samples))}
	for i, v := range in.Samples {
		out.Samples[i] = max(-limit, min(limit, v*float32(g)))
	}
	attack := limiterLookahead.Seconds() * float64(in.SampleRate)
	if slope := gainSlope(in, out, g); slope < 10/attack {
		t.Errorf("a hard clipper's gain slope reads %.5f per frame, not clearly above the limiter's 1/%.0f", slope, attack)
	}
}

func TestNormalizeRefusesWhatItCannotScale(t *testing.T) {
	withNaN := peakySignal(44100, 2, 2, -20, 0)
	withNaN.Samples[5000] = float32(math.NaN())
	tests := []struct {
		name           string
		buf            *Buffer
		target, ceil   float64
		wantNoLoudness bool
	}{
		{"nil buffer", nil, -14, -1, false},
		{"invalid buffer", &Buffer{SampleRate: 44100, Channels: 2, Samples: make([]float32, 3)}, -14, -1, false},
		{"NaN sample", withNaN, -14, -1, false},
		{"NaN target", peakySignal(44100, 2, 2, -20, 0), math.NaN(), -1, false},
		{"infinite ceiling", peakySignal(44100, 2, 2, -20, 0), -14, math.Inf(1), false},
		{"digital silence", NewBuffer(44100, 2, 44100), -14, -1, true},
		{"shorter than 400 ms", toneSegments(44100, 2, 1000, nil, toneSeg{0.3, -20}), -14, -1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before []float32
			if tt.buf != nil {
				before = append(before, tt.buf.Samples...)
			}
			_, err := Normalize(tt.buf, tt.target, tt.ceil)
			if err == nil {
				t.Fatal("want an error")
			}
			if got := errors.Is(err, ErrNoLoudness); got != tt.wantNoLoudness {
				t.Errorf("errors.Is(%v, ErrNoLoudness) = %v, want %v", err, got, tt.wantNoLoudness)
			}
			for i := range before {
				if math.Float32bits(before[i]) != math.Float32bits(tt.buf.Samples[i]) {
					t.Fatalf("sample %d changed on error", i)
				}
			}
		})
	}
}

// Sparse hits over near-silence carry most of the loudness: reaching −14 LUFS would take
// far more than normalizeMaxMakeup of limiting, so Normalize stops at the cap, still under
// the ceiling and still without an error, and the caller reads the loudness it got.
func TestNormalizeStopsShortRatherThanCrush(t *testing.T) {
	b := peakySignal(44100, 2, 10, -50, 0)
	before := mustLoudness(t, b)
	gainDB, err := Normalize(b, -14, -1)
	if err != nil {
		t.Fatal(err)
	}
	lufs, tp := mustLoudness(t, b), TruePeak(b)
	t.Logf("in %.2f LUFS → gain %+.2f dB → %.2f LUFS %.3f dBTP", before, gainDB, lufs, tp)
	if want := -14 - before + normalizeMaxMakeup; math.Abs(gainDB-want) > 1e-9 {
		t.Errorf("gain = %.3f dB, want the cap: %.3f", gainDB, want)
	}
	if tp > -1 {
		t.Errorf("true peak = %.3f dBTP, over the ceiling", tp)
	}
	if lufs > -14.5 {
		t.Errorf("loudness = %.2f LUFS: the case was meant to be out of reach", lufs)
	}
}

func mustLoudness(t *testing.T, b *Buffer) float64 {
	t.Helper()
	l, err := IntegratedLoudness(b)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
