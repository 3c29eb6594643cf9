// Playback as Go reports it: the player:state event is the truth, the method results are
// applied too so the UI does not wait for the next event.

import * as api from '../api';
import type { PlayerState, Track } from '../types';

const IDLE: PlayerState = { trackId: '', playing: false, positionSec: 0, durationSec: 0 };

/** A track counts as finished this close to its end, so the button starts it over. */
const END_SLACK_SEC = 0.05;

export class PlayerStore {
  state = $state<PlayerState>({ ...IDLE });

  apply(next: PlayerState | null): void {
    if (next) this.state = next;
  }

  isCurrent(trackId: string): boolean {
    return this.state.trackId !== '' && this.state.trackId === trackId;
  }

  isPlaying(trackId: string): boolean {
    return this.isCurrent(trackId) && this.state.playing;
  }

  /** The row's play/pause button: pause, resume where it stopped, or start from the top. */
  async toggle(track: Track): Promise<void> {
    const s = this.state;
    if (this.isCurrent(track.id) && s.playing) {
      this.apply(await api.pause());
    } else if (this.isCurrent(track.id) && s.positionSec > 0 && s.positionSec < s.durationSec - END_SLACK_SEC) {
      this.apply(await api.resume());
    } else {
      this.apply(await api.play(track.id));
    }
  }

  /** A click on a waveform: seek there, starting that track first if another one is loaded. */
  async seekTo(track: Track, fraction: number): Promise<void> {
    if (!this.isCurrent(track.id)) {
      const started = await api.play(track.id);
      if (!started) return;
      this.apply(started);
    }
    const duration = this.state.durationSec > 0 ? this.state.durationSec : track.seconds;
    this.apply(await api.seek(Math.max(0, fraction) * duration));
  }

  async stop(): Promise<void> {
    this.apply(await api.stop());
  }

  /** Reads the state once, e.g. at start-up, when no event has arrived yet. */
  async sync(): Promise<void> {
    this.apply(await api.playerStatus());
  }

  /** Follows player:state; call the result to stop. */
  listen(): api.Unsubscribe {
    return api.onPlayerState((s) => this.apply(s));
  }
}

export const player = new PlayerStore();
