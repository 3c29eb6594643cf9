package main

import (
	"math"

	"stableaudio/backend/generate/manifest"
	"stableaudio/backend/generate/onnxpb"
)

// progressions are the chord sequences a render can play, one chord per bar,
// three notes per chord in semitones above the key's root. The first four
// are major-key, the last four minor-key; the seed picks one of the four
// matching the prompt's mode.
var progressions = [8][4][3]float64{
	{{0, 4, 7}, {7, 11, 14}, {9, 12, 16}, {5, 9, 12}},    // I–V–vi–IV
	{{0, 4, 7}, {9, 12, 16}, {5, 9, 12}, {7, 11, 14}},    // I–vi–IV–V
	{{0, 4, 7}, {5, 9, 12}, {0, 4, 7}, {7, 11, 14}},      // I–IV–I–V
	{{9, 12, 16}, {5, 9, 12}, {0, 4, 7}, {7, 11, 14}},    // vi–IV–I–V
	{{0, 3, 7}, {8, 12, 15}, {3, 7, 10}, {10, 14, 17}},   // i–VI–III–VII
	{{0, 3, 7}, {5, 8, 12}, {7, 10, 14}, {0, 3, 7}},      // i–iv–v–i
	{{0, 3, 7}, {10, 14, 17}, {8, 12, 15}, {10, 14, 17}}, // i–VII–VI–VII
	{{0, 3, 7}, {5, 8, 12}, {8, 12, 15}, {7, 10, 14}},    // i–iv–VI–v
}

// baseHz is C3, the pitch of semitone 0 with key C.
const baseHz = 130.8128

