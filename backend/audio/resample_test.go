package audio

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// toneAt is seconds of a sine at freq Hz and amplitude amp in every channel, starting at
// full level on the first sample: the measurements below skip the ends.
func toneAt(rate, channels int, seconds, freq, amp float64) *Buffer {
	b := NewBuffer(rate, channels, int(seconds*float64(rate)))
	for i := range b.Frames() {
		v := float32(amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)+0.3))
		for c := range channels {
			b.Samples[i*channels+c] = v
		}
	}
	return b
}

// channel copies one channel out of the frames [from, to) as float64.
func channel(b *Buffer, c, from, to int) []float64 {
	x := make([]float64, 0, to-from)
	for f := from; f < to; f++ {
		x = append(x, float64(b.Samples[f*b.Channels+c]))
	}
	return x
}

// fitTone is the least-squares fit of a sine at freq Hz to x, sampled at rate Hz: its
// amplitude, and the RMS of what is left over (everything that is not that sine).
func fitTone(x []float64, rate int, freq float64) (amp, residualRMS float64) {
	var ss, cc, sc, sx, cx float64
	w := 2 * math.Pi * freq / float64(rate)
	for i, v := range x {
		s, c := math.Sincos(w * float64(i))
		ss += s * s
		cc += c * c
		sc += s * c
		sx += s * v
		cx += c * v
	}
	det := ss*cc - sc*sc
	a := (sx*cc - cx*sc) / det
	bb := (cx*ss - sx*sc) / det
	var r2 float64
	for i, v := range x {
		s, c := math.Sincos(w * float64(i))
		r := v - a*s - bb*c
		r2 += r * r
	}
	return math.Hypot(a, bb), math.Sqrt(r2 / float64(len(x)))
}

func rms(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s / float64(len(x)))
}

// steady is the middle of a resampled channel, clear of the filter's reach from the
// abrupt ends of toneAt's test tones.
func steady(b *Buffer, c int) []float64 {
	edge := b.SampleRate / 50 // 20 ms, over 6 filter lengths
	return channel(b, c, edge, b.Frames()-edge)
}

func mustResample(t testing.TB, b *Buffer, rate int) *Buffer {
	t.Helper()
	out, err := Resample(b, rate)
	if err != nil {
		t.Fatalf("Resample %d → %d Hz: %v", b.SampleRate, rate, err)
	}
	return out
}

func TestResamplePassbandIsFlat(t *testing.T) {
	const amp = 0.5
	// 19845 Hz is 0.9 of the Nyquist frequency at 44.1 kHz, the edge the filter must keep.
	for _, in := range []int{48000, 96000} {
		var worst float64
		for _, freq := range []float64{100, 1000, 10000, 18000, 19845} {
			out := mustResample(t, toneAt(in, 1, 0.25, freq, amp), 44100)
			got, _ := fitTone(steady(out, 0), 44100, freq)
			db := dBFromAmp(got / amp)
			worst = max(worst, math.Abs(db))
			if math.Abs(db) > 0.1 {
				t.Errorf("%d → 44100 Hz: %g Hz comes out at %+.4f dB, want within ±0.1", in, freq, db)
			}
		}
		t.Logf("%d → 44100 Hz: pass-band ripple (100 Hz … 19.845 kHz) at most ±%.5f dB", in, worst)
	}
}

// A tone above the output's Nyquist frequency has nowhere to go but alias under it; all
// that comes out, aliases and leakage alike, is measured against the tone's level.
func TestResampleStopsAliases(t *testing.T) {
	tests := []struct {
		in, out int
		freq    float64
	}{
		{96000, 44100, 30000}, // would alias to 14.1 kHz
		{48000, 44100, 23000}, // would alias to 21.1 kHz
		{48000, 44100, 22100}, // just over the Nyquist frequency
		{44100, 22050, 12000}, // would alias to 10.05 kHz
		{192000, 44100, 60000},
		{88200, 44056, 30000}, // an awkward ratio, on the interpolated table
	}
	for _, tt := range tests {
		out := mustResample(t, toneAt(tt.in, 1, 0.25, tt.freq, 0.5), tt.out)
		db := dBFromAmp(rms(steady(out, 0)) * math.Sqrt2 / 0.5)
		t.Logf("%d → %d Hz: a %g Hz tone comes out at %.1f dB", tt.in, tt.out, tt.freq, db)
		if db > -80 {
			t.Errorf("%d → %d Hz: a %g Hz tone comes out at %.1f dB, want under −80", tt.in, tt.out, tt.freq, db)
		}
	}
}

