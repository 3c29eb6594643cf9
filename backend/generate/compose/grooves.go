package compose

// hit is one drum's line in a one-bar groove, a character per 16th:
// 'X' accent, 'x' normal, 'o' ghost, '.' rest.
type hit struct {
	drum     int
	steps    string
	minDrive float64 // the line joins once the drive reaches this
}

// groove is one bar of drums. Lines are ordered so that the kick, snare and
// main hats come first and need no drive: at low energy a groove thins to
// its skeleton rather than losing its backbeat.
type groove []hit

const (
	fourOnFloor = "X...X...X...X..."
	backbeat    = "....X.......X..."
	offbeats    = "..x...x...x...x."
	eighths     = "x.x.x.x.x.x.x.x."
	offSixteens = ".o.o.o.o.o.o.o.o"
)

// kits holds every genre's grooves in 4/4. The seed picks a groove for the
// A phrases and another for the B phrases.
var kits = map[string][]groove{
	"techno": {
		{{Kick, fourOnFloor, 0}, {OpenHat, offbeats, 0}, {Clap, "....x.......x...", 0.3}, {ClosedHat, "o.o.o.o.o.o.o.o.", 0.55}, {SideStick, "...o..o....o..o.", 0.75}},
		{{Kick, fourOnFloor, 0}, {OpenHat, offbeats, 0}, {Clap, "....x.......x...", 0.35}, {ClosedHat, "x.oxx.oxx.oxx.ox", 0.5}, {Ride, eighths, 0.8}},
		{{Kick, fourOnFloor, 0}, {OpenHat, offbeats, 0}, {ClosedHat, offSixteens, 0.4}, {Clap, "....x.......x..o", 0.45}},
	},
	"house": {
		{{Kick, fourOnFloor, 0}, {OpenHat, offbeats, 0}, {Clap, backbeat, 0.25}, {Shaker, "xoooxoooxoooxooo", 0.5}},
		{{Kick, fourOnFloor, 0}, {OpenHat, offbeats, 0}, {Clap, "....X.......X..o", 0.25}, {ClosedHat, "x...x...x...x...", 0.45}, {Tambourine, "....x.......x...", 0.7}},
	},
	"drum and bass": {
		{{Kick, "X.........x.....", 0}, {Snare, backbeat, 0}, {ClosedHat, eighths, 0}, {ClosedHat, offSixteens, 0.6}, {Ride, "..x...x...x...x.", 0.85}},
		{{Kick, "X.........x..x..", 0}, {Snare, "....X..o....X.o.", 0}, {ClosedHat, "x.xox.xox.xox.xo", 0}, {OpenHat, "......x.......x.", 0.6}},
		{{Kick, "X.........x.....", 0}, {Snare, "....X.......X..o", 0}, {Ride, eighths, 0}, {ClosedHat, "..x...x...x...x.", 0.5}},
	},
	"hip hop": {
		{{Kick, "X.......x.x.....", 0}, {Snare, backbeat, 0}, {ClosedHat, eighths, 0}, {ClosedHat, "...o.......o....", 0.55}},
		{{Kick, "X......xx.x.....", 0}, {Snare, backbeat, 0}, {ClosedHat, eighths, 0}, {OpenHat, "..............x.", 0.6}},
		{{Kick, "X.x.......X..x..", 0}, {Snare, "....X.......X..o", 0}, {ClosedHat, "x.xox.x.x.xox.x.", 0}},
	},
	"lo-fi": {
		{{Kick, "X.......x.x.....", 0}, {Snare, "....x.......x...", 0}, {ClosedHat, "x.xox.xox.xox.xo", 0}, {Shaker, offbeats, 0.6}},
		{{Kick, "X..x....x.......", 0}, {SideStick, "....x.......x..o", 0}, {ClosedHat, "x.xox.x.x.xox.xo", 0}},
	},
	"ambient": {
		{{Kick, "x...............", 0}, {Shaker, "....o.......o...", 0.45}, {LowTom, "........o.......", 0.7}},
		{{Kick, "x.......o.......", 0}, {Shaker, "..o...o...o...o.", 0.5}},
	},
	"cinematic": {
		{{Kick, "X.......x.......", 0}, {FloorTom, "x..x..x.x..x..x.", 0.45}, {LowTom, "..o...o...o...o.", 0.7}},
		{{Kick, "X..............x", 0}, {FloorTom, eighths, 0.5}, {HighTom, "....x.......x...", 0.75}},
	},
	"rock": {
		{{Kick, "X.......X.x.....", 0}, {Snare, backbeat, 0}, {ClosedHat, eighths, 0}, {OpenHat, "..............x.", 0.7}},
		{{Kick, "X.x.....X.x.....", 0}, {Snare, backbeat, 0}, {Ride, eighths, 0}, {Crash, "X...............", 0.85}},
	},
	"pop": {
		{{Kick, "X.......X.......", 0}, {Clap, backbeat, 0}, {ClosedHat, eighths, 0}, {ClosedHat, offSixteens, 0.6}},
		{{Kick, "X..x..x.X.......", 0}, {Snare, backbeat, 0}, {Clap, "....x.......x...", 0.5}, {ClosedHat, eighths, 0}},
	},
	"jazz": {
		{{Ride, "X...x.o.X...x.o.", 0}, {PedalHat, "....x.......x...", 0}, {Kick, "o...o...o...o...", 0.5}},
		{{Ride, "X...x.o.X.o.x.o.", 0}, {PedalHat, "....x.......x...", 0}, {Kick, "o.......o.......", 0.4}},
	},
	"folk": {
		{{Kick, "X.......x.......", 0}, {SideStick, "....x.......x...", 0}, {Shaker, "x.o.x.o.x.o.x.o.", 0.3}, {Tambourine, "....x.......x...", 0.65}},
		{{Kick, "X.....x.x.......", 0}, {Snare, "....x.......x...", 0}, {Shaker, eighths, 0.3}},
	},
	"synthwave": {
		{{Kick, "X.......X.......", 0}, {Snare, backbeat, 0}, {Clap, "....x.......x...", 0.4}, {ClosedHat, eighths, 0}, {ClosedHat, offSixteens, 0.65}},
		{{Kick, fourOnFloor, 0}, {Snare, backbeat, 0}, {ClosedHat, "x...x...x...x...", 0}, {OpenHat, offbeats, 0.45}},
	},
}

