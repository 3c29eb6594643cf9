package recorder

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"sync"
	"time"

	"github.com/gen2brain/malgo"

	"stableaudio/backend/audio/analysis"
)

// The loopback test measures the round trip from the app's output to its input: with
// the output looped back to the input (a cable, or headphones held to the microphone),
// it plays a train of clicks and finds them in what it records. Both run in one duplex
// device, frame for frame, so the offset between the clicks sent and the clicks heard
// is the latency in frames, free of any clock.

// LoopbackOptions configure a loopback test.
type LoopbackOptions struct {
	Backends []malgo.Backend
	InputID  string // "" for the system's default input
	OutputID string // "" for the system's default output
}

const (
	loopRate     = 48000
	clickEvery   = loopRate / 4 // 250 ms between clicks: longer than any round trip worth measuring twice
	clicks       = 8
	maxRoundTrip = time.Second // a click not heard within this is not heard at all
	loopFrames   = clicks*clickEvery + loopRate
)

// ErrNoLoopback means the clicks played were not heard: nothing connects the output to
// the input.
var ErrNoLoopback = errors.New("recorder: the clicks played were not heard in the input; connect the output to the input and try again")

// Loopback measures the round trip.
func Loopback(o LoopbackOptions) (time.Duration, error) {
	ctx, err := malgo.InitContext(o.Backends, malgo.ContextConfig{}, nil)
	if err != nil {
		return 0, noInput("starting the audio system", err)
	}
	defer freeContext(ctx)
	played := clickTrain()
	heard := make([]float32, 0, loopFrames)
	var mu sync.Mutex
	done := make(chan struct{})
	cfg := malgo.DefaultDeviceConfig(malgo.Duplex)
	cfg.SampleRate = loopRate
	cfg.Capture.Format, cfg.Capture.Channels = malgo.FormatF32, 1
	cfg.Playback.Format, cfg.Playback.Channels = malgo.FormatF32, 1
	if o.InputID != "" || o.OutputID != "" {
		devices, err := inputs(ctx)
		if err != nil {
			return 0, err
		}
		if i := indexOf(devices, o.InputID); i >= 0 {
			cfg.Capture.DeviceID = devices[i].raw.Pointer()
			defer freeC(cfg.Capture.DeviceID)
		} else if o.InputID != "" {
			return 0, fmt.Errorf("%w: the input %q is not connected", ErrNoInput, o.InputID)
		}
		if o.OutputID != "" {
			id, err := outputID(ctx, o.OutputID)
			if err != nil {
				return 0, err
			}
			cfg.Playback.DeviceID = id.Pointer()
			defer freeC(cfg.Playback.DeviceID)
		}
	}
	sent := 0
	dev, err := malgo.InitDevice(ctx.Context, cfg, malgo.DeviceCallbacks{Data: func(out, in []byte, frames uint32) {
		mu.Lock()
		defer mu.Unlock()
		for i := range int(frames) {
			var v float32
			if sent+i < len(played) {
				v = played[sent+i]
			}
			binary.LittleEndian.PutUint32(out[4*i:], math.Float32bits(v))
		}
		sent += int(frames)
		for i := range int(frames) {
			if len(heard) < loopFrames && 4*i+4 <= len(in) {
				heard = append(heard, math.Float32frombits(binary.LittleEndian.Uint32(in[4*i:])))
			}
		}
		if len(heard) == loopFrames && sent >= loopFrames {
			select {
			case <-done:
			default:
				close(done)
			}
		}
	}})
	if err != nil {
		return 0, noInput("opening the input and output together", err)
	}
	defer dev.Uninit()
	if err := dev.Start(); err != nil {
		return 0, noInput("starting the loopback", err)
	}
	select {
	case <-done:
	case <-time.After(time.Duration(loopFrames)*time.Second/loopRate + 5*time.Second):
		dev.Stop()
		return 0, fmt.Errorf("%w: the devices stopped delivering audio", ErrNoInput)
	}
	dev.Stop()
	mu.Lock()
	defer mu.Unlock()
	lag, ok := findLag(played, heard, int(maxRoundTrip.Seconds()*loopRate))
	if !ok {
		return 0, ErrNoLoopback
	}
	return time.Duration(lag) * time.Second / loopRate, nil
}

// clickTrain is what the test plays: a click every clickEvery frames after a quarter
// second of silence, each a few samples of a raised cosine, which any output passes.
func clickTrain() []float32 {
	x := make([]float32, loopFrames)
	const width = 8
	for k := range clicks {
		at := clickEvery + k*clickEvery
		for i := range width {
			x[at+i] = float32(0.8 * (0.5 - 0.5*math.Cos(2*math.Pi*float64(i+1)/(width+1))))
		}
	}
	return x
}

// findLag returns how many frames later than in played the click train occurs in heard,
// from 0 to maxLag, by cross-correlation; ok is false when no lag stands out from the
// rest (nothing was heard).
func findLag(played, heard []float32, maxLag int) (lag int, ok bool) {
	n := 1
	for n < len(played)+len(heard) {
		n <<= 1
	}
	a, b := make([]complex128, n), make([]complex128, n)
	for i, v := range played {
		a[i] = complex(float64(v), 0)
	}
	for i, v := range heard {
		b[i] = complex(float64(v), 0)
	}
	analysis.FFT(a)
	analysis.FFT(b)
	for i := range a {
		a[i] = b[i] * cmplx.Conj(a[i]) // correlation of heard against played
	}
	analysis.InverseFFT(a)
	best, sum := 0, 0.0
	for k := 0; k <= maxLag && k < n; k++ {
		v := real(a[k])
		sum += math.Abs(v)
		if v > real(a[best]) {
			best = k
		}
	}
	mean := sum / float64(min(maxLag+1, n))
	return best, real(a[best]) > 0 && real(a[best]) > 20*mean
}

// outputID finds an output device by its id text.
func outputID(ctx *malgo.AllocatedContext, id string) (malgo.DeviceID, error) {
	infos, err := ctx.Devices(malgo.Playback)
	if err != nil {
		return malgo.DeviceID{}, noInput("listing the outputs", err)
	}
	for _, info := range infos {
		if idText(info.ID) == id {
			return info.ID, nil
		}
	}
	return malgo.DeviceID{}, fmt.Errorf("%w: the output %q is not connected", ErrNoInput, id)
}
