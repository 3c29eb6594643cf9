package player

import (
	"time"
	"unsafe"

	"stableaudio/backend/audio"
)

// track is the immutable view of a loaded buffer that the audio thread reads.
// It is swapped as a whole through an atomic pointer, so the callback never
// sees a half-replaced track and never needs a lock.
type track struct {
	id         string
	samples    []float32 // interleaved, frames*channels values
	channels   int
	sampleRate int
	frames     int64
}

func newTrack(id string, buf *audio.Buffer) *track {
	return &track{
		id:         id,
		samples:    buf.Samples,
		channels:   buf.Channels,
		sampleRate: buf.SampleRate,
		frames:     int64(buf.Frames()),
	}
}

// duration converts a frame count of this track to time. Frames are the only
// unit the audio thread knows; time appears at the API edge.
func (t *track) duration(frames int64) time.Duration {
	if t == nil || t.sampleRate <= 0 {
		return 0
	}
	// Split seconds and remainder so long tracks at high rates cannot overflow.
	rate := int64(t.sampleRate)
	return time.Duration(frames/rate)*time.Second +
		time.Duration(frames%rate)*time.Second/time.Duration(rate)
}

// frameAt converts a position to a frame index clamped to [0, frames].
func (t *track) frameAt(pos time.Duration) int64 {
	if t == nil || pos <= 0 {
		return 0
	}
	rate := int64(t.sampleRate)
	f := int64(pos/time.Second)*rate + int64(pos%time.Second)*rate/int64(time.Second)
	return min(f, t.frames)
}

// render copies interleaved frames starting at frame cursor from src into dst
// and zero-fills whatever src cannot supply. It returns the cursor after the
// copied frames and whether the end of src was reached (nothing left to play
// after this call).
//
// It runs on the audio thread, so it must not allocate, lock or block. dst
// must hold whole frames; a cursor outside [0, frames] yields silence.
func render(dst, src []float32, channels int, cursor int64) (next int64, ended bool) {
	if channels <= 0 {
		clear(dst)
		return cursor, true
	}
	total := int64(len(src) / channels)
	if cursor < 0 || cursor >= total {
		clear(dst)
		return min(max(cursor, 0), total), true
	}
	want := int64(len(dst) / channels)
	n := min(want, total-cursor)
	copied := copy(dst, src[cursor*int64(channels):(cursor+n)*int64(channels)])
	clear(dst[copied:])
	next = cursor + n
	return next, next >= total
}

// floats reinterprets the device's output bytes as float32 samples. The
// device is opened in F32 format, and miniaudio's buffers are suitably
// aligned, so this is a view, not a copy.
func floats(b []byte) []float32 {
	if len(b) < 4 {
		return nil
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), len(b)/4)
}

// fill is the device's data callback. It runs on the audio thread: atomics
// only, no locks, no allocation. channels is the count the device was opened
// with; a track of another shape (possible for an instant while Load swaps
// tracks) gets silence rather than garbled frames.
func (p *Player) fill(out []byte, channels int) {
	dst := floats(out)
	t := p.cur.Load()
	if t == nil || t.channels != channels || !p.running.Load() {
		clear(dst)
		return
	}
	cur := p.cursor.Load()
	next, ended := render(dst, t.samples, channels, cur)
	if !p.cursor.CompareAndSwap(cur, next) {
		return // a Seek or Stop moved the cursor meanwhile; it wins
	}
	if ended && p.running.CompareAndSwap(true, false) {
		signal(p.ended) // the monitor stops the device; we may not from here
	}
}
