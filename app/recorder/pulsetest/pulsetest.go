// Package pulsetest runs a private PulseAudio daemon for tests, with pipe sources that
// play a microphone: the test writes PCM into them in real time, as a microphone would
// deliver it. It uses scripts/audio-test-env.sh, and is for tests only.
package pulsetest

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// audioTestsHint says why a test skips: it records and plays through a real PulseAudio
// daemon, which make test installs and allows with STABLEAUDIO_AUDIO_TESTS=1.
const audioTestsHint = "needs PulseAudio: make test sets STABLEAUDIO_AUDIO_TESTS=1 and installs it (scripts/audio-test-env.sh)"

// MicRate is the rate of every Mic: 48 kHz mono, 16-bit.
const MicRate = 48000

// scriptPath finds scripts/audio-test-env.sh from this file's place in the repository.
func scriptPath() (string, error) {
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		return "", errors.New("pulsetest: cannot tell where the repository is")
	}
	return filepath.Abs(filepath.Join(filepath.Dir(here), "..", "..", "..", "scripts", "audio-test-env.sh"))
}

// Pulse is a private PulseAudio daemon for one test.
type Pulse struct {
	t      *testing.T
	dir    string
	script string
}

// Start starts a daemon for the test, stopped when it ends, and points PULSE_SERVER at
// it. It skips the test unless STABLEAUDIO_AUDIO_TESTS=1.
func Start(t *testing.T) *Pulse {
	t.Helper()
	if os.Getenv("STABLEAUDIO_AUDIO_TESTS") != "1" {
		t.Skip(audioTestsHint)
	}
	script, err := scriptPath()
	if err != nil {
		t.Fatal(err)
	}
	p := &Pulse{t: t, dir: t.TempDir(), script: script}
	p.env("start")
	t.Cleanup(func() { p.env("stop") })
	t.Setenv("PULSE_SERVER", "unix:"+p.dir+"/native")
	return p
}

func (p *Pulse) env(args ...string) {
	p.t.Helper()
	cmd := exec.Command(p.script, args...)
	cmd.Env = append(os.Environ(), "STABLEAUDIO_AUDIO_DIR="+p.dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		p.t.Fatalf("%s %v: %v\n%s", p.script, args, err, out)
	}
}

// Pactl runs pactl against the daemon and returns its output.
func (p *Pulse) Pactl(args ...string) string {
	p.t.Helper()
	cmd := exec.Command("pactl", args...)
	cmd.Env = append(os.Environ(), "PULSE_SERVER=unix:"+p.dir+"/native")
	out, err := cmd.CombinedOutput()
	if err != nil {
		p.t.Fatalf("pactl %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// Mic is a pipe source named name, fed in real time from a goroutine: silence, or the
// samples queued with play.
type Mic struct {
	Module string                    // the pipe source module, for unload-module
	next   atomic.Pointer[[]float32] // what to play next; nil for silence
	from   io.Reader                 // a cable's sink: feed plays what it reads instead of the queue
	stop   chan struct{}
	done   chan struct{}
}

// Mic loads a pipe source and starts feeding it silence.
func (p *Pulse) Mic(name, description string) *Mic {
	p.t.Helper()
	return p.mic(name, description, nil, nil)
}

// mic loads a pipe source fed first with queued, then with what from gives (silence
// when from is nil).
func (p *Pulse) mic(name, description string, from io.Reader, queued []float32) *Mic {
	p.t.Helper()
	fifo := filepath.Join(p.dir, name+".fifo")
	m := &Mic{from: from, stop: make(chan struct{}), done: make(chan struct{})}
	if queued != nil {
		m.next.Store(&queued)
	}
	m.Module = p.Pactl("load-module", "module-pipe-source", "source_name="+name, "file="+fifo,
		"format=s16le", "rate=48000", "channels=1", "source_properties=device.description="+description)
	f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		p.t.Fatal(err)
	}
	go m.feed(f)
	// A source nobody records from may stop reading its pipe, leaving feed blocked in
	// Write; closing the file wakes it (Go polls pipes).
	p.t.Cleanup(func() { close(m.stop); f.Close(); <-m.done })
	return m
}

// feed writes 10 ms every 10 ms, keeping to the wall clock. A write that blocked (nobody
// read the source, so its pipe was full) is not made up for afterwards: a microphone does
// not deliver the past, and a burst of it would make takes longer than the time they ran.
func (m *Mic) feed(f *os.File) {
	defer close(m.done)
	const block = MicRate / 100
	start, written := time.Now(), int64(0)
	var queue []float32
	buf := make([]byte, 2*block)
	for {
		select {
		case <-m.stop:
			return
		default:
		}
		if q := m.next.Swap(nil); q != nil {
			queue = append(queue, *q...)
		}
		for i := range block {
			var v float32
			if len(queue) > 0 {
				v, queue = queue[0], queue[1:]
			}
			binary.LittleEndian.PutUint16(buf[2*i:], uint16(int16(math.Round(float64(v)*32767))))
		}
		if m.from != nil && len(queue) == 0 {
			// The cable's delay has been played: from now on what the sink renders.
			if _, err := io.ReadFull(m.from, buf); err != nil {
				return
			}
		}
		if _, err := f.Write(buf); err != nil {
			return // the module was unloaded
		}
		written += block
		due := start.Add(time.Duration(written) * time.Second / MicRate)
		// Scheduling jitter is caught up; a wait this long was a blocked pipe.
		if late := time.Until(due); late < -100*time.Millisecond {
			start, written = time.Now(), 0
		} else {
			time.Sleep(late)
		}
	}
}

// Cable loads an output (a pipe sink named name) whose audio comes back, delay later, in
// an input (a pipe source named name+"_in"), the way a cable from a headphone socket to a
// microphone socket would, with the delay exact to the sample.
func (p *Pulse) Cable(name string, delay time.Duration) {
	p.t.Helper()
	out := filepath.Join(p.dir, name+".out.fifo")
	p.Pactl("load-module", "module-pipe-sink", "sink_name="+name, "file="+out,
		"format=s16le", "rate=48000", "channels=1")
	r, err := os.OpenFile(out, os.O_RDONLY, 0)
	if err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(func() { r.Close() })
	p.mic(name+"_in", "Cable", r, make([]float32, int(delay.Seconds()*MicRate)))
}

// Play queues samples (at MicRate, mono) to be fed after what is already queued.
func (m *Mic) Play(x []float32) { m.next.Store(&x) }
