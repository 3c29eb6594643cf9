package analysis

import (
	"errors"
	"math"
	"testing"

	"stableaudio/backend/audio"
)

// checkPitch compares every estimate between from and to seconds with the true
// frequency, requiring voiced frames within 1 % and at most 5 % of frames unvoiced.
func checkPitch(t *testing.T, name string, b *audio.Buffer, from, to float64, want func(sec float64) float64) {
	t.Helper()
	track, err := Pitch(b, PitchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var frames, unvoiced int
	var worst float64
	for i, hz := range track.Hz {
		sec := track.Time(i).Seconds()
		if sec < from || sec > to {
			continue
		}
		frames++
		if hz == 0 {
			unvoiced++
			continue
		}
		w := want(sec)
		rel := math.Abs(hz/w - 1)
		worst = max(worst, rel)
		if rel > 0.01 {
			t.Errorf("%s at %.3fs: %.2f Hz, want %.2f ± 1 %%", name, sec, hz, w)
		}
	}
	t.Logf("%s: %d frames, %d unvoiced, worst error %.3f %%", name, frames, unvoiced, worst*100)
	if frames == 0 || unvoiced*20 > frames {
		t.Errorf("%s: %d of %d frames unvoiced", name, unvoiced, frames)
	}
}

func TestPitchOfSawtooth(t *testing.T) {
	b := audio.NewBuffer(testRate, 1, 2*testRate)
	addNote(b.Samples, 0.2, 1.5, 57, 12, 0.3) // A3, 220 Hz, twelve harmonics
	checkPitch(t, "220 Hz sawtooth", b, 0.25, 1.65, func(float64) float64 { return 220 })
}

func TestPitchOfGlide(t *testing.T) {
	// A sine gliding exponentially from 200 to 800 Hz over two seconds, a whistled or
	// sung portamento an octave a second.
	const seconds = 2.0
	b := audio.NewBuffer(testRate, 1, int(seconds*testRate))
	freq := func(sec float64) float64 { return 200 * math.Pow(2, sec) }
	var phase float64
	for i := range b.Samples {
		phase += 2 * math.Pi * freq(float64(i)/testRate) / testRate
		b.Samples[i] = float32(0.4 * math.Sin(phase))
	}
	checkPitch(t, "200–800 Hz glide", b, 0.05, seconds-0.05, freq)
}

func TestPitchOfWhistle(t *testing.T) {
	b := audio.NewBuffer(testRate, 1, testRate)
	addNote(b.Samples, 0.1, 0.8, 95, 1, 0.2) // B6, 1976 Hz
	checkPitch(t, "B6 whistle", b, 0.15, 0.85, func(float64) float64 { return 1975.53 })
}

func TestPitchUnvoiced(t *testing.T) {
	noise := audio.NewBuffer(testRate, 1, testRate)
	addNoise(noise, 0.3, 4)
	silence := audio.NewBuffer(testRate, 2, testRate)
	for name, b := range map[string]*audio.Buffer{"noise": noise, "silence": silence} {
		track, err := Pitch(b, PitchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		voiced := 0
		for _, hz := range track.Hz {
			if hz > 0 {
				voiced++
			}
		}
		if voiced*20 > len(track.Hz) {
			t.Errorf("%s: %d of %d frames voiced, want almost none", name, voiced, len(track.Hz))
		}
	}
}

func TestPitchAtLowSampleRate(t *testing.T) {
	// At 8 kHz the default range shrinks to what the rate allows instead of failing.
	b := audio.NewBuffer(8000, 1, 8000)
	for i := range b.Samples {
		b.Samples[i] = float32(0.3 * math.Sin(2*math.Pi*330*float64(i)/8000))
	}
	track, err := Pitch(b, PitchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if hz := track.Hz[len(track.Hz)/2]; math.Abs(hz/330-1) > 0.01 {
		t.Errorf("330 Hz at 8 kHz: found %.2f Hz", hz)
	}
}

func TestPitchRejectsBadRange(t *testing.T) {
	b := audio.NewBuffer(8000, 1, 8000)
	for _, opt := range []PitchOptions{{MinHz: 500, MaxHz: 400}, {MaxHz: 3000}} {
		if _, err := Pitch(b, opt); !errors.Is(err, ErrBadOptions) {
			t.Errorf("%+v at 8 kHz: error %v, want ErrBadOptions", opt, err)
		}
	}
}
