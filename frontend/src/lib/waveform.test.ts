import { describe, expect, test } from 'vitest';
import { clickFraction, keptFraction, playedFraction, waveformBars, waveformPath } from './waveform';

describe('waveformBars', () => {
  test('no peaks, no bars', () => {
    expect(waveformBars([])).toEqual([]);
  });

  test('one bar per peak, centred, as tall as the peak', () => {
    const bars = waveformBars([0, 0.5, 1, 0.25], { width: 40, height: 20, gap: 2, minHeight: 1 });
    expect(bars).toEqual([
      { x: 0, y: 9.5, width: 8, height: 1 }, // silence still shows as a thin line
      { x: 10, y: 5, width: 8, height: 10 },
      { x: 20, y: 0, width: 8, height: 20 },
      { x: 30, y: 7.5, width: 8, height: 5 },
    ]);
  });

  test('out-of-range and missing peaks are clamped', () => {
    const bars = waveformBars([2, -1, Number.NaN], { width: 30, height: 10, gap: 0, minHeight: 0 });
    expect(bars.map((b) => b.height)).toEqual([10, 0, 0]);
  });

  test('bars fill the width exactly with ~200 columns', () => {
    const peaks = Array.from({ length: 200 }, (_, i) => (i % 10) / 10);
    const bars = waveformBars(peaks, { width: 600, height: 48 });
    expect(bars).toHaveLength(200);
    const last = bars[bars.length - 1];
    expect(last.x + last.width).toBeLessThanOrEqual(600);
    expect(last.x + last.width).toBeGreaterThan(597);
    expect(bars.every((b) => b.y >= 0 && b.y + b.height <= 48)).toBe(true);
  });

  test('the gap is dropped when bars are too thin for it', () => {
    const bars = waveformBars([1, 1, 1], { width: 3, height: 10, gap: 1 });
    expect(bars.map((b) => b.width)).toEqual([1, 1, 1]);
  });
});

describe('waveformPath', () => {
  test('draws each bar as a closed rectangle in one path', () => {
    expect(waveformPath([1, 0.5], { width: 20, height: 10, gap: 0, minHeight: 0 })).toBe('M0 0h10v10h-10zM10 2.5h10v5h-10z');
  });
  test('is empty without peaks', () => {
    expect(waveformPath([])).toBe('');
  });
});

describe('seeking by click', () => {
  test('the click position maps to a fraction of the track', () => {
    expect(clickFraction(150, 100, 200)).toBe(0.25);
    expect(clickFraction(50, 100, 200)).toBe(0);
    expect(clickFraction(400, 100, 200)).toBe(1);
    expect(clickFraction(10, 0, 0)).toBe(0);
  });
  test('the played part follows the position', () => {
    expect(playedFraction(2, 8)).toBe(0.25);
    expect(playedFraction(9, 8)).toBe(1);
    expect(playedFraction(2, 0)).toBe(0);
  });
});

describe('the kept part of an audio input', () => {
  test('is the crop over the length, at most all of it', () => {
    expect(keptFraction(30, 45)).toBeCloseTo(2 / 3);
    expect(keptFraction(180, 45)).toBe(1);
    expect(keptFraction(30, 0)).toBe(1);
  });
});
