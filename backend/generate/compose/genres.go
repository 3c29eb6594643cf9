package compose

// fillKind is how a genre's drummer fills the end of a phrase.
type fillKind int

const (
	fillRoll fillKind = iota // snare 16ths, crescendo (electronic, pop)
	fillToms                 // 16ths down the toms (rock, folk, cinematic)
	fillJazz                 // triplet snare with a kick on the last one
	fillSoft                 // quiet low toms (ambient)
)

// leadStyle shapes a genre's motif.
type leadStyle struct {
	grid    float64 // rhythmic grid, beats
	density float64 // chance of a note on a grid slot, at energy 0.5
	legato  float64 // sounding fraction of the time until the next note
}

// style is everything genre-specific that is not a pattern table: tempo,
// harmony, feel. Drum grooves, bass lines and comping patterns live beside
// the code that plays them (grooves.go, bass.go, comping.go).
type style struct {
	tempo      [2]float64   // BPM range used when Spec.BPM is 0
	major      []string     // progressions in a major key, roman numerals
	minor      []string     // progressions in a minor key
	chordBars  []int        // harmonic rhythm choices, bars per chord
	ending     [2][2]string // {penultimate, final} chord of a non-loop: major, minor
	swing16    [2]float64   // 16th swing range; 0.5 = straight
	swing8     [2]float64   // 8th swing range (jazz)
	waltz      float64      // chance of 3/4 time
	electronic bool         // hats keep time in the intro
	fill       fillKind
	lead       leadStyle
}

var straight = [2]float64{0.5, 0.5}

