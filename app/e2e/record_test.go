//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"image/png"
	"math"
	"path/filepath"
	"testing"
	"time"

	"stableaudio/app/cache"
	"stableaudio/app/recorder/pulsetest"
)

// Colours of the Record view (frontend/src/app.css and LevelMeter.svelte): the warning
// box's background, and the meter's bar while the level is below −12 dBFS.
var (
	warningBackground = [3]uint8{0x3a, 0x2a, 0x12}
	meterGreen        = [3]uint8{0x3c, 0xcf, 0x7a}
)

// The Record view in the real window, with the chosen input a Bluetooth headset (a pipe
// source of a private PulseAudio, named as PulseAudio names one) playing a tone that
// swells and fades: the warning is on screen, and once Record is pressed the meter moves.
func TestRecordViewInTheRealWindow(t *testing.T) {
	bin := appBinary(t)
	p := pulsetest.Start(t)
	headset := "bluez_source.38_18_4C_12_34_56.handsfree_head_unit"
	mic := p.Mic(headset, "WH-1000XM4")
	swell := make([]float32, 60*pulsetest.MicRate)
	for i := range swell {
		at := float64(i) / pulsetest.MicRate
		amp := 0.02 + 0.18*(0.5+0.5*math.Sin(2*math.Pi*0.7*at)) // −34 to −14 dBFS, 0.7 times a second
		swell[i] = float32(amp * math.Sin(2*math.Pi*300*at))
	}
	mic.Play(swell)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dataDir := t.TempDir()
	// The headset was chosen in an earlier session.
	db, err := cache.Open(ctx, filepath.Join(dataDir, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, "input_device", headset); err != nil {
		t.Fatal(err)
	}
	db.Close()

	shots := shotsDir(t)
	display, win := startApp(t, ctx, bin, dataDir)
	settledScreenshot(t, ctx, display, win, filepath.Join(shots, "record-loading.png"), func(img []byte) bool { return !uniform(t, img) })
	x(t, display, "xdotool", "windowfocus", "--sync", win)
	x(t, display, "xdotool", "key", "ctrl+2")
	warned := settledScreenshot(t, ctx, display, win, filepath.Join(shots, "record-warning.png"), func(img []byte) bool {
		return countColour(t, img, warningBackground) > 5000
	})
	t.Logf("the Bluetooth warning covers %d pixels", countColour(t, warned, warningBackground))

	// Record has the focus when the view opens.
	x(t, display, "xdotool", "key", "Return")
	var counts []int
	for i := 0; len(counts) < 2 || !moved(counts); i++ {
		select {
		case <-ctx.Done():
			t.Fatalf("the meter never moved: green pixels per screenshot %v", counts)
		case <-time.After(250 * time.Millisecond):
		}
		img := screenshot(t, display, win, filepath.Join(shots, "record-meter.png"))
		if n := countColour(t, img, meterGreen); n > 0 {
			counts = append(counts, n)
		}
		if countColour(t, img, warningBackground) < 5000 {
			t.Fatal("the Bluetooth warning went away while recording")
		}
	}
	t.Logf("meter bar (green pixels) in successive screenshots: %v; last kept as %s", counts, filepath.Join(shots, "record-meter.png"))
}

// moved reports two readings of the meter that differ by more than a sliver (the peak
// bar is 6 px tall: 100 px is 16 px of its length).
func moved(counts []int) bool {
	lo, hi := counts[0], counts[0]
	for _, n := range counts {
		lo, hi = min(lo, n), max(hi, n)
	}
	return hi-lo > 100
}

// countColour counts the pixels of exactly this colour.
func countColour(t *testing.T, data []byte, c [3]uint8) int {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if uint8(cr>>8) == c[0] && uint8(cg>>8) == c[1] && uint8(cb>>8) == c[2] {
				n++
			}
		}
	}
	return n
}
