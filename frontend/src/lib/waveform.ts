// Drawing a track's waveform from its peaks: one SVG path of mirrored bars, and the
// mapping from a click on it to a position in the track.

import { WAVEFORM } from './consts';

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WaveformSize {
  width: number;
  height: number;
  /** Space between bars; dropped when bars would get thinner than it. */
  gap?: number;
  /** Height of a silent column, so silence still reads as a line. */
  minHeight?: number;
}

const DEFAULT_SIZE: Required<WaveformSize> = {
  width: WAVEFORM.width,
  height: WAVEFORM.height,
  gap: WAVEFORM.barGap,
  minHeight: WAVEFORM.minBarHeight,
};

/** Clamps a peak to 0..1, treating garbage (NaN, null from JSON) as silence. */
function level(peak: number): number {
  return Number.isFinite(peak) ? Math.min(1, Math.max(0, peak)) : 0;
}

/** One bar per peak, centred vertically, its height proportional to the peak. */
export function waveformBars(peaks: readonly number[], size: Partial<WaveformSize> = {}): Bar[] {
  const { width, height, gap, minHeight } = { ...DEFAULT_SIZE, ...size };
  const n = peaks.length;
  if (n === 0 || width <= 0 || height <= 0) return [];
  const step = width / n;
  const g = step > gap * 2 ? gap : 0;
  const barWidth = step - g;
  return peaks.map((peak, i) => {
    const h = Math.max(minHeight, level(peak) * height);
    return { x: round(i * step), y: round((height - h) / 2), width: round(barWidth), height: round(h) };
  });
}

/** The bars as one SVG path `d`: a rectangle per bar, so 200 bars cost one DOM node. */
export function waveformPath(peaks: readonly number[], size: Partial<WaveformSize> = {}): string {
  return waveformBars(peaks, size)
    .map((b) => `M${b.x} ${b.y}h${b.width}v${b.height}h${-b.width}z`)
    .join('');
}

/** Where a click landed along the waveform, 0..1. */
export function clickFraction(clientX: number, left: number, width: number): number {
  if (!(width > 0)) return 0;
  return Math.min(1, Math.max(0, (clientX - left) / width));
}

/** Fraction of the track played, 0..1, for the played-part overlay. */
export function playedFraction(positionSec: number, durationSec: number): number {
  if (!(durationSec > 0) || !(positionSec > 0)) return 0;
  return Math.min(1, positionSec / durationSec);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Fraction of a recording that is used when only its first cropSeconds are, 0..1. */
export function keptFraction(cropSeconds: number, seconds: number): number {
  if (!(seconds > 0) || !(cropSeconds >= 0)) return 1;
  return Math.min(1, cropSeconds / seconds);
}
