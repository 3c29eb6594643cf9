package recorder

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gen2brain/malgo"

	"stableaudio/app/recorder/pulsetest"
	"stableaudio/backend/audio"
)

// These tests record for real through miniaudio's PulseAudio backend from a pipe source
// of a private PulseAudio daemon (scripts/audio-test-env.sh): the test plays the
// microphone by writing PCM into the pipe, in real time, as a microphone would deliver it.

const micRate = pulsetest.MicRate

// record starts a take from the named source.
func record(t *testing.T, id string, o Options) (*Recording, string) {
	t.Helper()
	o.Backends = []malgo.Backend{malgo.BackendPulseaudio}
	o.DeviceID = id
	path := filepath.Join(t.TempDir(), "take.wav")
	r, err := Start(path, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Stop() })
	return r, path
}

// A 440 Hz tone at −6 dBFS, then a click every 100 ms, come back at their pitch, level
// and spacing, and the take holds exactly the samples its length says.
func TestRecordsTheMicrophone(t *testing.T) {
	p := pulsetest.Start(t)
	m := p.Mic("testmic", "Test_Microphone")
	devices, err := Inputs([]malgo.Backend{malgo.BackendPulseaudio})
	if err != nil {
		t.Fatal(err)
	}
	if i := indexOf(devices, "testmic"); i < 0 || devices[i].Name != "Test_Microphone" || len(devices[i].Warnings) != 0 {
		t.Fatalf("the pipe source is not listed as testmic without warnings: %+v", devices)
	}

	var levels atomic.Int64
	var loudest atomic.Uint64
	r, path := record(t, "testmic", Options{MaxDuration: 4 * time.Second, OnLevel: func(l Level) {
		levels.Add(1)
		if l.PeakDB > math.Float64frombits(loudest.Load()) || levels.Load() == 1 {
			loudest.Store(math.Float64bits(l.PeakDB))
		}
	}})
	if info := r.Info(); info.SampleRate != micRate || info.Channels != 1 {
		t.Fatalf("recording at %d Hz × %d, want the source's own 48000 × 1", info.SampleRate, info.Channels)
	}
	signal := make([]float32, 0, 2*micRate)
	for i := range micRate { // 1 s of 440 Hz at half scale
		signal = append(signal, float32(0.5*math.Sin(2*math.Pi*440*float64(i)/micRate)))
	}
	for i := range micRate { // 1 s of clicks, one every 100 ms
		v := float32(0)
		if i%(micRate/10) == 0 {
			v = 0.9
		}
		signal = append(signal, v)
	}
	time.Sleep(200 * time.Millisecond)
	m.Play(signal)
	<-r.Done()
	take, err := r.Stop()
	if err != nil {
		t.Fatal(err)
	}
	if take.Ended != EndLimit || take.Frames != 4*micRate || take.Duration != 4*time.Second || take.Dropped != 0 {
		t.Fatalf("take %+v; want ended at the 4 s limit with 192000 frames, none dropped", take)
	}
	b, err := audio.DecodeFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.SampleRate != micRate || b.Channels != 1 || b.Frames() != 4*micRate {
		t.Fatalf("the file holds %d frames at %d Hz × %d", b.Frames(), b.SampleRate, b.Channels)
	}

	// Where the tone starts: the first sample over a quarter of its amplitude.
	start := -1
	for i, v := range b.Samples {
		if math.Abs(float64(v)) > 0.125 {
			start = i
			break
		}
	}
	// The tone and clicks take 2 s: they must start early enough to fit in the take.
	if start < 0 || start > 2*micRate {
		t.Fatalf("no tone in the first two seconds (starts at %d)", start)
	}
	tone := b.Samples[start+micRate/10 : start+micRate*9/10]
	var crossings int
	var sumSq float64
	for i, v := range tone {
		sumSq += float64(v) * float64(v)
		if i > 0 && tone[i-1] < 0 && v >= 0 {
			crossings++
		}
	}
	hz := float64(crossings) / (float64(len(tone)) / micRate)
	rms := 20 * math.Log10(math.Sqrt(sumSq/float64(len(tone))))
	want := 20 * math.Log10(0.5/math.Sqrt2)
	t.Logf("tone from sample %d: %.1f Hz, %.2f dBFS RMS (want %.2f); %d meter readings, loudest %.1f dBFS",
		start, hz, rms, want, levels.Load(), math.Float64frombits(loudest.Load()))
	if math.Abs(hz-440) > 2 {
		t.Errorf("the tone came back at %.1f Hz, want 440", hz)
	}
	if math.Abs(rms-want) > 1 {
		t.Errorf("the tone came back at %.2f dBFS RMS, want %.2f ± 1", rms, want)
	}
	// The clicks: 100 ms apart to the sample, so nothing was lost or repeated.
	var clicks []int
	for i := start + micRate; i < min(len(b.Samples), start+2*micRate); i++ {
		if b.Samples[i] > 0.45 && (len(clicks) == 0 || i-clicks[len(clicks)-1] > micRate/20) {
			clicks = append(clicks, i)
		}
	}
	if len(clicks) < 8 {
		t.Fatalf("%d clicks recorded, want 10", len(clicks))
	}
	for i := 1; i < len(clicks); i++ {
		if d := clicks[i] - clicks[i-1]; d != micRate/10 {
			t.Errorf("clicks %d and %d are %d samples apart, want %d", i-1, i, d, micRate/10)
		}
	}
	if levels.Load() != 4*LevelsPerSecond {
		t.Errorf("%d meter readings in 4 s of audio, want %d", levels.Load(), 4*LevelsPerSecond)
	}
}

