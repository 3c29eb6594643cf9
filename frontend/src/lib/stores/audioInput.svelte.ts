// The recording audio to audio follows: chosen with the system's file dialog, read by Go
// for its length, crop and waveform, and how strongly the result follows it; and its
// upload to the account.

import * as api from '../api';
import { DEFAULT_STRENGTH_PERCENT } from '../consts';
import type { AudioInput, UploadResult } from '../types';
import { uploadToAccount } from './upload';

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
  /** True while the chosen file is being uploaded. */
  uploading = $state(false);
  /** What became of the chosen file's upload; null before one. */
  uploaded = $state.raw<UploadResult | null>(null);

  /**
   * Asks for a recording and reads it. A cancelled dialog changes nothing; a file that
   * cannot be used replaces the choice with the reason, so what is shown is what is sent.
   */
  async choose(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const path = await api.chooseAudioFile();
      if (path) await this.read(path);
    } finally {
      this.busy = false;
    }
  }

  /** Follows a file chosen elsewhere: a take just recorded. */
  async use(path: string): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.read(path);
    } finally {
      this.busy = false;
    }
  }

  private async read(path: string): Promise<void> {
    const outcome = await api.inspectAudio(path);
    this.remove();
    if (outcome.ok) {
      this.path = path;
      this.info = outcome.input;
    } else {
      this.error = outcome.error;
    }
  }

  /**
   * Uploads the part of the chosen file the plan keeps (what the waveform highlights),
   * then refreshes the account, whose upload time it used.
   */
  async upload(): Promise<void> {
    if (this.uploading || !this.path) return;
    const path = this.path;
    this.uploading = true;
    this.error = '';
    try {
      const outcome = await uploadToAccount(path);
      if (this.path !== path) return; // another file was chosen meanwhile
      if (outcome.ok) {
        this.uploaded = outcome.result;
      } else {
        this.error = outcome.error;
      }
    } finally {
      this.uploading = false;
    }
  }

  /** Back to text to audio. */
  remove(): void {
    this.path = '';
    this.info = null;
    this.error = '';
    this.uploaded = null;
  }
}

export const audioInput = new AudioInputStore();
