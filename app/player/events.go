package player

import "time"

const (
	// tickEvery paces position events while playing: smooth enough for a
	// progress bar, few enough not to flood the UI bridge.
	tickEvery = 100 * time.Millisecond
	// drainGrace keeps the device running on silence after the last frame
	// was handed over. Stopping miniaudio's PulseAudio device corks the
	// stream without draining it, which would cut off the track's tail.
	drainGrace = 500 * time.Millisecond
	// stallAfter is how long the cursor may stand still while playing
	// before the device counts as lost. PulseAudio never tells miniaudio
	// that a stream was killed or the server died; the stream just stops
	// asking for audio. Long enough to ride out a slow device start.
	stallAfter = 3 * time.Second
)

// monitor is the player's housekeeping goroutine. It is the only caller of
// OnState, so events arrive one at a time and in order, and it does the
// blocking device work the audio thread must not do: stopping the device
// after the track ends and tearing it down after it was lost.
func (p *Player) monitor() {
	defer close(p.done)
	ticker := time.NewTicker(tickEvery)
	ticker.Stop()
	ticking := false
	var drained <-chan time.Time
	var last State
	var stall stallWatch
	emit := func() {
		s := p.State()
		if s == last || p.opts.OnState == nil {
			return
		}
		last = s
		p.opts.OnState(s)
	}

	for {
		// Tick only while playing, so an idle player costs no wake-ups.
		if running := p.running.Load(); running != ticking {
			if running {
				ticker.Reset(tickEvery)
				stall.reset(p.cursor.Load(), time.Now())
			} else {
				ticker.Stop()
			}
			ticking = running
		}
		select {
		case <-p.quit:
			ticker.Stop()
			emit()
			return
		case <-p.changed:
		case now := <-ticker.C:
			if c := p.cursor.Load(); stall.stuck(c, now) {
				p.dropStalled(c)
			} else {
				p.checkLost()
			}
		case <-p.lost:
			p.checkLost()
		case <-p.ended:
			drained = time.After(drainGrace)
		case <-drained:
			drained = nil
			p.stopIfIdle()
		}
		emit()
	}
}

// stopIfIdle stops the device after a track ended, unless Play was pressed
// again meanwhile.
func (p *Player) stopIfIdle() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.out != nil && !p.running.Load() {
		p.out.stop()
	}
}

// checkLost turns a device that stopped by itself (unplugged, sound server
// gone) into Playing=false and drops it, so the next Play opens a fresh one.
//
// The stop callback alone is not enough: miniaudio skips it when stopping
// the backend fails, which is what a dead server looks like, and it fires
// before the device state reads "stopped". So the state is also polled on
// every tick while playing.
func (p *Player) checkLost() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.out == nil || !p.out.lost() {
		return
	}
	p.running.Store(false)
	p.out.close()
	p.out = nil
}

// stallWatch notices a cursor that stopped moving while playing.
type stallWatch struct {
	cursor int64
	moved  time.Time
}

func (w *stallWatch) reset(cursor int64, now time.Time) {
	w.cursor, w.moved = cursor, now
}

// stuck records the cursor seen at now and reports whether it has stood
// still for longer than stallAfter. A Seek counts as movement.
func (w *stallWatch) stuck(cursor int64, now time.Time) bool {
	if cursor != w.cursor {
		w.reset(cursor, now)
		return false
	}
	return now.Sub(w.moved) > stallAfter
}

// dropStalled gives up on a device whose stream stopped consuming audio,
// unless the player changed meanwhile (paused, sought, reloaded).
func (p *Player) dropStalled(cursor int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.out == nil || !p.running.Load() || p.cursor.Load() != cursor {
		return
	}
	p.running.Store(false)
	p.out.close()
	p.out = nil
}
