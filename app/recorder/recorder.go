package recorder

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gen2brain/malgo"

	"stableaudio/backend/audio"
)

// Options configure a recording.
type Options struct {
	// Backends lists miniaudio backends to try in order; nil means miniaudio's default
	// order for the platform.
	Backends []malgo.Backend
	// DeviceID is the input to record from (Device.ID); "" for the system's default.
	DeviceID string
	// PeriodFrames and Periods ask the backend for a buffer of this shape; 0 leaves the
	// backend's own (about 10 ms × 3 on most).
	PeriodFrames, Periods int
	// MaxDuration ends the take by itself; 0 for none.
	MaxDuration time.Duration
	// OnLevel receives the input meter LevelsPerSecond times a second, one call at a time
	// from one goroutine.
	OnLevel func(Level)
}

// How a take ended.
const (
	EndStopped    = "stopped"     // Stop was called
	EndLimit      = "limit"       // MaxDuration was reached
	EndDeviceLost = "device lost" // the input went away mid-take
)

// Take is a finished recording.
type Take struct {
	Path       string        `json:"path"`
	SampleRate int           `json:"sampleRate"`
	Channels   int           `json:"channels"`
	Frames     int64         `json:"frames"`
	Duration   time.Duration `json:"duration"`
	Ended      string        `json:"ended"`
	// Message says what happened when the take did not end by Stop, for the user.
	Message string `json:"message"`
	// Dropped counts frames lost because the disk could not keep up (normally 0).
	Dropped int64 `json:"dropped"`
}

// Info is what is known about a running recording.
type Info struct {
	Device     Device    `json:"device"`
	SampleRate int       `json:"sampleRate"`
	Channels   int       `json:"channels"`
	Latency    Latency   `json:"latency"`
	Warnings   []Warning `json:"warnings"` // the device's, and high latency once it is known
}

// Recording is a take in progress: the device's audio goes to a WAV file as it comes,
// synced to the disk every second.
type Recording struct {
	opts Options
	info Info
	path string

	ctx *malgo.AllocatedContext
	dev *malgo.Device
	wav *audio.WAVStream

	// Shared with the audio thread.
	chunks    chan []float32 // captured audio on its way to the writer
	free      chan []float32 // chunks the writer is done with
	stopping  atomic.Bool    // set before every stop we ask for
	lastData  atomic.Int64   // unix nanoseconds of the last callback
	period    atomic.Int64   // the largest callback, in frames: the period the backend delivers
	dropped   atomic.Int64
	deviceErr chan struct{} // the device stopped without being asked

	frames     atomic.Int64  // written
	writerDone chan struct{} // closed when the writer has closed the file; err is set then
	end        chan struct{} // closed when the take has ended; take is set then
	stopOnce   sync.Once
	take       Take
	err        error
}

// syncEvery is how often the file's header and data reach the disk: what a crash can lose.
const syncEvery = time.Second

// stallAfter is how long the input may deliver nothing before the take counts it as gone:
// several periods of any buffer a recording device uses, far less than a user waits.
const stallAfter = 750 * time.Millisecond