// buildSynth writes the built-in pack's graph. Every output sample is a pure
// function of its absolute frame index, the conditioning vector and the
// seed, so chunks rendered separately join without a seam.
func buildSynth() *onnxpb.Graph {
	g := newGraph("stableaudio_builtin_1_0")
	cond := g.Input(manifest.InputConditioning, onnxpb.Float, onnxpb.Fixed(manifest.ConditioningSize))
	seed := g.Input(manifest.InputSeed, onnxpb.Int64, onnxpb.Fixed(1))
	start := g.Input(manifest.InputStart, onnxpb.Int64, onnxpb.Fixed(1))
	frames := g.Input(manifest.InputFrames, onnxpb.Int64, onnxpb.Fixed(1))

	// Time: Range needs scalars, so the [1] inputs are reshaped to rank 0.
	scalar := g.Initializer(onnxpb.Int64Tensor("", []int64{0}))
	first := g.Op("Reshape", start, scalar)
	frame := g.cast(g.Op("Range", first, g.add(first, g.Op("Reshape", frames, scalar)), g.ki(1)), onnxpb.Double)
	t := g.scale(frame, 1.0/manifest.SampleRate)

	// Conditioning, clamped so any vector gives a sane render.
	c := g.cast(cond, onnxpb.Double)
	at := func(i int) string { return g.Op("Gather", c, g.ki(int64(i))) }
	bpm := g.clamp(at(manifest.CondTempo), manifest.MinTempo, manifest.MaxTempo)
	bright := g.clamp(at(manifest.CondBrightness), 0, 1)
	energy := g.clamp(at(manifest.CondEnergy), 0, 1)
	major := g.floor(g.offset(g.clamp(at(manifest.CondMajor), 0, 1), 0.5))
	key := g.clamp(at(manifest.CondKey), 0, 11)
	rnd := randoms(g, seed, c)

	// Musical clock: beats, bars of four beats, eighth-note steps.
	beats := g.mul(t, g.scale(bpm, 1.0/60))
	secPerBeat := g.Op("Div", g.k(60), bpm)
	beat := g.floor(beats)
	beatPos := g.sub(beats, beat) // 0..1 through the current beat
	sinceBeat := g.mul(beatPos, secPerBeat)
	bars := g.scale(beats, 0.25)
	bar := g.floor(bars)
	barPos := g.sub(bars, bar)
	chord := g.sub(bar, g.scale(g.floor(g.scale(bar, 0.25)), 4)) // bar mod 4
	steps := g.scale(beats, 2)
	step := g.floor(steps)
	stepPos := g.sub(steps, step)
	sinceStep := g.mul(stepPos, g.scale(secPerBeat, 0.5))

	// Harmony: the seed picks a progression for the mode; note j of the
	// current chord is table[(prog·4 + chord)·3 + j].
	var flat []float64
	for _, p := range progressions {
		for _, ch := range p {
			flat = append(flat, ch[:]...)
		}
	}
	table := g.vec(flat...)
	prog := g.add(g.floor(g.scale(rnd(0), 4)), g.scale(g.sub(g.k(1), major), 4))
	chordBase := g.scale(g.add(g.scale(prog, 4), chord), 3)
	note := func(j string) string { return g.Op("Gather", table, g.index(g.add(chordBase, j))) }
	hz := func(semitones string) string {
		return g.scale(g.exp(g.scale(g.add(key, semitones), math.Ln2/12)), baseHz)
	}

	// Pad: the chord's three notes, faded in and out with each bar so the
	// chord change never clicks; brightness adds the second harmonic.
	padEnv := g.scale(g.mul(g.ramp(barPos, 8), g.ramp(g.sub(g.k(1), barPos), 16)), 0.09)
	var padL, padR []string
	for j, pan := range []float64{0, -0.5, 0.5} {
		f := hz(note(g.k(float64(j))))
		tone := g.add(g.osc(f, t, 1), g.mul(g.scale(bright, 0.3), g.osc(f, t, 2)))
		l, r := g.panFixed(g.mul(tone, padEnv), pan)
		padL, padR = append(padL, l), append(padR, r)
	}

	// Bass: the chord root an octave down, plucked on every beat.
	bassHz := g.scale(hz(note(g.k(0))), 0.5)
	bassEnv := g.product(g.decay(beatPos, 2.5), g.ramp(beatPos, 100), g.ramp(g.sub(g.k(1), beatPos), 40),
		g.offset(g.scale(energy, 0.1), 0.2))
	bass := g.mul(g.add(g.osc(bassHz, t, 1), g.scale(g.osc(bassHz, t, 2), 0.25)), bassEnv)

	// Arpeggio: each eighth note, hashes of (step, seed) pick whether it
	// plays (denser with energy), which chord note, its octave and its pan.
	stepHash := func(salt float64, r int) string {
		return g.hash(g.add(g.scale(step, 1.37+salt), g.scale(rnd(r), 97.3+salt)))
	}
	arpNote := note(g.floor(g.scale(stepHash(0, 1), 3)))
	octaves := g.offset(g.scale(g.floor(g.scale(stepHash(0.11, 2), 2)), 2), 2) // ×2 or ×4: one or two octaves up
	arpHz := g.mul(hz(arpNote), octaves)
	plays := g.cast(g.Op("Less", stepHash(0.23, 3), g.offset(g.scale(energy, 0.6), 0.3)), onnxpb.Double)
	arpEnv := g.product(plays, g.decay(stepPos, 5), g.ramp(stepPos, 60), g.ramp(g.sub(g.k(1), stepPos), 40), g.k(0.2))
	arp := g.mul(g.add(g.osc(arpHz, t, 1), g.mul(g.scale(bright, 0.4), g.osc(arpHz, t, 3))), arpEnv)
	arpL, arpR := g.pan(arp, g.scale(g.offset(g.scale(stepHash(0.37, 4), 2), -1), 0.7))

	// Kick: a sine swept from 150 Hz down to 45 Hz at the top of each beat.
	const kickFrom, kickTo, kickSweep = 150.0, 45.0, 20.0
	kickPhase := g.scale(g.add(g.scale(sinceBeat, kickTo),
		g.scale(g.sub(g.k(1), g.decay(sinceBeat, kickSweep)), (kickFrom-kickTo)/kickSweep)), 2*math.Pi)
	kick := g.product(g.sin(kickPhase), g.decay(sinceBeat, 9), g.ramp(g.sub(g.k(1), beatPos), 40),
		g.offset(g.scale(energy, 0.6), 0.2))

	// Noise: hashed per absolute frame (one stream per channel, salted by
	// the seed), shared by snare and hi-hat.
	noise := func(r int) string {
		return g.offset(g.scale(g.hash(g.add(g.scale(frame, 12.9898), g.scale(rnd(r), 78.233))), 2), -1)
	}
	noiseL, noiseR := noise(5), noise(6)

	// Snare on beats two and four: a noise burst plus a 190 Hz body.
	backbeat := g.sub(beat, g.scale(g.floor(g.scale(beat, 0.5)), 2)) // 1 on odd beats
	snareEnv := g.product(backbeat, g.decay(sinceBeat, 22), g.ramp(g.sub(g.k(1), beatPos), 40),
		g.offset(g.scale(energy, 0.2), 0.08))
	body := g.scale(g.sin(g.scale(sinceBeat, 2*math.Pi*190)), 0.5)
	snareL := g.mul(g.add(noiseL, body), snareEnv)
	snareR := g.mul(g.add(noiseR, body), snareEnv)

	// Hi-hat on every eighth: short noise ticks, louder when bright and energetic.
	hatEnv := g.product(g.decay(sinceStep, 70), g.ramp(g.sub(g.k(1), stepPos), 40),
		g.offset(g.scale(energy, 0.08), 0.03), g.offset(g.scale(bright, 0.5), 0.5))
	hatL, hatR := g.scale(g.mul(noiseL, hatEnv), 0.8), g.mul(noiseR, hatEnv)

	// Mix, then a Tanh soft clip: loud passages saturate instead of clipping,
	// and the output stays strictly inside (-1, 1).
	left := g.sum(append(padL, bass, arpL, kick, snareL, hatL)...)
	right := g.sum(append(padR, bass, arpR, kick, snareR, hatR)...)
	drive := g.offset(g.scale(energy, 0.4), 1)
	column := g.Initializer(onnxpb.Int64Tensor("", []int64{1}, 1))
	master := func(x string) string { return g.Op("Unsqueeze", g.Op("Tanh", g.mul(x, drive)), column) }
	stereo := g.OpAttrs("Concat", []onnxpb.Attribute{onnxpb.IntAttr("axis", 1)}, master(left), master(right))
	g.Output(manifest.OutputAudio, g.cast(stereo, onnxpb.Float), onnxpb.Float,
		onnxpb.Symbolic(manifest.FramesDim), onnxpb.Fixed(manifest.Channels))
	return g.Graph()
}

