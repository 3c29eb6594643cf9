package fingerprint

import (
	"testing"

	"stableaudio/backend/audio"
	"stableaudio/backend/audio/analysis"
)

func TestDiagAlign(t *testing.T) {
	b := song(randomStyle(3), 3, 40, testRate)
	ref, _ := Compute(b)
	for _, shift := range []int{0, 88, 176, 264, 353, 441, 529, 617} {
		st := 10*3528 + shift
		q := excerpt(b, st, 10*testRate)
		x := Mono8k(q)
		qp, _ := Compute(q)
		m := Compare(qp, ref)
		// peak survival
		rp := findPeaks(Mono8k(b))
		qpk := findPeaks(x)
		off := float64(st) / testRate * FrameRate
		set := map[[2]int32]bool{}
		for _, p := range rp {
			set[[2]int32{p.frame, p.bin}] = true
		}
		exact, near := 0, 0
		for _, p := range qpk {
			f := int32(float64(p.frame) + off + 0.5)
			if set[[2]int32{f, p.bin}] {
				exact++
			} else if set[[2]int32{f - 1, p.bin}] || set[[2]int32{f + 1, p.bin}] {
				near++
			}
		}
		t.Logf("shift %3d: hashes %d agree %d (%.0f%%); peaks %d exact %.0f%% near %.0f%%", shift, len(qp.Hashes), m.Hashes,
			100*float64(m.Hashes)/float64(len(qp.Hashes)), len(qpk), 100*float64(exact)/float64(len(qpk)), 100*float64(near)/float64(len(qpk)))
	}
}

func Mono8k(b *audio.Buffer) []float32 { return decimatorFor(b.SampleRate).run(analysis.Mono(b)) }
