package cli

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"stableaudio/app/recorder/pulsetest"
	"stableaudio/backend/audio"
)

// Through a private PulseAudio with two microphones, one named like a Bluetooth headset:
// `devices` lists both and warns about the headset; `record` takes two seconds from the
// one named, and refuses names it cannot find and lengths it cannot record.
func TestDevicesAndRecord(t *testing.T) {
	p := pulsetest.Start(t)
	mic := p.Mic("testmic", "Studio_Condenser")
	p.Mic("bluez_source.38_18_4C_12_34_56.handsfree_head_unit", "WH-1000XM4")

	r := stableaudio(t, nil, "devices")
	if r.code != 0 {
		t.Fatalf("devices: exit %d\n%s", r.code, r.stderr)
	}
	var condenser, headset string
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		switch {
		case strings.Contains(line, "Studio_Condenser"):
			condenser = line
		case strings.Contains(line, "WH-1000XM4"):
			headset = line
		}
	}
	t.Logf("devices:\n%s", r.stdout)
	if condenser == "" || strings.Contains(condenser, "warning") || !strings.Contains(condenser, "(testmic)") {
		t.Errorf("the wired microphone's line: %q; want it listed by id, without a warning", condenser)
	}
	if !strings.Contains(headset, "warning:") || !strings.Contains(headset, "Bluetooth") {
		t.Errorf("the headset's line: %q; want a Bluetooth warning", headset)
	}

	tone := make([]float32, 4*pulsetest.MicRate)
	for i := range tone {
		tone[i] = float32(0.25 * math.Sin(2*math.Pi*330*float64(i)/pulsetest.MicRate))
	}
	mic.Play(tone)
	out := filepath.Join(t.TempDir(), "take.wav")
	r = stableaudio(t, nil, "record", "--seconds", "2", "--device", "studio", "--out", out)
	if r.code != 0 || !strings.Contains(r.stdout, "recorded 2.0 s at 48000 Hz, 1 ch") {
		t.Fatalf("record: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	b, err := audio.DecodeFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var peak float32
	for _, v := range b.Samples {
		peak = max(peak, v)
	}
	if b.Frames() != 2*pulsetest.MicRate || peak < 0.2 {
		t.Errorf("take.wav holds %d frames peaking at %.2f; want 96000 frames of the tone", b.Frames(), peak)
	}

	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"record", "--seconds", "1", "--device", "nosuch", "--out", out}, 1, "no input is named"},
		{[]string{"record", "--seconds", "0", "--out", out}, 2, "--seconds"},
		{[]string{"record", "--seconds", "1"}, 2, "--out"},
		{[]string{"devices", "extra"}, 2, "unexpected argument"},
	} {
		r := stableaudio(t, nil, c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.says) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d saying %q", c.args, r.code, r.stderr, c.code, c.says)
		}
	}
}
