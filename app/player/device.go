package player

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/gen2brain/malgo"
)

// ErrNoOutputDevice means no audio output could be opened: no sound server,
// no sound card, or the device vanished. The wrapped error says which.
var ErrNoOutputDevice = errors.New("player: no audio output device")

// noDeviceHint tells the user what to check; miniaudio's own messages
// ("Failed to connect") do not.
const noDeviceHint = "check that speakers or headphones are connected and, on Linux, " +
	"that PulseAudio or PipeWire is running for this user"

func noDevice(step string, err error) error {
	return fmt.Errorf("%w: %s: %w (%s)", ErrNoOutputDevice, step, err, noDeviceHint)
}

// output is one opened miniaudio playback device and the context it lives in.
// It is owned by the Player under its mutex; only stopping is touched by the
// audio threads.
type output struct {
	ctx        *malgo.AllocatedContext
	dev        *malgo.Device
	channels   int
	sampleRate int
	started    bool

	// stopping is set before every stop we ask for, so the stop callback can
	// tell "we paused" from "the device went away under us".
	stopping atomic.Bool
}

// outputCallbacks are the Player's hooks for one device. data runs on the
// audio thread; stopped runs on miniaudio's worker thread, possibly while a
// Player method holds the mutex waiting for the device to stop, so neither
// may take that mutex.
type outputCallbacks struct {
	data    func(out []byte, channels int)
	stopped func()
}

// openOutput opens the default playback device in F32 with the track's
// channel count and rate; miniaudio converts to the device's native format,
// so the callback can copy samples verbatim.
func openOutput(backends []malgo.Backend, channels, sampleRate int, cb outputCallbacks) (*output, error) {
	ctx, err := malgo.InitContext(backends, malgo.ContextConfig{}, nil)
	if err != nil {
		return nil, noDevice("starting the audio system", err)
	}
	o := &output{ctx: ctx, channels: channels, sampleRate: sampleRate}

	cfg := malgo.DefaultDeviceConfig(malgo.Playback)
	cfg.Playback.Format = malgo.FormatF32
	cfg.Playback.Channels = uint32(channels)
	cfg.SampleRate = uint32(sampleRate)
	dev, err := malgo.InitDevice(ctx.Context, cfg, malgo.DeviceCallbacks{
		Data: func(out, _ []byte, _ uint32) { cb.data(out, channels) },
		Stop: func() {
			if !o.stopping.Load() {
				cb.stopped()
			}
		},
	})
	if err != nil {
		freeContext(ctx)
		return nil, noDevice("opening the playback device", err)
	}
	o.dev = dev
	return o, nil
}

// start resumes the device. miniaudio pulls the first period through the data
// callback before returning, so playback state must already say "running".
func (o *output) start() error {
	if o.started {
		return nil
	}
	o.stopping.Store(false)
	if err := o.dev.Start(); err != nil {
		o.stopping.Store(true)
		return noDevice("starting playback", err)
	}
	o.started = true
	return nil
}

// stop pauses the device without closing it, so the next Play is quick.
func (o *output) stop() {
	if !o.started {
		return
	}
	o.stopping.Store(true)
	// A failing stop means the device is already gone; either way it is
	// not playing any more, which is all the caller needs.
	_ = o.dev.Stop()
	o.started = false
}

// lost reports a device that stopped although we never asked it to.
func (o *output) lost() bool {
	return o.started && !o.dev.IsStarted()
}

// close releases the device and its context. Dropping the context too means
// a Play after device loss reconnects to the sound server from scratch.
func (o *output) close() {
	o.stopping.Store(true)
	// Always stop first, even a device we think is stopped: miniaudio's
	// uninit does not wake the PulseAudio loop, which then sleeps forever
	// on a dead server connection; stop does wake it.
	_ = o.dev.Stop()
	o.dev.Uninit()
	o.started = false
	freeContext(o.ctx)
}

func freeContext(ctx *malgo.AllocatedContext) {
	_ = ctx.Uninit()
	ctx.Free()
}
