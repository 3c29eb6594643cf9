package analysis

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"stableaudio/backend/audio"
)

var (
	clicks = pattern{beats: 1, hits: []hit{{0, click, 0.8}}}
	kicks  = pattern{beats: 1, hits: []hit{{0, kick, 0.9}}}
	// house: four on the floor with open hats on the off-beats.
	house = pattern{beats: 1, hits: []hit{{0, kick, 0.9}, {0.5, hat, 0.5}}}
	// backbeat: kick on 1 and 3, snare on 2 and 4, closed hats on eighths.
	backbeat = pattern{beats: 4, hits: []hit{
		{0, kick, 0.9}, {1, snare, 0.7}, {2, kick, 0.9}, {3, snare, 0.7},
		{0, hat, 0.3}, {0.5, hat, 0.2}, {1, hat, 0.3}, {1.5, hat, 0.2},
		{2, hat, 0.3}, {2.5, hat, 0.2}, {3, hat, 0.3}, {3.5, hat, 0.2}}}
	// swing: hats on the first and last triplet of each beat.
	swing = pattern{beats: 2, hits: []hit{
		{0, kick, 0.9}, {1, snare, 0.6},
		{0, hat, 0.35}, {2.0 / 3, hat, 0.25}, {1, hat, 0.35}, {5.0 / 3, hat, 0.25}}}
	// syncopated: the second kick lands on the "and" of 2 and a ghost kick on the "a" of 3.
	syncopated = pattern{beats: 4, hits: []hit{
		{0, kick, 0.9}, {1, snare, 0.7}, {1.5, kick, 0.8}, {2.75, kick, 0.5}, {3, snare, 0.7},
		{0.5, hat, 0.25}, {1.5, hat, 0.25}, {2.5, hat, 0.25}, {3.5, hat, 0.25}}}
	// breakbeat: drum and bass, kick on 1 and the "and" of 3, snare on 2 and 4.
	breakbeat = pattern{beats: 4, hits: []hit{
		{0, kick, 0.9}, {1, snare, 0.8}, {2.5, kick, 0.8}, {3, snare, 0.8},
		{0, hat, 0.2}, {0.5, hat, 0.2}, {1, hat, 0.2}, {1.5, hat, 0.2},
		{2, hat, 0.2}, {2.5, hat, 0.2}, {3, hat, 0.2}, {3.5, hat, 0.2}}}
)

type tempoCase struct {
	name string
	bpm  float64
	pat  pattern
}

var tempoCases = []tempoCase{
	{"clicks", 70, clicks},
	{"kicks", 85, kicks},
	{"backbeat", 100, backbeat},
	{"clicks", 120, clicks},
	{"house", 128, house},
	{"backbeat", 140, backbeat},
	{"breakbeat", 174, breakbeat},
	{"swing", 96, swing},
	{"syncopated", 110, syncopated},
	{"kicks", 163.7, kicks},
}

func TestTempoWithin2Percent(t *testing.T) {
	for _, seconds := range []float64{10, 60} {
		for _, tc := range tempoCases {
			t.Run(fmt.Sprintf("%s_%gbpm_%gs", tc.name, tc.bpm, seconds), func(t *testing.T) {
				t.Parallel()
				b := tc.pat.render(tc.bpm, seconds, uint64(tc.bpm))
				addNoise(b, 0.003, 1)
				bpm, conf, err := Tempo(b)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%s over %g s: asked %g BPM, found %.2f (%.3f%% off the nearest octave), "+
					"confidence %.2f", tc.name, seconds, tc.bpm, bpm, octaveError(bpm, tc.bpm)*100, conf)
				if !TempoMatches(bpm, tc.bpm, 0.02) {
					t.Errorf("found %.2f BPM, want %g (or double or half) within 2 %%", bpm, tc.bpm)
				} else if !TempoMatches(bpm, tc.bpm, 0.002) {
					// Whole-frame lags alone would mostly pass 2 %; this catches a
					// refinement that has stopped working.
					t.Errorf("found %.2f BPM, want %g within 0.2 %%: sub-frame refinement lost", bpm, tc.bpm)
				}
			})
		}
	}
}

// octaveError is the relative error against the wanted tempo, its double or its half,
// whichever is closest.
func octaveError(found, want float64) float64 {
	best := 1.0
	for _, w := range []float64{want, want * 2, want / 2} {
		best = min(best, max(found/w-1, 1-found/w))
	}
	return best
}

func TestTempoOtherSampleRates(t *testing.T) {
	// Resample the 44.1 kHz click track by repeating/dropping samples: crude, but onsets
	// stay sharp and the test is about frame sizes following the rate.
	for _, rate := range []int{22050, 48000} {
		src := house.render(125, 15, 5)
		b := audio.NewBuffer(rate, 1, int(15*float64(rate)))
		for i := range b.Samples {
			b.Samples[i] = src.Samples[min(len(src.Samples)-1, i*testRate/rate)]
		}
		bpm, _, err := Tempo(b)
		if err != nil {
			t.Fatal(err)
		}
		if !TempoMatches(bpm, 125, 0.02) {
			t.Errorf("%d Hz: found %.2f BPM, want 125", rate, bpm)
		}
	}
}

func TestTempoRejects(t *testing.T) {
	tests := []struct {
		name string
		b    *audio.Buffer
		want error
	}{
		{"nil", nil, ErrNoAudio},
		{"no channels", &audio.Buffer{SampleRate: testRate}, ErrNoAudio},
		{"too short", clicks.render(120, 2, 1), ErrNoAudio},
		{"4 kHz", audio.NewBuffer(4000, 1, 40000), ErrNoAudio},
		{"silent", audio.NewBuffer(testRate, 2, 10*testRate), ErrSilent},
	}
	for _, tc := range tests {
		if _, _, err := Tempo(tc.b); !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestTempoMatches(t *testing.T) {
	tests := []struct {
		found, want float64
		ok          bool
	}{
		{120, 120, true},
		{122.3, 120, true},
		{122.5, 120, false},
		{117.7, 120, true},
		{240, 120, true},
		{60.5, 120, true},
		{180, 120, false},
		{80, 120, false},
		{0, 120, false},
		{120, 0, false},
	}
	for _, tc := range tests {
		if got := TempoMatches(tc.found, tc.want, 0.02); got != tc.ok {
			t.Errorf("TempoMatches(%g, %g) = %v, want %v", tc.found, tc.want, got, tc.ok)
		}
	}
}

func TestBeatsFollowTheKick(t *testing.T) {
	const bpm = 120
	b := backbeat.render(bpm, 12, 4)
	beats, err := Beats(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(beats) < 22 || len(beats) > 25 {
		t.Fatalf("%d beats in 12 s at 120 BPM, want 24", len(beats))
	}
	for i, at := range beats {
		nearest := math.Round(at.Seconds()*bpm/60) * 60 / bpm
		if d := math.Abs(at.Seconds() - nearest); d > 0.03 {
			t.Errorf("beat %d at %v is %.0f ms off the grid", i, at, d*1000)
		}
	}
}
