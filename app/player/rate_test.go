//go:build !race

// A measurement in real time: under the race detector converting a 96 kHz track in the
// audio callback can fall behind and underrun, which says nothing about the player, so
// `make test` runs this file in its pass without -race (make eval).

package player

import (
	"math"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gen2brain/malgo"

	capture "stableaudio/app/recorder"
	"stableaudio/backend/audio"
)

// A track at any rate comes out of the 48 kHz output at its own pitch and level: the
// player's output is recorded from the sink's monitor and the 440 Hz tone measured.
func TestPlaybackIsConvertedToTheOutputRate(t *testing.T) {
	for _, rate := range []int{22050, 44100, 96000} {
		p, rec := livePlayer(t)
		must(t, p.Load("a", sine(rate, 2, 10*time.Second)))
		must(t, p.Play())
		advancing(t, rec, "a", 0)
		path := filepath.Join(t.TempDir(), "heard.wav")
		r, err := capture.Start(path, capture.Options{Backends: []malgo.Backend{malgo.BackendPulseaudio},
			DeviceID: "testout.monitor", MaxDuration: 1500 * time.Millisecond})
		must(t, err)
		<-r.Done()
		take, err := r.Stop()
		must(t, err)
		must(t, p.Stop())
		heard, err := audio.DecodeFile(take.Path)
		must(t, err)
		left := make([]float32, heard.Frames()-heard.SampleRate/4) // past the first quarter second
		for i := range left {
			left[i] = heard.Samples[(i+heard.SampleRate/4)*heard.Channels]
		}
		// Measured per 100 ms block: a dropout or a click when the machine is busy spoils a
		// block or two, which differ from the median block and are left out.
		block := heard.SampleRate / 10
		var crossings []int
		var dbs []float64
		for start := 0; start+block <= len(left); start += block {
			n, sumSq := 0, 0.0
			for i := max(start, 1); i < start+block; i++ {
				if left[i-1] < 0 && left[i] >= 0 {
					n++
				}
			}
			for _, v := range left[start : start+block] {
				sumSq += float64(v) * float64(v)
			}
			crossings, dbs = append(crossings, n), append(dbs, 10*math.Log10(sumSq/float64(block)))
		}
		typical, typicalDB := median(crossings), median(dbs)
		kept, total, sumDB := 0, 0, 0.0
		for i, n := range crossings {
			if math.Abs(float64(n-typical)) <= 2 && math.Abs(dbs[i]-typicalDB) <= 1 {
				kept, total, sumDB = kept+1, total+n, sumDB+dbs[i]
			}
		}
		hz := float64(total) * float64(heard.SampleRate) / float64(kept*block)
		db := sumDB / float64(kept)
		if kept < len(crossings)*3/4 {
			t.Errorf("%d Hz track: only %d of %d blocks sound alike", rate, kept, len(crossings))
		}
		want := 20 * math.Log10(0.2/math.Sqrt2)
		t.Logf("%d Hz track heard at %d Hz: %.1f Hz, %.2f dBFS RMS", rate, heard.SampleRate, hz, db)
		if math.Abs(hz-440) > 2 || math.Abs(db-want) > 1 {
			t.Errorf("%d Hz track: heard %.1f Hz at %.2f dBFS, want 440 Hz at %.2f dBFS", rate, hz, db, want)
		}
	}
}

func median[T int | float64](x []T) T {
	s := slices.Clone(x)
	slices.Sort(s)
	return s[len(s)/2]
}
