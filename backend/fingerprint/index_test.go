package fingerprint

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// TestIndexConcurrentUse looks prints up while others are being added, as a server
// does when the catalog grows: every lookup must find its track, and the race detector
// must find nothing.
func TestIndexConcurrentUse(t *testing.T) {
	t.Parallel()
	const tracks, frames = 40, 3000
	rng := rand.New(rand.NewPCG(3, 4))
	prints := make([]*Print, tracks)
	for i := range prints {
		prints[i] = randomPrint(rng, frames, 2000)
	}
	ix := NewIndex()
	for i := range tracks / 2 {
		if err := ix.Add(fmt.Sprint(i), prints[i]); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := tracks / 2; i < tracks; i++ {
			if err := ix.Add(fmt.Sprint(i), prints[i]); err != nil {
				t.Error(err)
			}
		}
	})
	for w := range 2 {
		wg.Go(func() {
			for i := w; i < tracks/2; i += 2 {
				q := &Print{Frames: 600, Hashes: slices.Clone(prints[i].Hashes[:400])}
				if m := ix.Lookup(q); len(m) == 0 || m[0].ID != fmt.Sprint(i) || m[0].Offset != 0 {
					t.Errorf("lookup of track %d found %+v", i, m)
				}
			}
		})
	}
	wg.Wait()
	if ix.Len() != tracks {
		t.Errorf("Len = %d, want %d", ix.Len(), tracks)
	}
}

// randomPrint is n hashes with random keys spread evenly over frames, n < frames: what
// a catalog's prints look like to the index, without the cost of making them.
func randomPrint(rng *rand.Rand, frames, n int) *Print {
	p := &Print{Frames: frames, Hashes: make([]Hash, n)}
	for j := range p.Hashes {
		p.Hashes[j] = Hash{Key: rng.Uint32N(1 << keyBits), Frame: uint32(j * frames / n)}
	}
	return p
}

func TestIndexAddRejects(t *testing.T) {
	ix := NewIndex()
	if err := ix.Add("a", smallPrint); err != nil {
		t.Fatal(err)
	}
	if err := ix.Add("a", smallPrint); !errors.Is(err, ErrDuplicateID) {
		t.Errorf("a second Add under one id: %v, want ErrDuplicateID", err)
	}
	if err := ix.Add("b", &Print{Frames: 1, Hashes: []Hash{{Key: 1, Frame: 1}}}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Add of a malformed print: %v, want ErrCorrupt", err)
	}
	if err := ix.Add("c", nil); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Add of nil: %v, want ErrCorrupt", err)
	}
	if ix.Len() != 1 {
		t.Errorf("Len = %d after one good Add, want 1", ix.Len())
	}
	if m := NewIndex().Lookup(smallPrint); m != nil {
		t.Errorf("an empty index matches %+v", m)
	}
	if m := ix.Lookup(nil); m != nil {
		t.Errorf("a nil query matches %+v", m)
	}
}
