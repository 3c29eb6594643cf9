// Checks on the Generate form, run as the user types so the field says what is wrong
// before anything is sent. Go checks again; these only spare a round trip.

import { MAX_SEED, MIN_SECONDS } from './consts';
import type { FieldErrors, GenerateRequest } from './types';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** A form value as an input gives it: a number input bound by Svelte yields number | null. */
type Raw = string | number | null | undefined;

function text(raw: Raw): string {
  if (raw == null) return '';
  return typeof raw === 'number' ? (Number.isNaN(raw) ? 'NaN' : String(raw)) : raw.trim();
}

export function checkPrompt(raw: string): Checked<string> {
  const prompt = raw.trim();
  if (prompt === '') return { ok: false, error: 'Describe the sound you want, e.g. "warm lo-fi piano, 80 BPM".' };
  return { ok: true, value: prompt };
}

/** Duration in seconds: a number from MIN_SECONDS to the model's maximum. */
export function checkSeconds(raw: Raw, maxSeconds: number): Checked<number> {
  const s = text(raw);
  if (s === '') return { ok: false, error: 'Enter a duration in seconds.' };
  const seconds = Number(s);
  if (!Number.isFinite(seconds)) return { ok: false, error: 'Duration must be a number of seconds.' };
  if (seconds < MIN_SECONDS) return { ok: false, error: `Duration must be at least ${MIN_SECONDS} second.` };
  if (seconds > maxSeconds) {
    return { ok: false, error: `This model makes at most ${formatLimit(maxSeconds)} seconds.` };
  }
  return { ok: true, value: seconds };
}

/** Seed: empty for a random one, else a whole number from 0 to MAX_SEED. */
export function checkSeed(raw: Raw): Checked<number | null> {
  const s = text(raw);
  if (s === '') return { ok: true, value: null };
  if (!/^\d+$/.test(s)) {
    return { ok: false, error: 'Seed must be a whole number (0 or more), or empty for a random one.' };
  }
  const seed = Number(s);
  if (!Number.isSafeInteger(seed) || seed > MAX_SEED) {
    return { ok: false, error: `Seed must be at most ${MAX_SEED}.` };
  }
  return { ok: true, value: seed };
}

function formatLimit(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export interface GenerateForm {
  prompt: string;
  seconds: Raw;
  seed: Raw;
  model: string;
  negative: string;
  /** The recording to follow, "" for none (or when the model cannot follow one). */
  inputPath: string;
  /** The strength slider: 0 to 100. */
  strengthPercent: number;
}

/**
 * Checks the whole form. `errors` holds what the fields show as the user types (an empty
 * prompt is not shown as an error: the Generate button is simply disabled); `request` is set
 * when everything, the prompt included, is ready to send.
 */
export function checkForm(
  form: GenerateForm,
  maxSeconds: number,
): { errors: FieldErrors; request: GenerateRequest | null } {
  const prompt = checkPrompt(form.prompt);
  const seconds = checkSeconds(form.seconds, maxSeconds);
  const seed = checkSeed(form.seed);
  const errors: FieldErrors = {};
  if (!seconds.ok) errors.seconds = seconds.error;
  if (!seed.ok) errors.seed = seed.error;
  const request =
    prompt.ok && seconds.ok && seed.ok
      ? {
          prompt: prompt.value,
          seconds: seconds.value,
          seed: seed.value,
          model: form.model,
          negative: form.negative.trim(),
          inputPath: form.inputPath,
          strength: Math.min(100, Math.max(0, form.strengthPercent)) / 100,
        }
      : null;
  return { errors, request };
}
