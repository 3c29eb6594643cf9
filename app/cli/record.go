package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"stableaudio/app"
	"stableaudio/app/recorder"
)

// runDevices: stableaudio devices — one line per input, the default marked, with what
// would spoil a take on it.
func runDevices(_ context.Context, _ app.Config, args []string, stdout, stderr io.Writer) error {
	if err := parse(newFlags("devices", stderr), args); err != nil {
		return err
	}
	devices, err := recorder.Inputs(nil)
	if err != nil {
		return err
	}
	if len(devices) == 0 {
		return fmt.Errorf("%w: no inputs found; connect a microphone", recorder.ErrNoInput)
	}
	for _, d := range devices {
		fmt.Fprintln(stdout, deviceLine(d))
	}
	return nil
}

// deviceLine is "* Name (id) · 48000 Hz · 2 ch · warning: …".
func deviceLine(d recorder.Device) string {
	mark := " "
	if d.Default {
		mark = "*"
	}
	parts := []string{fmt.Sprintf("%s %s (%s)", mark, d.Name, d.ID)}
	if rates := formatRates(d.Formats); rates != "" {
		parts = append(parts, rates)
	}
	for _, w := range d.Warnings {
		parts = append(parts, "warning: "+firstSentence(w.Message))
	}
	return strings.Join(parts, " · ")
}

func formatRates(formats []recorder.Format) string {
	var rates []string
	channels := 0
	for _, f := range formats {
		if f.SampleRate > 0 && !strings.Contains(strings.Join(rates, ","), fmt.Sprint(f.SampleRate)) {
			rates = append(rates, fmt.Sprint(f.SampleRate))
		}
		channels = max(channels, f.Channels)
	}
	out := ""
	if len(rates) > 0 {
		out = strings.Join(rates, "/") + " Hz"
	}
	if channels > 0 {
		out = strings.TrimSpace(fmt.Sprintf("%s, %d ch", out, channels))
	}
	return strings.TrimPrefix(out, ", ")
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// runRecord: stableaudio record --seconds N [--device NAME] --out take.wav records from a
// microphone until N seconds, Ctrl-C or the input going away, keeping what was recorded.
func runRecord(ctx context.Context, _ app.Config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("record", stderr)
	seconds := fs.Float64("seconds", 10, "how long to record, at most")
	device := fs.String("device", "", "the input: its name or id as `stableaudio devices` lists it (default: the system's)")
	out := fs.String("out", "", "the WAV file to write (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" || !(*seconds > 0) || *seconds > maxRecordSeconds {
		fmt.Fprintf(stderr, "give --out FILE and --seconds between 0 and %d\n", maxRecordSeconds)
		return errUsage
	}
	id, err := findInput(*device)
	if err != nil {
		return err
	}
	r, err := recorder.Start(*out, recorder.Options{DeviceID: id, MaxDuration: time.Duration(*seconds * float64(time.Second))})
	if err != nil {
		return err
	}
	info := r.Info()
	fmt.Fprintf(stderr, "recording %s at %d Hz, %d ch, up to %.1f s (Ctrl-C stops)\n", deviceName(info.Device), info.SampleRate, info.Channels, *seconds)
	for _, w := range info.Warnings {
		fmt.Fprintln(stderr, "warning:", w.Message)
	}
	select {
	case <-r.Done():
	case <-ctx.Done():
	}
	take, err := r.Stop()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "recorded %.1f s at %d Hz, %d ch to %s\n", take.Duration.Seconds(), take.SampleRate, take.Channels, take.Path)
	if take.Ended == recorder.EndDeviceLost {
		return errors.New(take.Message)
	}
	return nil
}

// maxRecordSeconds bounds one take from the command line: an hour.
const maxRecordSeconds = 3600

// findInput turns --device into an id: an exact id or name, else the one name that
// contains it; "" stays the system's default.
func findInput(want string) (string, error) {
	if want == "" {
		return "", nil
	}
	devices, err := recorder.Inputs(nil)
	if err != nil {
		return "", err
	}
	var matches []recorder.Device
	for _, d := range devices {
		if d.ID == want || strings.EqualFold(d.Name, want) {
			return d.ID, nil
		}
		if strings.Contains(strings.ToLower(d.Name), strings.ToLower(want)) {
			matches = append(matches, d)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0].ID, nil
	case 0:
		return "", fmt.Errorf("%w: no input is named %q; `stableaudio devices` lists them", recorder.ErrNoInput, want)
	}
	names := make([]string, len(matches))
	for i, d := range matches {
		names[i] = fmt.Sprintf("%q", d.Name)
	}
	return "", fmt.Errorf("%q could be %s; give more of the name, or the id", want, strings.Join(names, " or "))
}

func deviceName(d recorder.Device) string {
	if d.Name == "" {
		return "the default input"
	}
	return fmt.Sprintf("%q", d.Name)
}