// The exact tables interleave into one long low-pass at up·inRate, the prototype the
// polyphase filter samples: its response shows the whole pass band and stop band, where
// the tone tests see a few points.
func TestResampleFilterResponse(t *testing.T) {
	for _, tt := range []struct{ in, out int }{{48000, 44100}, {96000, 44100}, {44100, 48000}, {22050, 44100}} {
		f := newResampleFilter(tt.in, tt.out)
		if f.grid != 0 {
			t.Fatalf("%d → %d Hz: want an exact table", tt.in, tt.out)
		}
		// proto[m] is the tap at distance m/up input samples, shifted to start at 0.
		proto := make([]float64, f.up*f.taps)
		for p := range f.up {
			for k, h := range f.rows[p*f.taps : (p+1)*f.taps] {
				proto[p+f.up*(f.taps-1-k)] = float64(h)
			}
		}
		// gain is |H| at freq Hz relative to DC, where every row sums to 1.
		gain := func(freq float64) float64 {
			s, c := math.Sincos(2 * math.Pi * freq / float64(f.up*tt.in))
			var re, im float64
			zr, zi := 1.0, 0.0 // e^(−iωm), turned one step per tap
			for _, h := range proto {
				re += h * zr
				im += h * zi
				zr, zi = zr*c+zi*s, zi*c-zr*s
			}
			return math.Hypot(re, im) / float64(f.up)
		}
		nyq := float64(min(tt.in, tt.out)) / 2
		var ripple, stop float64
		for freq := 0.0; freq <= resamplePass*nyq; freq += nyq / 64 {
			ripple = max(ripple, math.Abs(dBFromAmp(gain(freq))))
		}
		stop = math.Inf(-1)
		// Up to twice the higher rate, well into the falling far side lobes; the first
		// side lobes, the largest, are sampled finely.
		for freq := nyq; freq <= 2*float64(max(tt.in, tt.out)) && freq <= float64(f.up*tt.in)/2; {
			stop = max(stop, dBFromAmp(gain(freq)))
			if freq < 1.5*nyq {
				freq += nyq / 256
			} else {
				freq += nyq / 32
			}
		}
		t.Logf("%d → %d Hz: ripple ±%.5f dB to %.0f Hz, stop band at most %.1f dB from %.0f Hz",
			tt.in, tt.out, ripple, resamplePass*nyq, stop, nyq)
		if ripple > 0.001 || stop > -99 {
			t.Errorf("%d → %d Hz: ripple ±%.5f dB, stop band %.1f dB; want under ±0.001 dB and −99 dB", tt.in, tt.out, ripple, stop)
		}
	}
}

// THD+N of a 1 kHz sine at −1 dBFS: all that is not the sine, against the sine. Going up,
// images would show here; with an awkward ratio, the interpolated table's error.
func TestResampleTHDN(t *testing.T) {
	tests := []struct{ in, out int }{
		{48000, 44100}, {96000, 44100}, {192000, 44100}, {384000, 44100},
		{22050, 44100}, {8000, 44100}, {37800, 44100}, {44056, 44100},
		{44100, 48000}, {44100, 22050},
	}
	amp := ampFromDB(-1)
	for _, tt := range tests {
		out := mustResample(t, toneAt(tt.in, 1, 0.25, 1000, amp), tt.out)
		got, resid := fitTone(steady(out, 0), tt.out, 1000)
		thdn := dBFromAmp(resid * math.Sqrt2 / got)
		t.Logf("%6d → %d Hz: THD+N %.1f dB", tt.in, tt.out, thdn)
		if thdn > -90 {
			t.Errorf("%d → %d Hz: THD+N %.1f dB, want under −90", tt.in, tt.out, thdn)
		}
	}
}

