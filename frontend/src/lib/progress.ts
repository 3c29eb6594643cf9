// Progress of one generation: percent done and an estimate of the time left.

import type { Progress } from './types';

/** A progress report and when it arrived (ms, from Date.now()). */
export interface Sample {
  done: number;
  at: number;
}

/** Whole percent done, 0..100; 0 while the total is unknown. */
export function percentDone(p: Pick<Progress, 'done' | 'total'>): number {
  if (!(p.total > 0) || !(p.done > 0)) return 0;
  return Math.min(100, Math.floor((p.done / p.total) * 100));
}

/**
 * Seconds left, from the pace between the first report and the latest one. Measuring from the
 * first report rather than from the click keeps model loading (which happens before any unit
 * of work) out of the pace. Between reports the estimate counts down with `now`.
 * Returns null until two reports show any work done.
 */
export function estimateSecondsLeft(first: Sample, latest: Sample, total: number, now: number): number | null {
  const units = latest.done - first.done;
  const elapsedMs = latest.at - first.at;
  if (units <= 0 || elapsedMs <= 0 || !(total > 0)) return null;
  const remaining = Math.max(0, total - latest.done);
  const atLatest = (remaining * elapsedMs) / units / 1000;
  const sinceLatest = Math.max(0, now - latest.at) / 1000;
  return Math.max(0, atLatest - sinceLatest);
}