// Start opens the input and records into a new WAV file at path (32-bit float, at the
// device's own rate, mono or stereo as the device is).
func Start(path string, o Options) (*Recording, error) {
	ctx, err := malgo.InitContext(o.Backends, malgo.ContextConfig{}, nil)
	if err != nil {
		return nil, noInput("starting the audio system", err)
	}
	devices, err := inputs(ctx)
	if err != nil {
		freeContext(ctx)
		return nil, err
	}
	var dev Device
	switch i := indexOf(devices, o.DeviceID); {
	case i >= 0:
		dev = devices[i]
	case o.DeviceID != "":
		freeContext(ctx)
		return nil, fmt.Errorf("%w: the input %q is not connected; choose another", ErrNoInput, o.DeviceID)
	}
	r := &Recording{opts: o, path: path, ctx: ctx, chunks: make(chan []float32, 256), free: make(chan []float32, 256),
		deviceErr: make(chan struct{}, 1), writerDone: make(chan struct{}), end: make(chan struct{})}
	cfg := malgo.DefaultDeviceConfig(malgo.Capture)
	cfg.Capture.Format = malgo.FormatF32
	cfg.Capture.Channels = uint32(min(max(dev.channels(), 1), 2))
	if dev.channels() == 0 {
		cfg.Capture.Channels = 0 // the device's own
	}
	cfg.SampleRate = 0 // the device's own
	cfg.PeriodSizeInFrames = uint32(o.PeriodFrames)
	cfg.Periods = uint32(o.Periods)
	if dev.ID != "" {
		cfg.Capture.DeviceID = dev.raw.Pointer()
	}
	r.dev, err = malgo.InitDevice(ctx.Context, cfg, malgo.DeviceCallbacks{Data: r.onData, Stop: r.onStop})
	freeC(cfg.Capture.DeviceID)
	if err != nil {
		freeContext(ctx)
		return nil, noInput("opening the input", err)
	}
	if dev.ID == "" && len(devices) > 0 && devices[0].Default {
		dev = devices[0]
	}
	r.info = Info{Device: dev, SampleRate: int(r.dev.SampleRate()), Channels: int(r.dev.CaptureChannels())}
	if r.wav, err = audio.CreateWAVStream(path, r.info.SampleRate, r.info.Channels, audio.Float32); err != nil {
		r.closeDevice()
		return nil, fmt.Errorf("recorder: cannot write the take: %w", err)
	}
	r.lastData.Store(time.Now().UnixNano())
	if err := r.dev.Start(); err != nil {
		r.closeDevice()
		r.wav.Close()
		return nil, noInput("starting the input", err)
	}
	go r.write()
	go r.watch()
	return r, nil
}

func indexOf(devices []Device, id string) int {
	for i, d := range devices {
		if id != "" && d.ID == id {
			return i
		}
	}
	return -1
}

// onData runs on the audio thread: it copies the input out of C memory and hands it to
// the writer, never waiting. A full queue (the disk stalled for seconds) drops the
// period and counts it.
func (r *Recording) onData(_, in []byte, frames uint32) {
	r.lastData.Store(time.Now().UnixNano())
	if int64(frames) > r.period.Load() {
		r.period.Store(int64(frames))
	}
	n := int(frames) * r.info.Channels
	if n == 0 || len(in) < 4*n {
		return
	}
	var chunk []float32
	select {
	case chunk = <-r.free:
	default:
	}
	if cap(chunk) < n {
		chunk = make([]float32, n)
	}
	chunk = chunk[:n]
	for i := range chunk {
		chunk[i] = math.Float32frombits(binary.LittleEndian.Uint32(in[4*i:]))
	}
	select {
	case r.chunks <- chunk:
	default:
		r.dropped.Add(int64(frames))
	}
}

// onStop runs on miniaudio's worker thread when the device stops; one we did not ask
// for means the input went away.
func (r *Recording) onStop() {
	if !r.stopping.Load() {
		select {
		case r.deviceErr <- struct{}{}:
		default:
		}
	}
}

// write is the writer goroutine: it appends the audio to the file, syncs it every
// second, feeds the meter and ends the take at MaxDuration.
func (r *Recording) write() {
	defer close(r.writerDone)
	m := newMeter(r.info.SampleRate)
	limit := int64(r.opts.MaxDuration.Seconds() * float64(r.info.SampleRate))
	lastSync := int64(0)
	var writeErr error
	ending := false
	for chunk := range r.chunks {
		if limit > 0 {
			chunk = chunk[:min(len(chunk), int(max(0, limit-r.frames.Load()))*r.info.Channels)]
		}
		if writeErr == nil && len(chunk) > 0 {
			if writeErr = r.wav.Write(chunk); writeErr == nil {
				r.frames.Add(int64(len(chunk) / r.info.Channels))
			}
		}
		if r.opts.OnLevel != nil {
			m.add(chunk, r.info.Channels, r.opts.OnLevel)
		}
		select {
		case r.free <- chunk[:0]:
		default:
		}
		if f := r.frames.Load(); writeErr == nil && f-lastSync >= int64(r.info.SampleRate)*int64(syncEvery/time.Second) {
			writeErr = r.wav.Sync()
			lastSync = f
		}
		if !ending && (writeErr != nil || (limit > 0 && r.frames.Load() >= limit)) {
			// finish waits for this goroutine to drain the queue, so it runs on its own.
			ending = true
			go r.finish(EndLimit, writeErr)
		}
	}
	r.err = errors.Join(writeErr, r.wav.Close())
}