// Content well inside both pass bands survives going down to 22.05 kHz and back.
func TestResampleRoundTrip(t *testing.T) {
	const rate = 44100
	rng := rand.New(rand.NewPCG(3, 4))
	b := NewBuffer(rate, 2, rate/2)
	for range 40 { // 40 tones from 20 Hz to 9 kHz at random phases, 0.02 each
		freq, phase := 20+rng.Float64()*8980, rng.Float64()*2*math.Pi
		for i := range b.Frames() {
			v := 0.02 * math.Sin(2*math.Pi*freq*float64(i)/rate+phase)
			b.Samples[2*i] += float32(v)
			b.Samples[2*i+1] += float32(-v)
		}
	}
	back := mustResample(t, mustResample(t, b, 22050), rate)
	if back.Frames() != b.Frames() {
		t.Fatalf("round trip has %d frames, want %d", back.Frames(), b.Frames())
	}
	for c := range 2 {
		want, got := steady(b, c), steady(back, c)
		var worst float64
		diff := make([]float64, len(want))
		for i := range want {
			diff[i] = got[i] - want[i]
			worst = max(worst, math.Abs(diff[i]))
		}
		errDB := dBFromAmp(rms(diff) / rms(want))
		t.Logf("channel %d: round-trip error %.1f dB RMS below the signal, at most %.2e (peak %.2f)", c, -errDB, worst, windowMaxAbs(want))
		if errDB > -80 || worst > 1e-3 {
			t.Errorf("channel %d: round-trip error %.1f dB RMS, %.2e at worst; want under −80 dB and 1e-3", c, errDB, worst)
		}
	}
}

// A tone faded in and out from silence is resampled whole, its ends included: every
// output sample must be the faded tone at that time, so the ends add no click.
func TestResampleEndsAreClean(t *testing.T) {
	for _, tt := range []struct{ in, out int }{{48000, 44100}, {22050, 44100}, {44056, 44100}} {
		b := fadedTone(tt.in, 1, 0.1, 1000, 0, -1)
		out := mustResample(t, b, tt.out)
		amp, fade := ampFromDB(-1), int(0.02*float64(tt.in))
		var worst float64
		for j := range out.Frames() {
			ti := float64(j) * float64(tt.in) / float64(tt.out) // in input samples
			env := 0.0
			if ti >= 0 && ti <= float64(b.Frames()-1) {
				env = 1
				if d := min(ti, float64(b.Frames()-1)-ti); d < float64(fade) {
					env = 0.5 - 0.5*math.Cos(math.Pi*d/float64(fade))
				}
			}
			want := env * amp * math.Sin(2*math.Pi*1000*ti/float64(tt.in))
			worst = max(worst, math.Abs(float64(out.Samples[j])-want))
		}
		first, last := out.Samples[0], out.Samples[out.Frames()-1]
		t.Logf("%d → %d Hz: worst error %.2e, first sample %.1e, last %.1e", tt.in, tt.out, worst, first, last)
		if worst > 1e-4 {
			t.Errorf("%d → %d Hz: the faded tone is off by up to %.2e", tt.in, tt.out, worst)
		}
	}
}

// The tables, the phase stepping, the grid's interpolation and the zeros beyond the ends
// must give the filter's sum exactly: checked against evaluating it directly, at both
// ends and in the middle, for exact and interpolated tables.
func TestResampleMatchesDirectSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tt := range []struct{ in, out int }{
		{48000, 44100}, {44100, 48000}, {96000, 44100}, {8000, 44100}, {44056, 44100}, {44100, 44057},
	} {
		b := NewBuffer(tt.in, 2, 3000)
		for i := range b.Samples {
			b.Samples[i] = float32(rng.Float64()*2 - 1)
		}
		out := mustResample(t, b, tt.out)
		f := newResampleFilter(tt.in, tt.out)
		var worst float64
		for _, j := range []int{0, 1, 2, 57, out.Frames() / 2, out.Frames() - 2, out.Frames() - 1} {
			tj := float64(j) * float64(tt.in) / float64(tt.out)
			n := int(math.Floor(tj))
			for c := range 2 {
				var y, sum float64
				for k := n - f.half + 1; k <= n+f.half; k++ {
					h := f.tap(tj - float64(k))
					sum += h
					if k >= 0 && k < b.Frames() {
						y += h * float64(b.Samples[k*2+c])
					}
				}
				worst = max(worst, math.Abs(float64(out.Samples[j*2+c])-y/sum))
			}
		}
		t.Logf("%d → %d Hz (grid %d): worst difference %.2e", tt.in, tt.out, f.grid, worst)
		if worst > 2e-5 {
			t.Errorf("%d → %d Hz: differs from the direct sum by up to %.2e", tt.in, tt.out, worst)
		}
	}
}

