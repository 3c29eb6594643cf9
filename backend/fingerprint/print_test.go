package fingerprint

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"stableaudio/backend/audio"
)

func TestComputeRejects(t *testing.T) {
	second := func(rate, channels int) *audio.Buffer { return audio.NewBuffer(rate, channels, rate) }
	tests := []struct {
		name string
		in   *audio.Buffer
		want error
	}{
		{"nil", nil, ErrNoAudio},
		{"no channels", &audio.Buffer{SampleRate: testRate, Samples: make([]float32, testRate)}, ErrNoAudio},
		{"ragged channels", &audio.Buffer{SampleRate: testRate, Channels: 2, Samples: make([]float32, 2*testRate+1)}, ErrNoAudio},
		{"no rate", &audio.Buffer{Channels: 1, Samples: make([]float32, testRate)}, ErrNoAudio},
		{"rate too low", second(6000, 1), ErrNoAudio},
		{"rate too high", second(384000, 2), ErrNoAudio},
		{"empty", audio.NewBuffer(testRate, 2, 0), ErrTooShort},
		{"half a second", audio.NewBuffer(testRate, 2, testRate/2), ErrTooShort},
	}
	for _, tc := range tests {
		p, err := Compute(tc.in)
		if !errors.Is(err, tc.want) || p != nil {
			t.Errorf("%s: got %v, %v; want %v", tc.name, p, err, tc.want)
		}
	}
	for _, b := range []*audio.Buffer{second(MinSampleRate, 1), second(MaxSampleRate, 8)} {
		if _, err := Compute(b); err != nil {
			t.Errorf("%d Hz, %d channels, 1 s: %v", b.SampleRate, b.Channels, err)
		}
	}
}

// TestComputeAnyRateAndChannels renders a song at 192 kHz and at 176.4 kHz, derives the
// common rates below each, and spreads them over several channel layouts: every version
// must give nearly the print of the original.
func TestComputeAnyRateAndChannels(t *testing.T) {
	t.Parallel()
	const seconds = 4
	st := randomStyle(5)
	type division struct{ from, by int }
	families := []struct {
		top       int
		divisions []division
	}{
		{192000, []division{{192000, 2}, {96000, 2}, {48000, 2}, {48000, 3}, {24000, 2}, {24000, 3}}},
		{176400, []division{{176400, 2}, {88200, 2}, {44100, 2}, {44100, 3}, {22050, 2}}},
	}
	lowest := 1.0
	for _, family := range families {
		top := family.top
		original := song(st, 5, seconds, top)
		ref, err := Compute(original)
		if err != nil {
			t.Fatal(err)
		}
		versions := map[int]*audio.Buffer{top: original}
		for _, d := range family.divisions {
			versions[d.from/d.by] = divideRate(versions[d.from], d.by)
		}
		for rate, b := range versions {
			// Each rate in a layout of its own, all layouts at some rate.
			for _, channels := range []int{[]int{1, 2, 6}[rate%3]} {
				p, err := Compute(withChannels(b, channels))
				if err != nil {
					t.Errorf("%d Hz × %d: %v", rate, channels, err)
					continue
				}
				m := Compare(p, ref)
				lowest = min(lowest, float64(m.Hashes)/float64(len(p.Hashes)))
				// At 8 kHz this test's low-pass, at 3.2 kHz, takes the top of the band
				// the peaks come from, and a quarter of the hashes with it.
				if !SameRecording(m) || m.Offset.Abs() > 5*time.Millisecond || m.Hashes < len(p.Hashes)*7/10 {
					t.Errorf("%d Hz × %d against %d Hz: %d of %d hashes agree: %+v", rate, channels, top, m.Hashes, len(p.Hashes), m)
				}
				if d := p.Duration() - b.Duration(); d.Abs() > frameDuration(1) {
					t.Errorf("%d Hz × %d: print of %v for %v of audio", rate, channels, p.Duration(), b.Duration())
				}
			}
		}
	}
	t.Logf("at least %.0f %% of hashes agree with the original at every rate and layout", 100*lowest)
}

