import { describe, expect, test } from 'vitest';
import { estimateSecondsLeft, percentDone } from './progress';

describe('percentDone', () => {
  test.each([
    [{ done: 0, total: 0 }, 0],
    [{ done: 3, total: 0 }, 0],
    [{ done: 0, total: 10 }, 0],
    [{ done: 1, total: 3 }, 33],
    [{ done: 5, total: 10 }, 50],
    [{ done: 10, total: 10 }, 100],
    [{ done: 12, total: 10 }, 100],
  ])('%o is %i%', (p, percent) => {
    expect(percentDone(p)).toBe(percent);
  });
});

describe('estimateSecondsLeft', () => {
  test('no estimate before any work is measured', () => {
    const first = { done: 0, at: 1000 };
    expect(estimateSecondsLeft(first, first, 10, 1000)).toBeNull();
    expect(estimateSecondsLeft(first, { done: 0, at: 5000 }, 10, 5000)).toBeNull();
    expect(estimateSecondsLeft(first, { done: 2, at: 5000 }, 0, 5000)).toBeNull();
  });

  test('extrapolates the pace since the first report', () => {
    // 2 units in 4 s, 8 to go: 16 s.
    expect(estimateSecondsLeft({ done: 0, at: 1000 }, { done: 2, at: 5000 }, 10, 5000)).toBe(16);
  });

  test('time before the first report (model loading) does not count', () => {
    // The first report came 30 s after the click, at 1 unit; then 1 unit a second.
    expect(estimateSecondsLeft({ done: 1, at: 30_000 }, { done: 5, at: 34_000 }, 10, 34_000)).toBe(5);
  });

  test('counts down between reports and stops at zero', () => {
    const first = { done: 0, at: 0 };
    const latest = { done: 5, at: 5000 };
    expect(estimateSecondsLeft(first, latest, 10, 7000)).toBe(3);
    expect(estimateSecondsLeft(first, latest, 10, 60_000)).toBe(0);
  });
});