func TestResampleIsTheSameOnAnyNumberOfCPUs(t *testing.T) {
	b := toneAt(48000, 2, 1, 440, 0.5)
	for i := 1; i < len(b.Samples); i += 2 {
		b.Samples[i] *= -0.7
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one := mustResample(t, b, 44100)
	runtime.GOMAXPROCS(4)
	four := mustResample(t, b, 44100)
	for i := range one.Samples {
		if math.Float32bits(one.Samples[i]) != math.Float32bits(four.Samples[i]) {
			t.Fatalf("sample %d: %v on one CPU, %v on four", i, one.Samples[i], four.Samples[i])
		}
	}
}

// The ends of the supported range: a 768× ratio either way still passes a tone in the
// lower rate's pass band at its level (the filter is then 109 000 taps long going down).
func TestResampleExtremeRatios(t *testing.T) {
	const amp = 0.5
	for _, tt := range []struct {
		in, out int
		seconds float64
	}{{ResampleMaxRate, ResampleMinRate, 0.3}, {ResampleMinRate, ResampleMaxRate, 0.5}} {
		out := mustResample(t, toneAt(tt.in, 1, tt.seconds, 100, amp), tt.out)
		edge := int(resampleHalfSpan * 2 * float64(tt.out) / ResampleMinRate) // a filter's length
		got, resid := fitTone(channel(out, 0, edge, out.Frames()-edge), tt.out, 100)
		t.Logf("%d → %d Hz: a 100 Hz tone at %+.5f dB, THD+N %.1f dB", tt.in, tt.out, dBFromAmp(got/amp), dBFromAmp(resid*math.Sqrt2/got))
		if db := dBFromAmp(got / amp); math.Abs(db) > 0.01 {
			t.Errorf("%d → %d Hz: a 100 Hz tone comes out at %+.4f dB", tt.in, tt.out, db)
		}
	}
}

func TestResampleLength(t *testing.T) {
	tests := []struct{ in, out, frames, want int }{
		{48000, 44100, 48000, 44100},
		{48000, 44100, 1, 1},
		{48000, 44100, 0, 0},
		{44100, 22050, 3, 2},  // 1.5 rounds up
		{22050, 44100, 3, 6},  // exact
		{384000, 44100, 4, 0}, // 0.46 rounds down
		{384000, 44100, 5, 1},
		{44056, 44100, 44056, 44100},
		{37800, 44100, 100, 117}, // 116.67
	}
	for _, tt := range tests {
		out := mustResample(t, NewBuffer(tt.in, 2, tt.frames), tt.out)
		if out.Frames() != tt.want || out.SampleRate != tt.out || out.Channels != 2 || out.Validate() != nil {
			t.Errorf("%d frames %d → %d Hz: %d frames at %d Hz, %d channels; want %d frames",
				tt.frames, tt.in, tt.out, out.Frames(), out.SampleRate, out.Channels, tt.want)
		}
	}
}

func TestResampleSameRateCopies(t *testing.T) {
	b := toneAt(44100, 2, 0.01, 1000, 0.5)
	out := mustResample(t, b, 44100)
	if out == b || &out.Samples[0] == &b.Samples[0] {
		t.Fatal("same-rate Resample returned its input, want a copy")
	}
	for i := range b.Samples {
		if out.Samples[i] != b.Samples[i] {
			t.Fatalf("sample %d changed: %v → %v", i, b.Samples[i], out.Samples[i])
		}
	}
}

func TestResampleRejectsBadInput(t *testing.T) {
	tests := []struct {
		name string
		buf  *Buffer
		rate int
	}{
		{"nil buffer", nil, 44100},
		{"samples not whole frames", &Buffer{SampleRate: 48000, Channels: 2, Samples: make([]float32, 3)}, 44100},
		{"no channels", &Buffer{SampleRate: 48000}, 44100},
		{"zero input rate", NewBuffer(0, 2, 10), 44100},
		{"input rate too low", NewBuffer(500, 2, 10), 44100},
		{"input rate too high", NewBuffer(1_000_000, 2, 10), 44100},
		{"zero rate", NewBuffer(48000, 2, 10), 0},
		{"negative rate", NewBuffer(48000, 2, 10), -44100},
		{"rate too high", NewBuffer(48000, 2, 10), 10_000_000},
	}
	for _, tt := range tests {
		out, err := Resample(tt.buf, tt.rate)
		if err == nil || out != nil {
			t.Errorf("%s: got %v, %v; want an error", tt.name, out, err)
		}
	}
}
