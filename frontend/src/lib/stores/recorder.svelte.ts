// The Record view's state: the inputs and the one chosen, the take running with its
// meter, and the last take, which can be followed or uploaded.

import * as api from '../api';
import type {
  InputDevice,
  InputWarning,
  LatencyResult,
  RecorderLevel,
  RecordingStatus,
  Take,
  UploadResult,
} from '../types';
import { uploadToAccount } from './upload';

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
  /** True while the loopback test plays its clicks. */
  measuring = $state(false);
  /** The last loopback test's result; null before one. */
  latency = $state.raw<LatencyResult | null>(null);

  get selected(): InputDevice | null {
    return this.inputs.find((d) => d.selected) ?? null;
  }

  /** What the view warns about: the running take's, else the chosen input's, and the measured round trip's. */
  get warnings(): InputWarning[] {
    const own = this.status ? this.status.warnings : (this.selected?.warnings ?? []);
    const measured = this.latency?.warning;
    return measured && !own.some((w) => w.code === measured.code) ? [...own, measured] : own;
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
    this.latency = null; // measured on the input chosen before
  }

  /** The loopback test: clicks played through the output, timed back through the input. */
  async measureLatency(): Promise<void> {
    if (this.measuring || this.recording) return;
    this.measuring = true;
    this.error = '';
    try {
      const outcome = await api.measureLatency();
      if (outcome.ok) {
        this.latency = outcome.result;
      } else {
        this.error = outcome.error;
      }
    } finally {
      this.measuring = false;
    }
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
      const outcome = await uploadToAccount(take.path);
      if (this.take !== take) return;
      if (outcome.ok) {
        this.uploaded = outcome.result;
      } else {
        this.error = outcome.error;
      }
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
