package analysis

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"testing"

	"stableaudio/backend/audio"
)

// song mixes a chord progression (two beats a chord) with a drum pattern, the way a
// generated track arrives: stereo, with the drums as loud as the harmony.
func song(bpm float64, key Key, drums pattern, seconds float64) *audio.Buffer {
	chords := popMajor
	if key.Minor {
		chords = minorCadence
	}
	chordSec := 120 / bpm
	repeats := int(math.Ceil(seconds / (chordSec * float64(len(chords)))))
	m := playChords(key.Tonic, chords, chordSec, repeats)
	beats := drums.render(bpm, m.Duration().Seconds(), uint64(bpm))
	for i, v := range beats.Samples {
		m.Samples[i] += 0.6 * v
	}
	return stereo(m)
}

func TestSongTempoAndKey(t *testing.T) {
	tests := []struct {
		bpm   float64
		key   string
		drums pattern
	}{
		{72, "Eb major", backbeat},
		{92, "F# minor", syncopated},
		{105, "B minor", swing},
		{124, "Ab major", house},
		{150, "D minor", backbeat},
		{172, "G major", breakbeat},
	}
	for _, tc := range tests {
		want, err := ParseKey(tc.key)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(fmt.Sprintf("%gbpm_%s", tc.bpm, want), func(t *testing.T) {
			t.Parallel()
			b := song(tc.bpm, want, tc.drums, 30)
			bpm, _, err := Tempo(b)
			if err != nil {
				t.Fatal(err)
			}
			key, _, err := FindKey(b)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("asked %g BPM in %v, found %.2f BPM in %v", tc.bpm, want, bpm, key)
			if !TempoMatches(bpm, tc.bpm, 0.02) {
				t.Errorf("found %.2f BPM, want %g (or double or half) within 2 %%", bpm, tc.bpm)
			}
			if key != want {
				t.Errorf("found %v, want %v", key, want)
			}
		})
	}
}

// benchTrack is a 190 s stereo 44.1 kHz song-length track: chords, bass and drums at
// 120 BPM in E minor. Built once, it takes a while to synthesise.
var benchTrack = sync.OnceValue(func() *audio.Buffer {
	return song(120, Key{Tonic: 4, Minor: true}, backbeat, 190)
})

// reportRealtime adds how many times faster than real time one analysis runs.
func reportRealtime(b *testing.B, track *audio.Buffer) {
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(track.Duration().Seconds()/perOp, "x-realtime")
}

func BenchmarkTempo190s(b *testing.B) {
	track := benchTrack()
	for b.Loop() {
		if _, _, err := Tempo(track); err != nil {
			b.Fatal(err)
		}
	}
	reportRealtime(b, track)
}

func BenchmarkFindKey190s(b *testing.B) {
	track := benchTrack()
	for b.Loop() {
		if _, _, err := FindKey(track); err != nil {
			b.Fatal(err)
		}
	}
	reportRealtime(b, track)
}

func BenchmarkOnsets190s(b *testing.B) {
	track := benchTrack()
	for b.Loop() {
		if _, err := Onsets(track); err != nil {
			b.Fatal(err)
		}
	}
	reportRealtime(b, track)
}

func BenchmarkPitch190s(b *testing.B) {
	track := benchTrack()
	for b.Loop() {
		if _, err := Pitch(track, PitchOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	reportRealtime(b, track)
}

func TestBenchTrackIsMeasuredCorrectly(t *testing.T) {
	if testing.Short() {
		t.Skip("synthesises 190 s of audio")
	}
	track := benchTrack()
	bpm, _, err := Tempo(track)
	if err != nil || !TempoMatches(bpm, 120, 0.02) {
		t.Errorf("tempo %.2f, %v; want 120", bpm, err)
	}
	key, _, err := FindKey(track)
	if err != nil || key != (Key{4, true}) {
		t.Errorf("key %v, %v; want E minor", key, err)
	}
}

func TestResultsDoNotDependOnCores(t *testing.T) {
	// The analyses split frames over cores; the answers must be bit-identical however
	// many there are, or a test could pass on a laptop and fail in CI.
	b := song(97, Key{Tonic: 2, Minor: true}, swing, 12)
	measure := func() (float64, [12]float64, Envelope) {
		bpm, _, err := Tempo(b)
		if err != nil {
			t.Fatal(err)
		}
		chroma, err := Chroma(b)
		if err != nil {
			t.Fatal(err)
		}
		env, err := OnsetEnvelope(b)
		if err != nil {
			t.Fatal(err)
		}
		return bpm, chroma, env
	}
	bpm, chroma, env := measure()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	bpm1, chroma1, env1 := measure()
	if bpm != bpm1 || chroma != chroma1 || !slices.Equal(env.Strength, env1.Strength) {
		t.Errorf("one core gives %g BPM and chroma %v; more give %g and %v", bpm1, chroma1, bpm, chroma)
	}
}
