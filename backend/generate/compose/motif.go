package compose

import (
	"math"
	"slices"
)

// motifNote is one note of a motif. Its pitch is a scale step above the
// root of the chord the motif starts over, so the motif can follow the
// harmony and stays diatonic wherever it lands.
type motifNote struct {
	pos, dur float64 // beats from the motif's start
	step     int
}

// motif is a one- or two-bar idea that the melody repeats and varies.
type motif struct {
	notes []motifNote
	bars  int
}

// makeMotif invents a motif: a rhythm on the style's grid, denser with
// energy and favouring the beats, and a contour that mostly moves by step,
// balances each leap with a step back, and ends on a chord tone. The last
// slot stays empty so the repeat can breathe.
func (c *composer) makeMotif(r *rng, bars int) motif {
	ls := c.st.lead
	span := float64(bars * c.bpb)
	slots := int(math.Round(span / ls.grid))
	density := ls.density * (0.7 + 0.6*c.spec.Energy)
	var on []int
	for i := 0; i < slots-1; i++ {
		pos := float64(i) * ls.grid
		p := density
		switch {
		case i == 0:
			p = 0.85
		case whole(pos):
			p *= 1.4
		case !whole(pos * 2):
			p *= 0.7
		}
		if r.chance(p) {
			on = append(on, i)
		}
	}
	for _, i := range []int{0, slots / 2} {
		if len(on) < 2 && !slices.Contains(on, i) {
			on = append(on, i)
		}
	}
	slices.Sort(on)
	maxDur := 2.0
	if ls.grid >= 1 {
		maxDur = 4
	}
	notes := make([]motifNote, len(on))
	step, move := pick(r, []int{0, 2, 4, 4, 7}), 0
	for k, i := range on {
		next := slots
		if k+1 < len(on) {
			next = on[k+1]
		}
		if k > 0 {
			move = contourMove(r, move)
			step += move
			if step < -3 || step > 9 {
				step -= 2 * move
				move = -move
			}
		}
		dur := math.Min(float64(next-i)*ls.grid, maxDur) * ls.legato
		notes[k] = motifNote{pos: float64(i) * ls.grid, dur: dur, step: step}
	}
	last := &notes[len(notes)-1]
	last.step = snapStep(last.step, []int{0, 2, 4})
	return motif{notes: notes, bars: bars}
}

// contourMove is the next interval in scale steps: mostly steps, some
// thirds, rare leaps, and a step back against the direction of a leap.
func contourMove(r *rng, prev int) int {
	if prev >= 3 || prev <= -3 {
		return -sign(prev)
	}
	return pick(r, []int{-1, 1, -1, 1, -1, 1, -2, 2, -2, 2, 0, 3, -3, 4})
}

func sign(x int) int {
	if x < 0 {
		return -1
	}
	return 1
}

func whole(x float64) bool { return math.Abs(x-math.Round(x)) < 1e-6 }

// snapStep moves step to the nearest step whose degree is in tones
// (degrees 0..6), trying down before up.
func snapStep(step int, tones []int) int {
	for _, d := range []int{0, -1, 1, -2, 2, -3, 3} {
		if slices.Contains(tones, mod(step+d, 7)) {
			return step + d
		}
	}
	return step
}
