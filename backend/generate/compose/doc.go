// Package compose is the built-in model's composer: it turns a Spec (tempo,
// key, genre, instruments, energy, brightness, length, seed) into a Score —
// sections, a chord timeline and one list of notes per instrument — that the
// ONNX graphs then render to audio. There are no trained weights here: the
// music comes from genre rules and a seeded random choice among them, so the
// same Spec always gives the same Score and another seed gives another
// melody, progression and groove.
//
// Compose works in four steps, each in its own file:
//
//   - arrange.go plans the meter, the tempo and length (a loop's BPM is
//     nudged by under 1 % so whole bars fit), the sections and how intense
//     each bar is (drive);
//   - harmony.go lays a diatonic progression over the sections, ends a
//     non-loop with a cadence onto the tonic, and voices every chord near
//     the middle of the keyboard with smooth voice leading;
//   - drums.go, bass.go, motif.go/melody.go and comping.go write the parts
//     against that plan, each from its own random stream (theory.go), so a
//     new instrument never rewrites another part;
//   - score.go clips every note to the end, fades a non-loop's last bars
//     and sorts the parts, and asks the sustained parts to swell on every
//     beat (Score.Pulse) when no part of the band marks it.
//
// Every pitched note is in the key's scale (natural minor for minor keys),
// except jazz's chromatic passing and approach tones: at most one note in
// ten, each resolving by a half step.
//
// # Arrangement
//
// With Arrange and at least 32 bars: intro (0.30) → build (0.55, ramping) →
// main (0.85) → break (0.45) → main (1.00) → outro (0.35); 16–31 bars get
// intro, main, outro; shorter pieces, loops and Arrange=false are one "main"
// (0.80) whose patterns vary every 4 or 8 bars (A A B A) with a fill at each
// phrase end. The intro has no drums (hats only in electronic genres), bass
// or lead; the build adds drums and bass; the break drops drums, bass and
// guitar; the outro loses its rhythm section halfway. Spec.Energy scales
// every section's energy into the drive that sets velocities, the density
// of hats, bass and comping, motif density and fills; Spec.Brightness lifts
// the register of chords, melody and bells and the level of the hats.
//
// # Genres
//
//   - techno (124–132 BPM): four-on-the-floor kick, open hats on the
//     off-beats, claps on 2 and 4, 16th hats and rim shots with energy;
//     off-beat or rolling-16th bass; one-chord vamps or i–VI–III–VII over 2–4
//     bars; off-beat chord stabs, 16th plucks; snare-roll builds.
//   - house (120–126): the same floor with shaker or tambourine and a light
//     16th swing; syncopated bass with octaves and fifths; piano stabs.
//   - drum and bass (170–176): two-step — kick on 1 and the and of 3, snare
//     on 2 and 4 with ghosts — over 8th or 16th hats or ride; long sub-bass
//     following the kick; minor i–VI progressions over two bars.
//   - hip hop (84–96): boom bap with swung 16ths (52–58 %), long 808-style
//     bass on the kicks, seventh chords on a rolled piano. Trap (130–150,
//     or any asked tempo from 115 BPM): half-time snare on 3, 16th hats with
//     triplet or 32nd rolls.
//   - lo-fi (70–88): boom bap swung at 55–60 %, side stick, ghost hats;
//     maj7/min7 progressions one chord a bar; rolled piano, approach notes
//     in the bass.
//   - ambient (60–80): no groove, a soft kick, shaker and low toms; held
//     roots, long pads, slow arpeggios, a spacious motif on whole beats and
//     a plagal (IV–I) ending.
//   - cinematic (70–100): kick and floor-tom ostinato, tom fills; i–VI–III–VII
//     or i–iv–VI–Vsus4; held bass that turns into 8ths at high energy, and
//     a string ostinato under the sustained chords.
//   - rock (110–140): backbeat with 8th hats or ride and tom fills; root
//     8ths in the bass; 8th-note power chords; I–IV–V, I–V–vi–IV.
//   - pop (96–124): kick on 1 and 3 (or syncopated), clap or snare on 2 and
//     4; I–V–vi–IV and relatives; strummed guitar, piano in 8ths or
//     arpeggios.
//   - jazz (100–160, sometimes 3/4): swung ride ("ding, ding-a-ding"), hat on
//     2 and 4, feathered kick, ghosted snare comping and kick bombs;
//     ii–V–I, I–vi–ii–V with sevenths, two or four beats a chord; a walking bass in
//     quarters; Charleston-style piano comping, four-to-the-bar guitar.
//   - folk (84–120, sometimes 3/4): kick and side stick, shaker, tambourine;
//     I–IV–V; alternating root–fifth bass, strummed guitar (on every beat
//     of a waltz).
//   - synthwave (84–118): big snare on 2 and 4 over 8th hats; vi–IV–I–V;
//     driving 8th bass with octaves, 16th arpeggiated plucks.
package compose
