package app

import (
	"context"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"stableaudio/app/recorder/pulsetest"
)

// The Record view's calls, through a private PulseAudio with a wired microphone and a
// Bluetooth headset: the inputs come with their warnings, the choice survives a restart,
// a take meters and times itself, stops into the data folder with its waveform and the
// plan's crop, and can be followed at once.
func TestRecordingATake(t *testing.T) {
	p := pulsetest.Start(t)
	mic := p.Mic("testmic", "Studio_Condenser")
	p.Mic("bluez_source.38_18_4C_12_34_56.handsfree_head_unit", "WH-1000XM4")
	a, events := newTestApp(t)

	inputs, err := a.ListInputs()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]InputDevice{}
	for _, d := range inputs {
		byName[d.Name] = d
	}
	if d := byName["WH-1000XM4"]; len(d.Warnings) != 1 || d.Warnings[0].Code != "bluetooth" {
		t.Errorf("the headset: %+v; want a Bluetooth warning", d)
	}
	if d := byName["Studio_Condenser"]; len(d.Warnings) != 0 || !slices.Contains(d.Rates, 48000) || d.Channels != 1 {
		t.Errorf("the microphone: %+v; want 48 kHz mono without warnings", d)
	}
	if err := a.SelectInput("testmic"); err != nil {
		t.Fatal(err)
	}
	a.Shutdown(context.Background())
	a = New(Config{Version: "test", DataDir: a.cfg.DataDir})
	if err := a.Open(context.Background(), events); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Shutdown(context.Background()) })
	inputs, err = a.ListInputs()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range inputs {
		if d.Selected != (d.ID == "testmic") {
			t.Errorf("after a restart %q is selected %v; want only testmic", d.Name, d.Selected)
		}
	}

	tone := make([]float32, 5*pulsetest.MicRate)
	for i := range tone {
		tone[i] = float32(0.5 * math.Sin(2*math.Pi*330*float64(i)/pulsetest.MicRate))
	}
	mic.Play(tone)
	began := time.Now()
	st, err := a.StartRecording()
	if err != nil {
		t.Fatal(err)
	}
	if st.Device != "Studio_Condenser" || st.SampleRate != 48000 || st.Channels != 1 || st.CropSeconds != 30 {
		t.Errorf("recording %+v; want Studio_Condenser at 48 kHz mono, the Free plan's 30 s crop", st)
	}
	if _, err := a.StartRecording(); err == nil {
		t.Error("a second StartRecording while recording: no error")
	}
	time.Sleep(2500 * time.Millisecond)
	take, err := a.StopRecording()
	if err != nil {
		t.Fatal(err)
	}
	wall := time.Since(began)
	levels := events.named(eventRecorderLevel)
	t.Logf("take %s: %.2f s, %d meter events", take.Name, take.Seconds, len(levels))
	// A take cannot outlast the time it ran, but the source may hand over what it
	// buffered before it began (its pipe holds 0.68 s).
	if take.Ended != "stopped" || take.Seconds < 2 || take.Seconds > wall.Seconds()+0.7 || take.CropSeconds != 30 || take.Cropped || len(take.Peaks) != waveformColumns {
		t.Errorf("take of %.2f s in %v, %q, crop %v (cropped %v), %d waveform columns; want 2.5 s or more, stopped, not cropped, with its waveform",
			take.Seconds, wall, take.Ended, take.CropSeconds, take.Cropped, len(take.Peaks))
	}
	if len(levels) < 50 {
		t.Fatalf("%d meter events in 2.5 s, want about 75", len(levels))
	}
	last := levels[len(levels)-1].data.(RecorderLevel)
	if last.PeakDB < -7 || last.PeakDB > -5 || last.ElapsedSec < 2 {
		t.Errorf("the last meter reading %+v; want the tone's −6 dBFS peak, 2 s and more in", last)
	}
	if ended := events.named(eventRecorderEnded); len(ended) != 1 || ended[0].data.(Take).Path != take.Path {
		t.Errorf("ended events %+v; want the one take", ended)
	}
	if _, err := os.Stat(take.Path); err != nil || !strings.HasPrefix(take.Path, a.cfg.DataDir) {
		t.Errorf("the take is not in the data folder: %s (%v)", take.Path, err)
	}
	if in, err := a.InspectAudio(take.Path); err != nil || in.Seconds != take.Seconds {
		t.Errorf("the take as audio input: %+v, %v", in, err)
	}
	if _, err := a.StopRecording(); err == nil {
		t.Error("StopRecording with no take running: no error")
	}
	if a.RecordingState() != nil {
		t.Error("a recording state with no take running")
	}
}

// Pulling the input mid-take ends it by itself; the UI hears what happened and the take
// keeps what was recorded.
func TestPullingTheInputEndsTheTake(t *testing.T) {
	p := pulsetest.Start(t)
	mic := p.Mic("usbmic", "USB_Microphone")
	a, events := newTestApp(t)
	if err := a.SelectInput("usbmic"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.StartRecording(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1200 * time.Millisecond)
	p.Pactl("unload-module", mic.Module)
	deadline := time.Now().Add(5 * time.Second)
	for len(events.named(eventRecorderEnded)) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	ended := events.named(eventRecorderEnded)
	if len(ended) != 1 {
		t.Fatalf("no ended event within 5 s of the input going away")
	}
	take := ended[0].data.(Take)
	if take.Ended != "device lost" || !strings.Contains(take.Message, "USB_Microphone") || take.Seconds < 0.8 || len(take.Peaks) == 0 {
		t.Errorf("take %+v; want the 1.2 s before the input went away, saying so", take)
	}
}

// The latency test from the app: with the chosen input the monitor of the default
// output, the clicks come back and the round trip is reported; from a microphone nothing
// plays into, the app says the clicks were not heard.
func TestMeasureLatency(t *testing.T) {
	p := pulsetest.Start(t)
	p.Mic("quietmic", "Quiet_Microphone")
	a, _ := newTestApp(t)
	if err := a.SelectInput("testout.monitor"); err != nil {
		t.Fatal(err)
	}
	got, err := a.MeasureLatency()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("round trip through the null sink: %.1f ms", got.RoundTripMs)
	if got.RoundTripMs <= 0 || got.RoundTripMs > 500 || (got.Warning != nil) != (got.RoundTripMs > 80) {
		t.Errorf("latency %+v", got)
	}
	if err := a.SelectInput("quietmic"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.MeasureLatency(); uiCode(t, err) != "no_loopback" {
		t.Errorf("from a microphone with no cable: %v, want no_loopback", err)
	}
}
