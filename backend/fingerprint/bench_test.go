package fingerprint

import (
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
