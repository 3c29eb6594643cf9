// The recording audio to audio follows: chosen with the system's file dialog, read by Go
// for its length, crop and waveform, and how strongly the result follows it.

import * as api from '../api';
import { DEFAULT_STRENGTH_PERCENT } from '../consts';
import type { AudioInput } from '../types';

export class AudioInputStore {
  /** The chosen file; "" for none (text to audio). */
  path = $state('');
  /** What Go read from the file; null while none is chosen. */
  info = $state.raw<AudioInput | null>(null);
  /** Why the last file chosen cannot be used, with how to fix it; "" when there is nothing wrong. */
  error = $state('');
  /** True while the dialog is open or the file is being read. */
  busy = $state(false);
  /** How much of the input the result keeps: 0 (only the prompt) to 100. Outlives a removed input. */
  strengthPercent = $state(DEFAULT_STRENGTH_PERCENT);

  /**
   * Asks for a recording and reads it. A cancelled dialog changes nothing; a file that
   * cannot be used replaces the choice with the reason, so what is shown is what is sent.
   */
  async choose(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const path = await api.chooseAudioFile();
      if (!path) return;
      const outcome = await api.inspectAudio(path);
      this.remove();
      if (outcome.ok) {
        this.path = path;
        this.info = outcome.input;
      } else {
        this.error = outcome.error;
      }
    } finally {
      this.busy = false;
    }
  }

  /** Back to text to audio. */
  remove(): void {
    this.path = '';
    this.info = null;
    this.error = '';
  }
}

export const audioInput = new AudioInputStore();
