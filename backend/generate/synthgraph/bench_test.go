package synthgraph_test

import (
	"bufio"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"stableaudio/backend/generate/synthgraph"
)

// demoSong fills every voice of cfg with a busy 120 BPM arrangement, so the
// benchmark renders what a real track costs: drums (kick sweep, snare and
// hi-hat noise), bass, a three-voice pad, lead with vibrato, plucked parts
// and bells. Every voice plays (the graph's cost does not depend on the
// notes, but this keeps the output meaningful to listen to).
func demoSong(cfg synthgraph.Config, seconds float64) *synthgraph.Controls {
	frames := framesFor(cfg, seconds)
	rate := float64(cfg.SampleRate) / float64(cfg.Hop) // frames per second
	c := &synthgraph.Controls{
		Pan:        []float32{0, 0.1, -0.4, 0, -0.6, 0, 0.6, 0.2, -0.3, 0.4, -0.2, 0.5},
		NoiseColor: []float32{0, 0.3, 1, 0, 0, 0, 0, 0, 0, 0, 0.6, 0},
	}
	saw := func(k int, power float64) []float32 {
		h := make([]float32, k)
		for i := range h {
			h[i] = float32(math.Pow(float64(i+1), -power))
		}
		return h
	}
	c.Harmonics = [][]float32{{1}, {1, 0.3}, {1}, saw(12, 1), saw(24, 2), saw(24, 2), saw(24, 2),
		saw(24, 1), saw(16, 1.5), saw(24, 1), saw(10, 1), {1, 0, 0, 0.4, 0, 0, 0.2}}
	chord := []float64{0, 4, 7, 9, 5, 9, 12, 7, 11}
	hz := func(semis float64) float64 { return 220 * math.Pow(2, semis/12) }
	for v := range cfg.Voices {
		f0, amp, noise := make([]float32, frames), make([]float32, frames), make([]float32, frames)
		for i := range frames {
			t := float64(i) / rate
			beat := t * 2 // 120 BPM
			sinceBeat := (beat - math.Floor(beat)) / 2
			sinceEighth := (beat*2 - math.Floor(beat*2)) / 4
			bar := int(beat / 4)
			root := chord[bar%3*3]
			switch v {
			case 0: // kick: 150 → 45 Hz sweep
				f0[i] = float32(45 + 105*math.Exp(-sinceBeat*25))
				amp[i] = float32(0.8 * math.Exp(-sinceBeat*9))
			case 1: // snare on 2 and 4
				if int(beat)%2 == 1 {
					f0[i], amp[i], noise[i] = 190, float32(0.2*math.Exp(-sinceBeat*30)), float32(0.25*math.Exp(-sinceBeat*18))
				}
			case 2: // hi-hat on eighths
				noise[i] = float32(0.08 * math.Exp(-sinceEighth*60))
			case 3: // bass
				f0[i], amp[i] = float32(hz(root-24)), float32(0.3*math.Exp(-sinceBeat*2))
			case 4, 5, 6: // pad
				f0[i], amp[i] = float32(hz(chord[bar%3*3+v-4])), float32(0.08*math.Min(1, t-float64(bar)*2))
			case 7: // lead with 5 Hz vibrato
				f0[i] = float32(hz(root+12+float64(int(beat)%4)*2) * (1 + 0.004*math.Sin(2*math.Pi*5*t)))
				amp[i] = float32(0.12 * math.Min(1, sinceBeat*20))
			case 8, 10: // piano and pluck arpeggios
				f0[i] = float32(hz(chord[(int(beat*2)+v)%9] + 12))
				amp[i] = float32(0.15 * math.Exp(-sinceEighth*12))
				noise[i] = float32(0.01 * math.Exp(-sinceEighth*80))
			case 9: // strings swell
				f0[i], amp[i] = float32(hz(root-12)), float32(0.06*(1-math.Cos(2*math.Pi*t/8))/2)
			default: // bells
				f0[i], amp[i] = float32(hz(root+24)), float32(0.05*math.Exp(-sinceBeat*3))
			}
		}
		c.F0, c.Amp, c.Noise = append(c.F0, f0), append(c.Amp, amp), append(c.Noise, noise)
	}
	return c
}

// vmHWM is the process's peak resident memory in bytes, from /proc (0 where
// there is none).
func vmHWM() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// BenchmarkRender190s renders 190 s of 12-voice stereo at 44.1 kHz, the
// product's longest track, and reports the speed as a multiple of real
// time and the peak memory. Composition (demoSong) is outside the timing.
func BenchmarkRender190s(b *testing.B) {
	const seconds = 190
	cfg := synthgraph.DefaultConfig()
	r := newRenderer(b, cfg)
	song := demoSong(cfg, seconds)
	// A short render first, so the peak memory of the session's working set
	// is in the baseline and the long render's growth is only its output.
	render(b, r, demoSong(cfg, 5), synthgraph.RenderOptions{})
	runtime.GC()
	before := vmHWM()
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		render(b, r, song, synthgraph.RenderOptions{Seed: 1})
	}
	elapsed := time.Since(start) / time.Duration(b.N)
	b.StopTimer()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	after := vmHWM()
	output := int64(seconds * cfg.SampleRate * 2 * 4)
	b.ReportMetric(seconds/elapsed.Seconds(), "x-realtime")
	b.ReportMetric(float64(after)/(1<<20), "VmHWM-MiB")
	b.Logf("190 s in %v (%.0f× real time); VmHWM %.0f MiB before, %.0f MiB after (output buffer %.0f MiB); Go heap in use %.0f MiB",
		elapsed.Round(time.Millisecond), seconds/elapsed.Seconds(), float64(before)/(1<<20), float64(after)/(1<<20),
		float64(output)/(1<<20), float64(ms.HeapInuse)/(1<<20))
}
