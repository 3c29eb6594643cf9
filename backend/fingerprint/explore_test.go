package fingerprint

import (
	"math/rand/v2"
	"testing"
	"time"

	"stableaudio/backend/audio"
)

func TestExplore(t *testing.T) {
	const songs = 8
	var refs []*Print
	start := time.Now()
	var bufs = make([]any, 0)
	_ = bufs
	type item struct{ b interface{} }
	var srcs = make([]*Print, songs)
	audios := make([]any, songs)
	_ = audios
	var synth, comp time.Duration
	songBufs := make([]*struct{}, 0)
	_ = songBufs
	all := make([]*[]float32, 0)
	_ = all
	bs := make([]any, songs)
	_ = bs
	buffers := make([]*audioBuf, songs)
	for i := range songs {
		s0 := time.Now()
		b := song(randomStyle(uint64(i+1)), uint64(i+1), 60, testRate)
		synth += time.Since(s0)
		c0 := time.Now()
		p, err := Compute(b)
		comp += time.Since(c0)
		if err != nil {
			t.Fatal(err)
		}
		srcs[i] = p
		buffers[i] = &audioBuf{b}
		refs = append(refs, p)
		t.Logf("song %d: %d hashes, %.1f/s", i, len(p.Hashes), float64(len(p.Hashes))/60)
	}
	t.Logf("synth %v compute %v total %v", synth, comp, time.Since(start))
	rng := rand.New(rand.NewPCG(5, 5))
	for _, d := range degradations {
		var agrees, fails int
		var worstFalse float64
		minTrue := 1.0
		for i := range songs {
			st := rng.IntN(50 * testRate)
			q := d.apply(excerpt(buffers[i].b, st, 10*testRate), uint64(i))
			qp, err := Compute(q)
			if err != nil {
				t.Fatal(err)
			}
			for j := range songs {
				m := Compare(qp, refs[j])
				if j == i {
					off := m.Offset.Seconds() - float64(st)/testRate
					agrees += m.Hashes
					minTrue = min(minTrue, m.Confidence)
					if off > 0.1 || off < -0.1 || !SameRecording(m) {
						fails++
					}
					t.Logf("%s song %d: q %d hashes, agree %d (%.0f%%) conf %.2f off err %.3f", d.name, i, len(qp.Hashes), m.Hashes, 100*float64(m.Hashes)/float64(len(qp.Hashes)), m.Confidence, off)
				} else {
					worstFalse = max(worstFalse, m.Confidence)
					if m.Hashes > 4 {
						t.Logf("  false %d vs %d: %d agree conf %.2f", i, j, m.Hashes, m.Confidence)
					}
				}
			}
		}
		t.Logf("== %s: fails %d, min true conf %.2f, worst false %.2f", d.name, fails, minTrue, worstFalse)
	}
}

type audioBuf struct{ b *audio.Buffer }
