package prompt

func init() {
	// Each instrument's own words: wanted when named, excluded when negated.
	inst := func(xs ...Instrument) func(*entry) {
		return func(e *entry) { e.want, e.exclude = append(e.want, xs...), append(e.exclude, xs...) }
	}
	define(inst(Drums), "drums", "drum", "drum kit", "kit", "percussion", "percussive", "perc",
		"kick", "kicks", "kick drum", "snare", "snares", "hats", "hi hats", "hi hat", "hihat",
		"hihats", "hat", "claps", "clap", "beat", "beats", "breakbeat", "breakbeats",
		"drum machine", "drum loop", "909", "breaks", "brushes", "cymbals", "toms", "shaker", "tambourine", "congas",
		"bongos", "timpani", "taiko")
	define(inst(Bass), "bass", "bassline", "basslines", "bass line", "sub bass", "upright bass",
		"double bass", "electric bass", "bass guitar", "synth bass", "acid bass", "reese",
		"low end", "contrabass")
	define(inst(Bass, Drums), "808", "808s", "tr 808")
	define(inst(Piano), "piano", "pianos", "keys", "keyboard", "keyboards", "rhodes",
		"electric piano", "e piano", "wurlitzer", "wurli", "grand piano", "upright piano",
		"felt piano")
	define(inst(Pads), "pad", "pads", "synth pad", "synth pads", "string pad", "string pads",
		"warm pads")
	define(inst(Strings), "strings", "string", "string section", "violin", "violins", "viola",
		"violas", "cello", "cellos", "fiddle", "string ensemble", "string quartet", "pizzicato")
	define(inst(LeadSynth), "lead synth", "lead synths", "synth lead", "synth leads", "lead",
		"leads", "synth melody")
	define(inst(Guitar), "guitar", "guitars", "acoustic guitar", "electric guitar",
		"nylon guitar", "classical guitar", "lead guitar", "rhythm guitar", "slide guitar", "power chords", "riffs", "riff",
		"strummed", "strumming", "fingerpicked", "fingerpicking")
	define(inst(Plucks), "pluck", "plucks", "plucked", "arp", "arps", "arpeggio", "arpeggios",
		"arpeggiated", "plucky")
	define(inst(Bells), "bells", "bell", "chimes", "glockenspiel", "celesta", "music box",
		"tubular bells", "vibraphone", "marimba", "xylophone")
	// "no synths" means no synth parts at all, but "synths" asked for is
	// most often the lead.
	define(func(e *entry) { e.want, e.exclude = []Instrument{LeadSynth}, []Instrument{LeadSynth, Pads, Plucks} },
		"synth", "synths", "synthesizer", "synthesizers")

	// Stand-ins: the nearest part the model has. They never exclude, because
	// "no brass" should not silence the strings that play the brass lines.
	standIn := func(x Instrument) func(*entry) {
		return func(e *entry) { e.want = append(e.want, x) }
	}
	define(standIn(Piano), "organ", "hammond", "harpsichord", "clavinet", "clav")
	define(standIn(Strings), "brass", "horns", "french horn", "french horns", "horn section")
	define(standIn(LeadSynth), "sax", "saxophone", "trumpet", "flute", "clarinet", "oboe",
		"whistle")
	define(standIn(Guitar), "ukulele", "banjo", "mandolin", "lute")
	define(standIn(Plucks), "harp", "kalimba", "koto", "sitar")
	define(standIn(Pads), "choir", "texture", "textures", "drones", "swells")

	voice := func(name string) func(*entry) { return func(e *entry) { e.voice = name } }
	define(voice("vocals"), "vocals", "vocal", "voice", "voices", "singing", "singer", "sung",
		"vox", "lyrics", "vocal chops", "rapping", "spoken word", "female vocals", "male vocals", "lead vocals",
		"lead vocal")

	// Words that make an instrument absent by themselves.
	privative := func(xs ...Instrument) func(*entry) {
		return func(e *entry) { e.exclude, e.privative = append(e.exclude, xs...), true }
	}
	define(privative(Drums), "drumless", "beatless", "percussionless")
	define(privative(Bass), "bassless")

	define(func(e *entry) { e.negator = true }, "no", "without", "minus", "sans", "not", "zero",
		"w o", "excluding", "exclude", "avoid", "dont", "never", "lose the", "except", "anything but")
	// "solo" and "just" apply only right before an instrument: "solo piano"
	// is just a piano, but a rock song "with a guitar solo" keeps its band.
	define(func(e *entry) { e.solo = true }, "solo", "just")
	define(func(e *entry) { e.only = true }, "only", "alone", "unaccompanied", "by itself")
}

// negJoiners keep a negation open across a list: "no drums or bass", "without
// any of the percussion".
var negJoiners = map[string]bool{
	"and": true, "or": true, "nor": true, "&": true, "any": true, "the": true, "a": true,
	"an": true, "of": true, "too": true, "much": true, "more": true, "use": true, "using": true,
}

// negEnders close a negation at once: "no drums but a big bass".
var negEnders = map[string]bool{
	"but": true, "with": true, "instead": true, "yet": true, "plus": true,
}

// negation tracks whether words are being negated. After a negator it
// allows a couple of words before the first negated thing ("no live
// drums"), then stays open only across list joiners, so "no drums and a big
// bass" wants the bass.
type negation struct {
	on, hit bool
	gap     int
}

func (n *negation) start() { *n = negation{on: true} }

// active reports whether the thing at hand is negated, and notes the hit.
func (n *negation) active() bool {
	if n.on {
		n.hit, n.gap = true, 0
	}
	return n.on
}

// other notes a word that is neither negated nor a joiner.
func (n *negation) other(w string) {
	switch {
	case !n.on || negJoiners[w]:
	case negEnders[w] || n.hit:
		n.on = false
	default:
		if n.gap++; n.gap > 2 {
			n.on = false
		}
	}
}