// Unloading the source mid-take, as pulling a USB microphone does, ends the take by
// itself: what was recorded is kept in a valid file, and the take says what happened.
func TestPullingTheInputKeepsTheTake(t *testing.T) {
	p := pulsetest.Start(t)
	m := p.Mic("usbmic", "USB_Microphone")
	tone := make([]float32, 10*micRate)
	for i := range tone {
		tone[i] = float32(0.3 * math.Sin(2*math.Pi*220*float64(i)/micRate))
	}
	m.Play(tone)
	began := time.Now()
	r, path := record(t, "usbmic", Options{})
	time.Sleep(1500 * time.Millisecond)
	p.Pactl("unload-module", m.Module)
	select {
	case <-r.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the take did not end within 5 s of the input going away")
	}
	take, err := r.Stop()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("take %+v", take)
	if take.Ended != EndDeviceLost || !strings.Contains(take.Message, "USB_Microphone") || !strings.Contains(take.Message, "kept") {
		t.Errorf("take %+v; want ended because the device was lost, saying so", take)
	}
	// Not more than the time it ran, and what the source's pipe (0.68 s) held before.
	if ran := time.Since(began); take.Duration < time.Second || take.Duration > ran+700*time.Millisecond {
		t.Errorf("kept %v of a take that ran %v, want the 1.5 s and more before the input went away", take.Duration, ran)
	}
	b, err := audio.DecodeFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if int64(b.Frames()) != take.Frames {
		t.Errorf("the file holds %d frames, the take says %d", b.Frames(), take.Frames)
	}
}

// The buffer latency is read back from the periods the backend really delivers: asking
// for larger periods raises it in proportion.
func TestLatencyFollowsTheConfiguredPeriods(t *testing.T) {
	p := pulsetest.Start(t)
	p.Mic("testmic", "Test_Microphone")
	for _, c := range []struct{ frames, periods int }{{480, 2}, {960, 3}, {2400, 3}, {4800, 4}} {
		r, _ := record(t, "testmic", Options{PeriodFrames: c.frames, Periods: c.periods})
		time.Sleep(400 * time.Millisecond)
		got := r.Info().Latency.Buffer
		want := time.Duration(c.frames*c.periods) * time.Second / micRate
		t.Logf("period %d × %d: delivered periods of %d frames, buffer latency %v (configured %v)", c.frames, c.periods, r.period.Load(), got, want)
		if got < want*95/100 || got > want*105/100 {
			t.Errorf("period %d × %d: buffer latency %v, want %v", c.frames, c.periods, got, want)
		}
		warned := slices.ContainsFunc(r.Info().Warnings, func(w Warning) bool { return w.Code == "latency" })
		if warned != (want > highBufferLatency) {
			t.Errorf("%v of buffer: latency warning %v, want %v", got, warned, want > highBufferLatency)
		}
		if _, err := r.Stop(); err != nil {
			t.Fatal(err)
		}
	}
}
