// One generation at a time: starts the job, follows its progress event, cancels it, and
// always stops listening when the job ends, however it ends.

import * as api from '../api';
import { PROGRESS_TICK_MS } from '../consts';
import { estimateSecondsLeft, percentDone, type Sample } from '../progress';
import type { FieldErrors, GenerateRequest, Progress, Track } from '../types';

/** Names the job's progress event and its cancel; unique enough within one app run. */
export function newJobId(): string {
  return `job-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export interface Clock {
  now(): number;
}

const EMPTY: Progress = { done: 0, total: 0, stage: '' };

export class GenerationStore {
  running = $state(false);
  cancelling = $state(false);
  jobId = $state<string | null>(null);
  progress = $state<Progress>({ ...EMPTY });
  /** Errors Go returned about a form field; cleared when the user edits that field. */
  fieldErrors = $state<FieldErrors>({});

  // Pace samples for the time-left estimate, and a clock that ticks between events.
  first = $state.raw<Sample | null>(null);
  latest = $state.raw<Sample | null>(null);
  now = $state(0);

  percent = $derived(percentDone(this.progress));
  secondsLeft = $derived(
    this.first && this.latest ? estimateSecondsLeft(this.first, this.latest, this.progress.total, this.now) : null,
  );

  #clock: Clock;

  constructor(clock: Clock = Date) {
    this.#clock = clock;
  }

  /** Runs one job. Resolves with the new track, or null when it failed or was cancelled. */
  async generate(req: GenerateRequest, opts: { hasModelField: boolean }): Promise<Track | null> {
    if (this.running) return null;
    const jobId = newJobId();
    this.jobId = jobId;
    this.running = true;
    this.cancelling = false;
    this.progress = { ...EMPTY };
    this.fieldErrors = {};
    this.first = this.latest = null;

    let unsubscribe: api.Unsubscribe | undefined;
    let ticker: ReturnType<typeof setInterval> | undefined;
    try {
      // Listen before starting: Go may report progress before Generate's promise settles.
      unsubscribe = api.onProgress(jobId, (p) => this.#onProgress(jobId, p));
      ticker = setInterval(() => (this.now = this.#clock.now()), PROGRESS_TICK_MS);
      const outcome = await api.generate(jobId, req, opts);
      if (outcome.ok) return outcome.track;
      this.fieldErrors = outcome.fieldErrors;
      return null;
    } finally {
      unsubscribe?.();
      clearInterval(ticker);
      this.running = false;
      this.cancelling = false;
      this.jobId = null;
    }
  }

  /** Asks Go to stop the running job; generate() then resolves with null. */
  async cancel(): Promise<void> {
    const jobId = this.jobId;
    if (!jobId || this.cancelling) return;
    this.cancelling = true;
    const asked = await api.cancelGenerate(jobId);
    if (!asked && this.jobId === jobId) this.cancelling = false;
  }

  clearFieldError(field: keyof FieldErrors): void {
    if (this.fieldErrors[field]) {
      const rest = { ...this.fieldErrors };
      delete rest[field];
      this.fieldErrors = rest;
    }
  }

  #onProgress(jobId: string, p: Progress): void {
    if (jobId !== this.jobId) return; // a late event from a finished job
    const at = this.#clock.now();
    this.progress = p;
    this.now = at;
    const sample = { done: p.done, at };
    if (!this.first) this.first = sample;
    this.latest = sample;
  }
}

export const generation = new GenerationStore();
