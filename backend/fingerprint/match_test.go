package fingerprint

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// TestExcerptsAfterDegradation cuts a 10 s excerpt at a random offset from each
// minute-long song of the catalog and degrades it every way an upload might be. Compare
// must find it in its own song at the right offset, and a lookup in an index of the
// whole catalog, decoys included, must agree and judge no other song the same
// recording.
func TestExcerptsAfterDegradation(t *testing.T) {
	t.Parallel()
	songs := catalog()
	ix := NewIndex()
	for i, s := range songs {
		if err := ix.Add(fmt.Sprint(i), s.print); err != nil {
			t.Fatal(err)
		}
	}
	type outcome struct {
		found      bool
		confidence float64 // against its own song
		falseBest  float64 // the most confident match with another song
		falses     int     // other songs judged the same recording
	}
	outcomes := make([]outcome, excerptedSongs*len(degradations))
	parallel(len(outcomes), func(k int) {
		i, d := k/len(degradations), degradations[k%len(degradations)]
		rng := rand.New(rand.NewPCG(uint64(i), uint64(k)))
		start := rng.IntN((songSeconds - excerptSeconds) * testRate)
		q, err := Compute(d.apply(excerpt(songs[i].audio, start, excerptSeconds*testRate), uint64(k)))
		if err != nil {
			t.Error(err)
			return
		}
		o := &outcomes[k]
		m := Compare(q, songs[i].print)
		o.confidence = m.Confidence
		offsetErr := m.Offset.Seconds() - float64(start)/testRate
		o.found = SameRecording(m) && math.Abs(offsetErr) <= 0.1
		if !o.found {
			t.Logf("%s: excerpt of song %d at %.2f s missed: %+v (offset off by %.3f s)",
				d.name, i, float64(start)/testRate, m, offsetErr)
		}
		matches := ix.Lookup(q)
		if o.found && (len(matches) == 0 || matches[0] != (Match{ID: fmt.Sprint(i), Offset: m.Offset, Hashes: m.Hashes, Confidence: m.Confidence})) {
			t.Errorf("%s: excerpt of song %d: the index gives %+v, Compare %+v", d.name, i, matches, m)
		}
		for _, other := range matches {
			if other.ID == fmt.Sprint(i) {
				continue
			}
			o.falseBest = max(o.falseBest, other.Confidence)
			if SameRecording(other) {
				o.falses++
				t.Errorf("%s: excerpt of song %d judged the same recording as song %s: %+v", d.name, i, other.ID, other)
			}
		}
	})

	var found, falses int
	for d, deg := range degradations {
		var hits int
		lowest, falseBest := 1.0, 0.0
		for i := range excerptedSongs {
			o := outcomes[i*len(degradations)+d]
			if o.found {
				hits++
			}
			lowest = min(lowest, o.confidence)
			falseBest = max(falseBest, o.falseBest)
			falses += o.falses
		}
		found += hits
		t.Logf("%-15s found %2d/%d, lowest confidence %.2f; most confident other song %.2f", deg.name, hits, excerptedSongs, lowest, falseBest)
	}
	recall := float64(found) / float64(len(outcomes))
	t.Logf("recall %.1f %% (%d/%d), false positives %d in %d comparisons",
		100*recall, found, len(outcomes), falses, len(outcomes)*(len(songs)-1))
	if recall < 0.98 {
		t.Errorf("recall %.1f %%, want at least 98 %%", 100*recall)
	}
}

// TestSimilarSongsAreDifferentRecordings renders songs of one style — the tempo, key,
// instruments and drum sounds a prompt fixes — from different seeds, as a user asking
// for the same prompt repeatedly would get them. However much of their sound they
// share, none may be judged a copy of another, and each must still find itself.
func TestSimilarSongsAreDifferentRecordings(t *testing.T) {
	t.Parallel()
	const songs, seconds = 8, 30
	st := randomStyle(77)
	prints := make([]*Print, songs)
	parallel(songs, func(i int) {
		p, err := Compute(song(st, uint64(1000+i), seconds, testRate))
		if err != nil {
			panic(err)
		}
		prints[i] = p
	})
	ix := NewIndex()
	for i, p := range prints {
		if err := ix.Add(fmt.Sprint(i), p); err != nil {
			t.Fatal(err)
		}
	}
	var worst Match
	for i, p := range prints {
		matches := ix.Lookup(p)
		if len(matches) == 0 || matches[0].ID != fmt.Sprint(i) || matches[0].Offset.Abs() > 20*time.Millisecond {
			t.Errorf("song %d does not find itself first at offset 0: %+v", i, matches)
			continue
		}
		for _, m := range matches[1:] {
			if m.Confidence > worst.Confidence {
				worst = m
			}
			if SameRecording(m) {
				t.Errorf("song %d judged the same recording as song %s: %+v", i, m.ID, m)
			}
		}
	}
	t.Logf("most confident match between different seeds: %+v", worst)
}

func TestCompareMalformed(t *testing.T) {
	good := &Print{Frames: 100, Hashes: []Hash{{Key: 5, Frame: 1}, {Key: 7, Frame: 2}}}
	tests := []struct {
		name             string
		query, reference *Print
	}{
		{"nil query", nil, good},
		{"nil reference", good, nil},
		{"key out of range", &Print{Frames: 100, Hashes: []Hash{{Key: 1 << keyBits, Frame: 1}}}, good},
		{"hash past the end", good, &Print{Frames: 2, Hashes: []Hash{{Key: 5, Frame: 2}}}},
		{"out of order", &Print{Frames: 100, Hashes: []Hash{{Key: 7, Frame: 2}, {Key: 5, Frame: 1}}}, good},
		{"negative length", &Print{Frames: -1}, good},
	}
	for _, tc := range tests {
		if m := Compare(tc.query, tc.reference); m != (Match{}) {
			t.Errorf("%s: %+v, want no match", tc.name, m)
		}
	}
	if m := Compare(good, good); m.Hashes != 2 || m.Offset != 0 {
		t.Errorf("a print against itself: %+v, want both hashes at offset 0", m)
	}
}
