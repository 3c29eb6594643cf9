// The Record view's state: the inputs and the one chosen, the take running with its
// meter, and the last take, which can be followed or uploaded.

import * as api from '../api';
import type { InputDevice, InputWarning, RecorderLevel, RecordingStatus, Take, UploadResult } from '../types';
import { account } from './account.svelte';

export class RecorderStore {
  inputs = $state.raw<InputDevice[]>([]);
  /** The take running; null when idle. */
  status = $state.raw<RecordingStatus | null>(null);
  /** The latest meter reading of the running take. */
  level = $state.raw<RecorderLevel | null>(null);
  /** A sample of the running take reached full scale; cleared by the next take or resetClip. */
  clipped = $state(false);
  /** The last take; null before one. */
  take = $state.raw<Take | null>(null);
  /** Why the last action failed, for the view; "" when nothing is wrong. */
  error = $state('');
  /** True while a take is starting or stopping. */
  busy = $state(false);
  uploading = $state(false);
  uploaded = $state.raw<UploadResult | null>(null);

  get selected(): InputDevice | null {
    return this.inputs.find((d) => d.selected) ?? null;
  }

  /** What the view warns about: the running take's, else the chosen input's. */
  get warnings(): InputWarning[] {
    return this.status ? this.status.warnings : (this.selected?.warnings ?? []);
  }

  get recording(): boolean {
    return this.status !== null;
  }

  async load(): Promise<void> {
    const [inputs, status] = await Promise.all([api.listInputs(), api.recordingState()]);
    if (inputs) this.inputs = inputs;
    this.status = status;
  }

  async select(id: string): Promise<void> {
    if (this.recording || !(await api.selectInput(id))) return;
    this.inputs = this.inputs.map((d) => ({ ...d, selected: d.id === id }));
  }

  async start(): Promise<void> {
    if (this.busy || this.recording) return;
    this.busy = true;
    this.error = '';
    this.level = null;
    this.clipped = false;
    this.uploaded = null;
    try {
      const outcome = await api.startRecording();
      if (outcome.ok) {
        this.status = outcome.status;
      } else {
        this.error = outcome.error;
      }
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<void> {
    if (this.busy || !this.recording) return;
    this.busy = true;
    try {
      const take = await api.stopRecording();
      if (take) this.ended(take);
    } finally {
      this.busy = false;
    }
  }

  /** A take ended, by Stop or by itself (at the limit, or the input went away). */
  ended(take: Take): void {
    this.status = null;
    this.take = take;
  }

  meter(level: RecorderLevel): void {
    if (!this.recording) return;
    this.level = level;
    if (level.clipped) this.clipped = true;
  }

  resetClip(): void {
    this.clipped = false;
  }

  /** Uploads the last take's kept part to the account. */
  async upload(): Promise<void> {
    const take = this.take;
    if (!take || this.uploading) return;
    this.uploading = true;
    this.error = '';
    try {
      const outcome = await api.uploadInput(take.path);
      if (this.take !== take) return;
      if (outcome.ok) {
        this.uploaded = outcome.result;
      } else {
        this.error = outcome.error;
      }
      void account.load();
    } finally {
      this.uploading = false;
    }
  }

  listen(): () => void {
    const stopLevel = api.onRecorderLevel((l) => this.meter(l));
    const stopEnded = api.onRecorderEnded((t) => this.ended(t));
    return () => {
      stopLevel();
      stopEnded();
    };
  }
}

export const recorder = new RecorderStore();