// trapKit replaces the hip hop grooves for trap: 16th hats and a half-time
// snare on beat 3; rolls are added per bar by the drummer.
var trapKit = []groove{
	{{Kick, "X......x..x.....", 0}, {Snare, "........X.......", 0}, {ClosedHat, eighths, 0}, {ClosedHat, ".x.x.x.x.x.x.x.x", 0.35}, {OpenHat, "..............x.", 0.6}},
	{{Kick, "X..x......x..x..", 0}, {Snare, "........X.......", 0}, {ClosedHat, "xxxxxxxxxxxxxxxx", 0}},
}

// waltzKits are the 3/4 grooves, a character per 16th over 12 steps.
var waltzKits = map[string][]groove{
	"folk": {
		{{Kick, "X...........", 0}, {SideStick, "....x...x...", 0}, {Shaker, "x.o.x.o.x.o.", 0.3}},
		{{Kick, "X.......x...", 0}, {SideStick, "....x...x...", 0}, {Tambourine, "x...........", 0.6}},
	},
	"jazz": {
		{{Ride, "X...x.o.x...", 0}, {PedalHat, "....x...x...", 0}, {Kick, "o...........", 0.5}},
		{{Ride, "X...x...x.o.", 0}, {PedalHat, "....x...x...", 0}},
	},
}

// keepsKick names the four-on-the-floor genres, whose kick never stops for
// a fill: the dance floor follows it.
var keepsKick = map[string]bool{"techno": true, "house": true}

// cymbal reports whether drum keeps time without weight; light drums play
// only these.
func cymbal(drum int) bool {
	switch drum {
	case ClosedHat, PedalHat, OpenHat, Ride, Shaker, Tambourine:
		return true
	}
	return false
}

// accent is the velocity of a groove character, 0 for a rest.
func accent(ch byte) float64 {
	switch ch {
	case 'X':
		return 1
	case 'x':
		return 0.8
	case 'o':
		return 0.45
	}
	return 0
}

// fit repeats or cuts a one-bar pattern to n steps, so 4/4 patterns serve a
// 3/4 bar where a genre has no waltz version.
func fit(pattern string, n int) string {
	for len(pattern) < n {
		pattern += pattern
	}
	return pattern[:n]
}
