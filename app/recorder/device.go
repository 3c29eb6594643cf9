package recorder

import (
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/gen2brain/malgo"
)

// ErrNoInput means no input device could be opened or listed: no sound server, no
// microphone, or the one chosen is gone. The wrapped error says which.
var ErrNoInput = errors.New("recorder: no audio input")

// noInputHint tells the user what to check on their system; miniaudio's own messages do
// not. Each system can refuse the microphone to the app without saying so.
func noInputHint() string {
	switch runtime.GOOS {
	case "darwin":
		return "check that a microphone is connected and that Stable Audio is allowed in System Settings › Privacy & Security › Microphone"
	case "windows":
		return "check that a microphone is connected and that Settings › Privacy & security › Microphone lets desktop apps use it"
	}
	return "check that a microphone is connected and that PulseAudio or PipeWire is running for this user"
}

func noInput(step string, err error) error {
	return fmt.Errorf("%w: %s: %w (%s)", ErrNoInput, step, err, noInputHint())
}

// Warning is something about an input that will spoil takes, in words for the user.
type Warning struct {
	Code    string `json:"code"` // "bluetooth" or "latency"
	Message string `json:"message"`
}

// Format is one way a device can deliver audio natively.
type Format struct {
	SampleRate int `json:"sampleRate"` // 0: any rate
	Channels   int `json:"channels"`   // 0: any count
}

// Device is an input the user can record from.
type Device struct {
	ID       string    `json:"id"` // the system's id as text: what the settings keep across restarts
	Name     string    `json:"name"`
	Default  bool      `json:"default"`
	Formats  []Format  `json:"formats"`
	Warnings []Warning `json:"warnings"`

	raw malgo.DeviceID
}

// rates are the sample rates the device offers natively.
func (d Device) rates() []int {
	var out []int
	for _, f := range d.Formats {
		if f.SampleRate > 0 && !slices.Contains(out, f.SampleRate) {
			out = append(out, f.SampleRate)
		}
	}
	return out
}

// channels is the most channels the device records natively, 0 when it does not say.
func (d Device) channels() int {
	n := 0
	for _, f := range d.Formats {
		n = max(n, f.Channels)
	}
	return n
}

// Inputs lists the input devices, the system's default first.
func Inputs(backends []malgo.Backend) ([]Device, error) {
	ctx, err := malgo.InitContext(backends, malgo.ContextConfig{}, nil)
	if err != nil {
		return nil, noInput("starting the audio system", err)
	}
	defer freeContext(ctx)
	return inputs(ctx)
}

func inputs(ctx *malgo.AllocatedContext) ([]Device, error) {
	infos, err := ctx.Devices(malgo.Capture)
	if err != nil {
		return nil, noInput("listing the inputs", err)
	}
	out := make([]Device, 0, len(infos))
	for _, info := range infos {
		d := Device{ID: idText(info.ID), Name: info.Name(), Default: info.IsDefault != 0, raw: info.ID}
		// The list leaves the formats out; asking for one device fills them in.
		if full, err := ctx.DeviceInfo(malgo.Capture, info.ID, malgo.Shared); err == nil {
			info = full
		}
		for _, f := range info.Formats {
			format := Format{SampleRate: int(f.SampleRate), Channels: int(f.Channels)}
			if !slices.Contains(d.Formats, format) {
				d.Formats = append(d.Formats, format)
			}
		}
		if reason := bluetoothReason(d.Name, d.ID, d.rates()); reason != "" {
			d.Warnings = append(d.Warnings, bluetoothWarning(d.Name, reason))
		}
		out = append(out, d)
	}
	slices.SortStableFunc(out, func(a, b Device) int {
		switch {
		case a.Default == b.Default:
			return 0
		case a.Default:
			return -1
		}
		return 1
	})
	return out, nil
}

func bluetoothWarning(name, reason string) Warning {
	return Warning{Code: "bluetooth", Message: fmt.Sprintf("“%s” looks like a Bluetooth headset: %s. Bluetooth adds "+
		"100–300 ms of delay, and while its microphone is open the headset drops to a low-quality hands-free mode. "+
		"Record with a wired microphone or audio interface.", name, reason)}
}

// idText is a device id as text: the backends keep names (PulseAudio's source name,
// ALSA's "hw:1,0", CoreAudio's UID) as C strings and WASAPI's as UTF-16; anything else is
// written in hex.
func idText(id malgo.DeviceID) string {
	b := id[:]
	if n := slices.Index(b, 0); n > 0 && printable(b[:n]) {
		return string(b[:n])
	}
	// UTF-16LE: every other byte zero, up to a zero code unit.
	var units []uint16
	for i := 0; i+1 < len(b); i += 2 {
		u := uint16(b[i]) | uint16(b[i+1])<<8
		if u == 0 {
			break
		}
		units = append(units, u)
	}
	if s := string(utf16.Decode(units)); len(units) > 1 && printable([]byte(s)) {
		return s
	}
	return "hex:" + hex.EncodeToString(b[:len(strings.TrimRight(string(b), "\x00"))])
}

func printable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return len(b) > 0
}

func freeContext(ctx *malgo.AllocatedContext) {
	_ = ctx.Uninit()
	ctx.Free()
}