// withChannels spreads a stereo buffer over n channels: left, right, then their mix,
// the way a surround bed carries a stereo song.
func withChannels(b *audio.Buffer, n int) *audio.Buffer {
	if n == 1 {
		return mono(b)
	}
	out := audio.NewBuffer(b.SampleRate, n, b.Frames())
	for i := range b.Frames() {
		l, r := b.Samples[2*i], b.Samples[2*i+1]
		for c := range n {
			out.Samples[i*n+c] = []float32{l, r, (l + r) / 2}[min(c, 2)]
		}
	}
	return out
}

func TestComputeSilenceHasNoHashes(t *testing.T) {
	p, err := Compute(audio.NewBuffer(testRate, 2, 3*testRate))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Hashes) != 0 || p.Duration() < 3*time.Second-frameDuration(1) {
		t.Errorf("silence: %d hashes over %v, want none over 3 s", len(p.Hashes), p.Duration())
	}
}

// A decoder bug or a broken effect can put NaN or infinity in a buffer; the print of
// the rest must be unharmed.
func TestComputeNonFiniteSamples(t *testing.T) {
	clean := song(randomStyle(6), 6, 8, testRate)
	ref, err := Compute(clean)
	if err != nil {
		t.Fatal(err)
	}
	bad := excerpt(clean, 0, clean.Frames())
	for i, v := range []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))} {
		at := (i + 1) * 2 * testRate
		for j := range 100 {
			bad.Samples[2*(at+j)] = v
		}
	}
	p, err := Compute(bad)
	if err != nil {
		t.Fatal(err)
	}
	if m := Compare(p, ref); !SameRecording(m) || m.Offset != 0 {
		t.Errorf("with NaN and ±Inf samples: %+v", m)
	}
}

// The spectrogram is computed in parts, one per core: the parts must join seamlessly.
func TestPeaksInParts(t *testing.T) {
	x := decimatorFor(testRate).run(mono(song(randomStyle(7), 7, 5, testRate)).Samples)
	frames := len(x)/hop + 1
	whole := peaksIn(x, frames, span{0, frames})
	var parts []peak
	for _, s := range []span{{0, 1}, {1, 3}, {3, 100}, {100, 117}, {117, frames}} {
		parts = append(parts, peaksIn(x, frames, s)...)
	}
	if len(whole) < 50 || !slices.Equal(parts, whole) {
		t.Errorf("%d candidate peaks from the parts, %d from the whole: not the same", len(parts), len(whole))
	}
}

func TestDecimatorPassesTheBandAndStopsAliases(t *testing.T) {
	// A tone in the analysed band must come through at its level; one that would fold
	// back into the band must not.
	for _, tc := range []struct {
		hz, wantGain, tolerance float64
	}{
		{440, 1, 0.01}, {3000, 1, 0.02}, {6000, 0, 0.006}, {12000, 0, 0.006},
		// Where the half-band filter (from 40 kHz) must stop what would fold back
		// into the band when it halves the rate.
		{18500, 0, 0.006}, {21000, 0, 0.006}, {23000, 0, 0.006},
	} {
		for _, rate := range []int{22050, 32000, 44100, 48000, 96000} {
			if tc.hz >= float64(rate)/2 {
				continue
			}
			x := make([]float32, rate)
			for i := range x {
				x[i] = float32(math.Sin(2 * math.Pi * tc.hz * float64(i) / float64(rate)))
			}
			y := decimatorFor(rate).run(x)
			var power float64
			middle := y[len(y)/4 : 3*len(y)/4]
			for _, v := range middle {
				power += float64(v) * float64(v)
			}
			gain := math.Sqrt(2 * power / float64(len(middle)))
			if math.Abs(gain-tc.wantGain) > tc.tolerance {
				t.Errorf("%g Hz at %d Hz: gain %.4f, want %g ± %g", tc.hz, rate, gain, tc.wantGain, tc.tolerance)
			}
		}
	}
}