// watch ends the take when the device goes away: it says so, or it stops delivering.
func (r *Recording) watch() {
	tick := time.NewTicker(stallAfter / 5)
	defer tick.Stop()
	for {
		select {
		case <-r.end:
			return
		case <-r.deviceErr:
			r.finish(EndDeviceLost, nil)
			return
		case <-tick.C:
			if time.Since(time.Unix(0, r.lastData.Load())) > stallAfter {
				r.finish(EndDeviceLost, nil)
				return
			}
		}
	}
}

// Info says which device is recording, in what shape, and how late.
func (r *Recording) Info() Info {
	info := r.info
	info.Latency = Latency{Buffer: bufferLatency(int(r.period.Load()), r.periods(), r.info.SampleRate)}
	info.Warnings = slices.Clone(info.Device.Warnings)
	if w := info.Latency.Warning(); w != nil {
		info.Warnings = append(info.Warnings, *w)
	}
	return info
}

// periods is how many periods the backend buffers: what was asked for, else miniaudio's
// default of 3.
func (r *Recording) periods() int {
	if r.opts.Periods > 0 {
		return r.opts.Periods
	}
	return 3
}

// Elapsed is how much audio has been written.
func (r *Recording) Elapsed() time.Duration {
	return time.Duration(r.frames.Load() * int64(time.Second) / int64(r.info.SampleRate))
}

// Done is closed when the take has ended, by Stop, at MaxDuration or because the input
// went away; Stop then returns the take.
func (r *Recording) Done() <-chan struct{} { return r.end }

// Stop ends the take (if it has not ended by itself) and returns it. It may be called
// any number of times.
func (r *Recording) Stop() (Take, error) {
	r.finish(EndStopped, nil)
	return r.take, r.err
}

// finish stops the device, lets the writer drain and close the file, and records how the
// take ended. Only the first call does anything; the others wait for it.
func (r *Recording) finish(how string, writeErr error) {
	r.stopOnce.Do(func() {
		r.closeDevice()
		close(r.chunks) // the device is stopped: no callback can send any more
		<-r.writerDone
		frames := r.frames.Load()
		r.take = Take{Path: r.path, SampleRate: r.info.SampleRate, Channels: r.info.Channels, Frames: frames,
			Duration: time.Duration(frames * int64(time.Second) / int64(r.info.SampleRate)), Ended: how, Dropped: r.dropped.Load()}
		switch how {
		case EndDeviceLost:
			r.take.Message = fmt.Sprintf("The input “%s” went away during the take (unplugged, switched off or taken by "+
				"another app). The %.1f s recorded before that are kept.", r.deviceName(), r.take.Duration.Seconds())
		case EndLimit:
			if writeErr != nil {
				r.take.Message = fmt.Sprintf("Recording stopped: the take could not be written (%v). The %.1f s saved "+
					"before that are kept.", writeErr, r.take.Duration.Seconds())
			} else {
				r.take.Message = fmt.Sprintf("Recording stopped at %s, the longest take this allows.", clock(r.opts.MaxDuration))
			}
		}
		r.err = errors.Join(r.err, writeErr)
		close(r.end)
	})
	<-r.end
}

func (r *Recording) deviceName() string {
	if r.info.Device.Name != "" {
		return r.info.Device.Name
	}
	return "default input"
}

// closeDevice stops and releases the device and its context. Stop comes first even for
// a device that stopped by itself: miniaudio's uninit does not wake a PulseAudio loop
// blocked on a dead connection, and stop does.
func (r *Recording) closeDevice() {
	r.stopping.Store(true)
	_ = r.dev.Stop()
	r.dev.Uninit()
	freeContext(r.ctx)
}

func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