// styles is the genre table. Minor keys are natural minor, so a dominant
// that would need the leading tone is written VII, v or Vsus4 instead: the
// cadence keeps its pull and every note stays in the scale.
var styles = map[string]*style{
	"techno": {
		tempo:     [2]float64{124, 132},
		major:     []string{"I", "I IV", "vi IV", "I V vi IV"},
		minor:     []string{"i", "i VI III VII", "i VII", "i iv", "i VI"},
		chordBars: []int{2, 4}, ending: [2][2]string{{"V", "I"}, {"VII", "i"}},
		swing16: straight, swing8: straight, electronic: true, fill: fillRoll,
		lead: leadStyle{grid: 0.25, density: 0.35, legato: 0.5},
	},
	"house": {
		tempo:     [2]float64{120, 126},
		major:     []string{"I vi IV V", "IV V iii vi", "I IV", "ii7 V7 Imaj7 vi7"},
		minor:     []string{"i VII VI VII", "i iv", "i7 iv7", "i VI VII"},
		chordBars: []int{1, 2}, ending: [2][2]string{{"V", "I"}, {"VII", "i"}},
		swing16: [2]float64{0.5, 0.54}, swing8: straight, electronic: true, fill: fillRoll,
		lead: leadStyle{grid: 0.25, density: 0.3, legato: 0.6},
	},
	"drum and bass": {
		tempo:     [2]float64{170, 176},
		major:     []string{"I V vi IV", "IV V vi", "vi IV I V"},
		minor:     []string{"i VI", "i VI III VII", "i iv VI VII", "i VII VI VII"},
		chordBars: []int{2}, ending: [2][2]string{{"V", "I"}, {"VII", "i"}},
		swing16: straight, swing8: straight, electronic: true, fill: fillRoll,
		lead: leadStyle{grid: 0.25, density: 0.3, legato: 0.8},
	},
	"hip hop": {
		tempo:     [2]float64{84, 96},
		major:     []string{"Imaj7 vi7", "ii7 V7 Imaj7 Imaj7", "I vi ii V"},
		minor:     []string{"i VI", "i iv", "i VII VI VII", "i7 iv7"},
		chordBars: []int{1, 2}, ending: [2][2]string{{"V", "I"}, {"VII", "i"}},
		swing16: [2]float64{0.52, 0.58}, swing8: straight, fill: fillRoll,
		lead: leadStyle{grid: 0.5, density: 0.4, legato: 0.8},
	},
	"lo-fi": {
		tempo:     [2]float64{70, 88},
		major:     []string{"Imaj7 vi7 ii7 V7", "IVmaj7 iii7 ii7 Imaj7", "ii7 V7 Imaj7 Imaj7", "Imaj7 IVmaj7"},
		minor:     []string{"i7 iv7 VII7 IIImaj7", "i7 VImaj7 iv7 v7", "iv7 v7 i7 i7", "i7 iv7"},
		chordBars: []int{1}, ending: [2][2]string{{"V7", "Imaj7"}, {"v7", "i7"}},
		swing16: [2]float64{0.55, 0.60}, swing8: straight, fill: fillRoll,
		lead: leadStyle{grid: 0.5, density: 0.35, legato: 0.9},
	},
	"ambient": {
		tempo:     [2]float64{60, 80},
		major:     []string{"I IV", "I vi IV", "Isus2 IV", "I iii IV"},
		minor:     []string{"i VI", "i III VII", "i iv", "isus2 VI"},
		chordBars: []int{2, 4}, ending: [2][2]string{{"IV", "I"}, {"iv", "i"}},
		swing16: straight, swing8: straight, fill: fillSoft,
		lead: leadStyle{grid: 1, density: 0.45, legato: 1},
	},
	"cinematic": {
		tempo:     [2]float64{70, 100},
		major:     []string{"I V vi IV", "vi IV I V", "I iii IV vi"},
		minor:     []string{"i VI III VII", "i iv VI Vsus4", "i VI iv VII", "i III VII iv"},
		chordBars: []int{2}, ending: [2][2]string{{"V", "I"}, {"Vsus4", "i"}},
		swing16: straight, swing8: straight, fill: fillToms,
		lead: leadStyle{grid: 0.5, density: 0.35, legato: 1},
	},
	"rock": {
		tempo:     [2]float64{110, 140},
		major:     []string{"I IV V IV", "I V vi IV", "I IV", "vi IV I V"},
		minor:     []string{"i VII VI VII", "i VI VII", "i iv VII i"},
		chordBars: []int{1, 2}, ending: [2][2]string{{"V", "I"}, {"VII", "i"}},
		swing16: straight, swing8: straight, fill: fillToms,
		lead: leadStyle{grid: 0.5, density: 0.55, legato: 0.85},
	},
	"pop": {
		tempo:     [2]float64{96, 124},
		major:     []string{"I V vi IV", "vi IV I V", "I vi IV V", "IV I V vi"},
		minor:     []string{"i VI III VII", "i VII VI VII", "i iv VI VII", "VI VII i i"},
		chordBars: []int{1, 2}, ending: [2][2]string{{"V", "I"}, {"VII", "i"}},
		swing16: straight, swing8: straight, fill: fillRoll,
		lead: leadStyle{grid: 0.5, density: 0.55, legato: 0.85},
	},
	"jazz": {
		tempo:     [2]float64{100, 160},
		major:     []string{"ii7:2 V7:2 Imaj7:4", "Imaj7:2 vi7:2 ii7:2 V7:2", "iii7:2 vi7:2 ii7:2 V7:2", "Imaj7:4 IVmaj7:4 iii7:2 vi7:2 ii7:2 V7:2"},
		minor:     []string{"ii7:2 v7:2 i7:4", "i7:4 iv7:4 VII7:4 IIImaj7:4", "i7:2 VImaj7:2 ii7:2 v7:2"},
		chordBars: []int{1}, ending: [2][2]string{{"V7", "Imaj7"}, {"v7", "i7"}},
		swing16: straight, swing8: [2]float64{0.6, 0.67}, waltz: 0.15, fill: fillJazz,
		lead: leadStyle{grid: 0.5, density: 0.6, legato: 0.9},
	},
	"folk": {
		tempo:     [2]float64{84, 120},
		major:     []string{"I IV V", "I IV I V", "I V vi IV", "I vi IV V"},
		minor:     []string{"i VII VI VII", "i VII i", "i VI VII i"},
		chordBars: []int{1, 2}, ending: [2][2]string{{"V", "I"}, {"VII", "i"}},
		swing16: straight, swing8: straight, waltz: 0.25, fill: fillToms,
		lead: leadStyle{grid: 0.5, density: 0.5, legato: 0.9},
	},
	"synthwave": {
		tempo:     [2]float64{84, 118},
		major:     []string{"vi IV I V", "I V vi IV", "IV V vi vi"},
		minor:     []string{"i VI III VII", "i VI VII", "i VII VI VII"},
		chordBars: []int{1, 2}, ending: [2][2]string{{"V", "I"}, {"VII", "i"}},
		swing16: straight, swing8: straight, electronic: true, fill: fillRoll,
		lead: leadStyle{grid: 0.5, density: 0.45, legato: 0.9},
	},
}

// progressions returns the style's progressions for the mode.
func (st *style) progressions(minor bool) []string {
	if minor {
		return st.minor
	}
	return st.major
}
