package analysis

import (
	"fmt"
	"math"

	"stableaudio/backend/audio"
)

const (
	// chromaFrameSeconds is the window of the chroma spectrogram, 16384 samples at
	// 44.1 kHz. Its 2.7 Hz bins resolve semitones down to about A1 (55 Hz, where a
	// semitone is 3.3 Hz), which the bass line needs; key does not need time resolution.
	chromaFrameSeconds = 16384.0 / 44100
	chromaLowHz        = 55   // A1: below it bins are wider than semitones
	chromaHighHz       = 5000 // above it there is little but harmonics and cymbals
	// chromaCompression is γ in log(1 + γ·E) applied to each semitone's energy, so the
	// loud bass does not outweigh the harmony and a note counts for about the same in
	// every octave (the "log-frequency weighting": one semitone, one vote).
	chromaCompression = 100
)

// PitchClassNames are the chroma bins' names, index 0 = C, with sharps.
var PitchClassNames = [12]string{"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"}

// Chroma returns the track's average pitch-class profile: index 0 is C, 9 is A (A4 =
// 440 Hz), and the values sum to 1. It fails with ErrSilent if there is no energy
// between 55 Hz and 5 kHz.
func Chroma(b *audio.Buffer) ([12]float64, error) {
	x, err := monoOf(b)
	if err != nil {
		return [12]float64{}, err
	}
	size := nearestPowerOfTwo(chromaFrameSeconds * float64(b.SampleRate))
	hop := size / 2
	table := semitoneTable(size, b.SampleRate)
	n := len(x)/hop + 1

	// Per-frame chroma, summed in order afterwards, so the result does not depend on how
	// the frames were split over cores.
	frames := make([][12]float64, n)
	parallelChunks(n, func(lo, hi int) {
		s := newSTFT(size, hop)
		s.keepBins(table[len(table)-1].bin + 1)
		var energy [semitones]float64
		for i := lo; i < hi; i++ {
			mag := s.magnitudes(x, i)
			clear(energy[:])
			for _, e := range table {
				m := float64(mag[e.bin])
				energy[e.semitone] += e.weight * m * m
			}
			for p, v := range energy {
				frames[i][(p+lowestMIDI)%12] += math.Log1p(chromaCompression * v)
			}
		}
	})
	var total [12]float64
	for _, f := range frames {
		for pc, v := range f {
			total[pc] += v
		}
	}

	var norm float64
	for _, v := range total {
		norm += v
	}
	if norm < 1e-9*float64(n) {
		return [12]float64{}, fmt.Errorf("%w: no pitched sound to find a key in", ErrSilent)
	}
	for pc := range total {
		total[pc] /= norm
	}
	return total, nil
}

// The semitones the chroma covers, as MIDI note numbers: A1 (33, chromaLowHz) to D#7
// (99, the note nearest chromaHighHz).
const (
	lowestMIDI = 33
	semitones  = 99 - lowestMIDI + 1
)

func hzToMIDI(hz float64) float64 { return 69 + 12*math.Log2(hz/440) }

// semitoneWeight says how much of one FFT bin's energy belongs to one semitone.
type semitoneWeight struct {
	bin, semitone int
	weight        float64
}

// semitoneTable assigns every bin between chromaLowHz and chromaHighHz to its nearest
// semitone, weighted cos²(π·d) by its distance d (in semitones, |d| ≤ ½) from the note's
// centre. Energy exactly between two notes is mostly leakage from both, so it is
// discounted rather than split.
func semitoneTable(size, rate int) []semitoneWeight {
	var table []semitoneWeight
	binHz := float64(rate) / float64(size)
	for k := 1; k <= size/2; k++ {
		m := hzToMIDI(float64(k) * binHz)
		p := int(math.Round(m))
		if p < lowestMIDI || p >= lowestMIDI+semitones {
			continue
		}
		c := math.Cos(math.Pi * (m - float64(p)))
		table = append(table, semitoneWeight{bin: k, semitone: p - lowestMIDI, weight: c * c})
	}
	return table
}
