//go:build !race

// The evaluation is a measurement, not a race check: under the race detector it would
// take minutes, so `make test` runs it in a separate pass without -race (make eval).

package catalog_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"

	"stableaudio/backend/audio"
	"stableaudio/backend/audio/audiotest"
	"stableaudio/backend/catalog"
)

// The copyright scan's evaluation: a catalog of 300 recordings, one query per recording
// (an excerpt of 10 or 30 s at a random offset, put through one of the degradations an
// upload meets on its way), and 500 clips that are in no catalog. The scan must find
// at least 98 % of the excerpts, at their offset, and match none of the other clips.
func TestScanRecallAndFalsePositives(t *testing.T) {
	const (
		catalogSize  = 300
		trackSeconds = 45
		strangers    = 500
	)
	ctx := context.Background()
	c, err := catalog.Open(ctx, openStore(t, filepath.Join(t.TempDir(), "eval.db")), nil)
	if err != nil {
		t.Fatal(err)
	}
	tracks := make([]*audio.Buffer, catalogSize)
	ids := make([]string, catalogSize)
	parallel(catalogSize, func(i int) { tracks[i] = audiotest.Song(uint64(i+1), trackSeconds) })
	for i, b := range tracks {
		tr, err := c.Add(ctx, fmt.Sprintf("track %d", i+1), "", b)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = tr.ID
	}

	transforms := degradations(t)
	type outcome struct{ found, atOffset bool }
	results := make([]outcome, catalogSize)
	queries := make([]string, catalogSize)
	parallel(catalogSize, func(i int) {
		r := rand.New(rand.NewPCG(uint64(i), 99))
		seconds := []float64{10, 30}[(i/len(transforms))%2] // both lengths for every degradation
		from := r.Float64() * (trackSeconds - seconds)
		tf := transforms[i%len(transforms)]
		q := tf.apply(audiotest.Excerpt(tracks[i], from, seconds, 1), r)
		v, err := c.Scan(q)
		if err != nil {
			t.Error(err)
			return
		}
		queries[i] = fmt.Sprintf("%2.0f s %-22s", seconds, tf.name)
		results[i] = outcome{v.Matched && v.Track.ID == ids[i], v.Matched && math.Abs(v.Offset-from) < 0.1}
	})
	perTransform := map[string][2]int{}
	found := 0
	for i, o := range results {
		k := queries[i]
		n := perTransform[k]
		n[1]++
		if o.found && o.atOffset {
			n[0]++
			found++
		}
		perTransform[k] = n
	}
	for _, k := range slices.Sorted(maps.Keys(perTransform)) {
		n := perTransform[k]
		t.Logf("%s found %3d of %3d", k, n[0], n[1])
	}

	falsePositives := make([]bool, strangers)
	parallel(strangers, func(i int) {
		v, err := c.Scan(audiotest.Song(uint64(100_000+i), 10))
		if err != nil {
			t.Error(err)
			return
		}
		falsePositives[i] = v.Matched
	})
	fp := 0
	for _, m := range falsePositives {
		if m {
			fp++
		}
	}
	recall := float64(found) / catalogSize
	t.Logf("recall %.1f %% (%d of %d excerpts found at their offset); %d false positives in %d clips outside the catalog",
		100*recall, found, catalogSize, fp, strangers)
	if recall < 0.98 {
		t.Errorf("recall %.1f %%, want at least 98 %%", 100*recall)
	}
	if fp != 0 {
		t.Errorf("%d false positives, want none", fp)
	}
}

// degradation is one thing that happens to audio between a record and an upload.
type degradation struct {
	name  string
	apply func(b *audio.Buffer, r *rand.Rand) *audio.Buffer
}

func degradations(t *testing.T) []degradation {
	gain := func(db float64) func(*audio.Buffer, *rand.Rand) *audio.Buffer {
		return func(b *audio.Buffer, _ *rand.Rand) *audio.Buffer {
			return audiotest.Excerpt(b, 0, b.Duration().Seconds(), math.Pow(10, db/20))
		}
	}
	out := []degradation{
		{"gain -6 dB", gain(-6)},
		{"gain +6 dB (clipped)", gain(6)},
		{"noise at SNR 10 dB", addNoise},
		{"band 300 Hz-4 kHz", func(b *audio.Buffer, _ *rand.Rand) *audio.Buffer { return bandLimit(t, b) }},
		{"22.05 kHz and back", func(b *audio.Buffer, _ *rand.Rand) *audio.Buffer { return viaRate(t, b, 22050) }},
	}
	if _, err := exec.LookPath("lame"); err == nil {
		out = append(out, degradation{"MP3 128 kbit/s", func(b *audio.Buffer, _ *rand.Rand) *audio.Buffer { return viaMP3(t, b) }})
	} else {
		t.Log("lame not found: no MP3 queries")
	}
	return out
}

// addNoise adds white noise 10 dB under the signal's RMS.
func addNoise(b *audio.Buffer, r *rand.Rand) *audio.Buffer {
	var sum float64
	for _, v := range b.Samples {
		sum += float64(v) * float64(v)
	}
	sigma := math.Sqrt(sum/float64(len(b.Samples))) / math.Sqrt(10)
	out := audio.NewBuffer(b.SampleRate, b.Channels, b.Frames())
	for i, v := range b.Samples {
		out.Samples[i] = v + float32(sigma*r.NormFloat64())
	}
	return out
}

// viaRate resamples to rate and back, as a low-quality copy would.
func viaRate(t *testing.T, b *audio.Buffer, rate int) *audio.Buffer {
	down, err := audio.Resample(b, rate)
	if err != nil {
		t.Fatal(err)
	}
	up, err := audio.Resample(down, b.SampleRate)
	if err != nil {
		t.Fatal(err)
	}
	return up
}

// bandLimit keeps 300 Hz to 4 kHz: a telephone or a small speaker.
func bandLimit(t *testing.T, b *audio.Buffer) *audio.Buffer {
	out := viaRate(t, b, 8000) // low-pass at 4 kHz
	pole := math.Exp(-2 * math.Pi * 300 / float64(out.SampleRate))
	var prevIn, prevOut float64
	for i, v := range out.Samples { // first-order high-pass at 300 Hz
		x := float64(v)
		prevOut = pole * (prevOut + x - prevIn)
		prevIn = x
		out.Samples[i] = float32(prevOut)
	}
	return out
}

// viaMP3 encodes with lame at 128 kbit/s and decodes with the upload decoder.
func viaMP3(t *testing.T, b *audio.Buffer) *audio.Buffer {
	dir := t.TempDir()
	var wav bytes.Buffer
	if err := audio.WriteWAV(&wav, b, audio.PCM16); err != nil {
		t.Fatal(err)
	}
	in, mp3 := filepath.Join(dir, "in.wav"), filepath.Join(dir, "out.mp3")
	if err := os.WriteFile(in, wav.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("lame", "--quiet", "-b", "128", in, mp3).CombinedOutput(); err != nil {
		t.Fatalf("lame: %v: %s", err, out)
	}
	d, err := audio.DecodeFile(mp3)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// parallel runs f(0) … f(n−1) on every CPU.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(1, runtimeCPUs()) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

func runtimeCPUs() int { return runtime.GOMAXPROCS(0) }
