package analysis

import (
	"math"
	"testing"
	"time"

	"stableaudio/backend/audio"
)

func TestOnsetsOfKnownPattern(t *testing.T) {
	// An irregular pattern of mixed drums and levels, nothing on a grid, including a hat
	// only 120 ms after a kick and a quiet click after a loud one.
	want := []struct {
		at   float64
		kind drum
		gain float64
	}{
		{0.25, kick, 0.9}, {0.37, hat, 0.3}, {0.81, click, 0.8}, {1.05, snare, 0.6},
		{1.52, click, 0.15}, {1.9, kick, 0.9}, {2.31, hat, 0.4}, {2.47, hat, 0.2},
		{3.0, snare, 0.9}, {3.33, click, 0.5}, {3.9, kick, 0.3},
	}
	p := pattern{beats: 100}
	for _, w := range want {
		p.hits = append(p.hits, hit{w.at, w.kind, w.gain}) // at 60 BPM beats are seconds
	}
	b := p.render(60, 4.5, 3)
	addNoise(b, 0.002, 2)
	got, err := Onsets(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("found %d onsets %v, want %d", len(got), got, len(want))
	}
	var worst time.Duration
	for i, w := range want {
		d := got[i] - time.Duration(w.at*float64(time.Second))
		worst = max(worst, d.Abs())
		t.Logf("onset %d: want %.3fs, found %v (%+.1f ms)", i, w.at, got[i], d.Seconds()*1000)
		if d.Abs() > 20*time.Millisecond {
			t.Errorf("onset %d at %v, want %.3fs ± 20ms", i, got[i], w.at)
		}
	}
	t.Logf("worst onset error %v", worst)
}

func TestOnsetsOfSilenceAndTone(t *testing.T) {
	silent := pattern{beats: 1}.render(120, 2, 1)
	if got, err := Onsets(silent); err != nil || len(got) != 0 {
		t.Errorf("silence: onsets %v, error %v; want none", got, err)
	}
	// A steady tone has one onset at its start and none after.
	tone := pattern{beats: 1}.render(120, 3, 1)
	for i := range tone.Samples {
		tone.Samples[i] = float32(0.5 * math.Sin(2*math.Pi*440*float64(i)/testRate))
	}
	got, err := Onsets(tone)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] > 20*time.Millisecond {
		t.Errorf("steady tone: onsets %v, want one at 0", got)
	}
}

func TestOnsetsOfDenseHats(t *testing.T) {
	// Sixteenth-note hats at 140 BPM, 107 ms apart, every fourth one accented, at each
	// supported kind of sample rate.
	const bpm = 140
	p := pattern{beats: 1}
	for i := range 4 {
		p.hits = append(p.hits, hit{float64(i) / 4, hat, []float64{0.5, 0.2, 0.3, 0.2}[i]})
	}
	const seconds = 3.2 // the last hat, at 3.107 s, has time to ring
	src := p.render(bpm, seconds, 5)
	for _, rate := range []int{22050, testRate, 48000} {
		b := audio.NewBuffer(rate, 1, int(seconds*float64(rate)))
		for i := range b.Samples {
			b.Samples[i] = src.Samples[min(len(src.Samples)-1, i*testRate/rate)]
		}
		got, err := Onsets(b)
		if err != nil {
			t.Fatal(err)
		}
		step := 60.0 / bpm / 4
		if want := 30; len(got) != want {
			t.Fatalf("%d Hz: %d onsets, want %d", rate, len(got), want)
		}
		for i, at := range got {
			if d := math.Abs(at.Seconds() - float64(i)*step); d > 0.02 {
				t.Errorf("%d Hz: onset %d at %v, want %.3fs ± 20ms", rate, i, at, float64(i)*step)
			}
		}
	}
}
