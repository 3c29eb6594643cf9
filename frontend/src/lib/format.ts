import type { AccountInfo, AudioInput } from './types';

// How numbers and dates read in the UI.

/** Seconds as m:ss (h:mm:ss from an hour up), rounded down: a clock, not an estimate. */
export function formatClock(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds + 1e-6) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A track's length: rounded to the nearest second, so 7.9998 s reads 0:08. */
export function formatDuration(seconds: number): string {
  return formatClock(Number.isFinite(seconds) ? Math.round(seconds) : 0);
}

/** The progress bar's "time left" text; null means no estimate yet. */
export function formatTimeLeft(seconds: number | null): string {
  if (seconds == null || !Number.isFinite(seconds)) return 'Estimating time left…';
  const s = Math.ceil(seconds);
  if (s <= 1) return 'Almost done';
  if (s < 60) return `About ${s} s left`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest === 0 ? `About ${m} min left` : `About ${m} min ${rest} s left`;
}

/** A track's creation time in the user's locale; the raw text when it is not a date. */
export function formatDate(rfc3339: string, locale?: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "Free plan · 20 credits · 2:00 upload left · renews 1 Dec": the account at a glance. */
export function accountSummary(a: AccountInfo, locale?: string): string {
  const renews = new Date(a.renewsAt);
  const day = Number.isNaN(renews.getTime())
    ? ''
    : renews.toLocaleDateString(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const credits = `${a.credits} ${a.credits === 1 ? 'credit' : 'credits'}`;
  const parts = [`${a.planName} plan`, credits, `${formatClock(a.uploadSecondsLeft)} upload left`];
  if (day) parts.push(`renews ${day}`);
  return parts.join(' · ');
}

/** "Free plan: the first 0:30 of 1:12 is used": how much of an audio input the plan lets through. */
export function cropSummary(input: AudioInput): string {
  return `${input.planName} plan: the first ${formatClock(input.cropSeconds)} of ${formatDuration(input.seconds)} is used`;
}

/** A 0..1 fraction as a whole percent: 0.7 → "70%". */
export function formatPercent(fraction: number): string {
  return `${Math.round((Number.isFinite(fraction) ? fraction : 0) * 100)}%`;
}

/** An amount in the currency's smallest unit as money: formatMoney(1199, 'usd') is "$11.99". */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}

/** A day in UTC, as plans renew: "30 Apr 2026". */
export function formatDay(rfc3339: string, locale?: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return d.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
