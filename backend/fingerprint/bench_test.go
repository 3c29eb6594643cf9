package fingerprint

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"stableaudio/backend/audio"
)

// benchSong is three minutes of 44.1 kHz stereo, a song-length track.
var benchSong = sync.OnceValue(func() *audio.Buffer {
	return song(randomStyle(99), 99, 180, testRate)
})

func BenchmarkCompute180s(b *testing.B) {
	track := benchSong()
	for b.Loop() {
		if _, err := Compute(track); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(track.Duration().Seconds()/(b.Elapsed().Seconds()/float64(b.N)), "x-realtime")
}

// BenchmarkComputeFile180s fingerprints three minutes of 44.1 kHz 16-bit stereo WAV from
// the file, as `stableaudio-server catalog print` does.
func BenchmarkComputeFile180s(b *testing.B) {
	path := filepath.Join(b.TempDir(), "song.wav")
	if err := audio.WriteWAVFile(path, benchSong(), audio.PCM16); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := ComputeFile(path); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(180/(b.Elapsed().Seconds()/float64(b.N)), "x-realtime")
}

// BenchmarkLookup10000Tracks looks a 10 s query up among 10,000 three-minute tracks.
// The tracks are random hashes at the rate real music gives, which is what a lookup's
// cost depends on; the query is a 10 s stretch of one of them with half its hashes
// lost, as noise would.
func BenchmarkLookup10000Tracks(b *testing.B) {
	const tracks, seconds = 10000, 180
	music, err := Compute(benchSong())
	if err != nil {
		b.Fatal(err)
	}
	perFrame := float64(len(music.Hashes)) / float64(music.Frames)
	frames := int(seconds * FrameRate)
	n := int(perFrame * float64(frames))
	if n >= frames {
		b.Fatalf("%.2f hashes a frame: the synthetic prints assume fewer than one", perFrame)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	ix := NewIndex()
	var target *Print
	for i := range tracks {
		p := randomPrint(rng, frames, n)
		if err := ix.Add(fmt.Sprint(i), p); err != nil {
			b.Fatal(err)
		}
		if i == tracks/2 {
			target = p
		}
	}
	start := uint32(60 * FrameRate)
	query := &Print{Frames: int(10 * FrameRate)}
	for _, h := range target.Hashes {
		if h.Frame >= start && h.Frame < start+uint32(query.Frames) && rng.IntN(2) == 0 {
			query.Hashes = append(query.Hashes, Hash{Key: h.Key, Frame: h.Frame - start})
		}
	}
	runtime.GC()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	b.Logf("%d tracks of %d hashes (%.1f a second) in %.0f MB of heap, query of %d hashes",
		tracks, n, float64(n)/seconds, float64(mem.HeapAlloc)/(1<<20), len(query.Hashes))
	for b.Loop() {
		if m := ix.Lookup(query); len(m) == 0 || m[0].ID != fmt.Sprint(tracks/2) {
			b.Fatalf("lookup found %+v", m)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/lookup")
}