// randoms derives a row of seed- and prompt-dependent numbers in [0, 1) and
// returns an accessor for the i-th (0..7). The int64 seed is cut into four 16-bit
// parts before it becomes float64, so seeds that differ only in their high
// bits still give different numbers.
func randoms(g *graph, seed, cond string) func(i int) string {
	part := func(shift int64) string {
		return g.Op("Mod", g.Op("Div", seed, g.ki(1<<shift)), g.ki(1<<16))
	}
	parts := g.OpAttrs("Concat", []onnxpb.Attribute{onnxpb.IntAttr("axis", 0)}, part(0), part(16), part(32), part(48))
	seedMix := g.OpAttrs("ReduceSum", []onnxpb.Attribute{onnxpb.IntAttr("keepdims", 0)},
		g.mul(g.cast(parts, onnxpb.Double), g.vec(0.1031, 0.1030, 0.0973, 0.1099)))

	words := g.Op("Slice", cond, g.Initializer(onnxpb.Int64Tensor("", []int64{1}, manifest.CondHash)),
		g.Initializer(onnxpb.Int64Tensor("", []int64{1}, manifest.ConditioningSize)))
	var weights []float64
	for i := manifest.CondHash; i < manifest.ConditioningSize; i++ {
		weights = append(weights, 7.31+float64(i)*3.17)
	}
	wordMix := g.OpAttrs("ReduceSum", []onnxpb.Attribute{onnxpb.IntAttr("keepdims", 0)}, g.mul(words, g.vec(weights...)))

	const n = 8
	lanes := make([]float64, n)
	for i := range lanes {
		lanes[i] = 12.9898 * float64(i+1)
	}
	row := g.hash(g.add(g.add(seedMix, wordMix), g.vec(lanes...)))
	lane := make([]string, n)
	for i := range lane {
		lane[i] = g.Op("Gather", row, g.ki(int64(i)))
	}
	return func(i int) string { return lane[i] }
}
