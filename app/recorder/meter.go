package recorder

import "math"

// Level is one reading of the input meter, over the last 1/LevelsPerSecond s.
type Level struct {
	PeakDB  float64 `json:"peakDb"` // dBFS of the loudest sample; FloorDB for silence
	RMSDB   float64 `json:"rmsDb"`  // dBFS of the RMS over all channels
	Clipped bool    `json:"clipped"`
}

const (
	// LevelsPerSecond is how often the meter reads: smooth motion without flooding the
	// UI's event bridge.
	LevelsPerSecond = 30
	// FloorDB is what silence reads.
	FloorDB = -120.0
	// clipLevel is where a sample counts as clipped: converters saturate at full scale
	// (32767/32768 for 16 bits), so anything this close to 1 was cut off.
	clipLevel = 0.999
)

// meter turns captured samples into a Level every window frames.
type meter struct {
	window  int // frames per reading
	frames  int
	peak    float32
	sumSq   float64
	samples int
	clipped bool
}

func newMeter(rate int) *meter { return &meter{window: max(1, rate/LevelsPerSecond)} }

// add takes interleaved samples and calls emit for every full window.
func (m *meter) add(x []float32, channels int, emit func(Level)) {
	for i := 0; i+channels <= len(x); i += channels {
		for _, v := range x[i : i+channels] {
			a := float32(math.Abs(float64(v)))
			m.peak = max(m.peak, a)
			m.sumSq += float64(v) * float64(v)
			m.clipped = m.clipped || a >= clipLevel
		}
		m.samples += channels
		if m.frames++; m.frames == m.window {
			emit(Level{PeakDB: dbfs(float64(m.peak)), RMSDB: dbfs(math.Sqrt(m.sumSq / float64(m.samples))), Clipped: m.clipped})
			*m = meter{window: m.window}
		}
	}
}

// dbfs is an amplitude in decibels relative to full scale, FloorDB at most quiet.
func dbfs(a float64) float64 {
	if a <= 0 {
		return FloorDB
	}
	return max(FloorDB, 20*math.Log10(a))
}
