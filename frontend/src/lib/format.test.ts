import { describe, expect, test } from 'vitest';
import { makeAccount, makeAudioInput } from '../test/wails';
import { accountSummary, cropSummary, formatClock, formatDate, formatDuration, formatPercent, formatTimeLeft, formatDay, formatMoney } from './format';

describe('formatClock (mm:ss)', () => {
  test.each([
    [0, '0:00'],
    [5, '0:05'],
    [8.9, '0:08'],
    [59.999, '0:59'],
    [60, '1:00'],
    [83, '1:23'],
    [600, '10:00'],
    [3725, '1:02:05'],
    [-4, '0:00'],
    [Number.NaN, '0:00'],
    [Number.POSITIVE_INFINITY, '0:00'],
  ])('%s s reads %s', (seconds, text) => {
    expect(formatClock(seconds)).toBe(text);
  });
});

describe('formatDuration', () => {
  test('rounds to the nearest second', () => {
    expect(formatDuration(7.9998)).toBe('0:08');
    expect(formatDuration(8.4)).toBe('0:08');
    expect(formatDuration(47)).toBe('0:47');
  });
});

describe('formatTimeLeft', () => {
  test.each([
    [null, 'Estimating time left…'],
    [0, 'Almost done'],
    [0.7, 'Almost done'],
    [12.2, 'About 13 s left'],
    [60, 'About 1 min left'],
    [65, 'About 1 min 5 s left'],
  ])('%s reads %s', (seconds, text) => {
    expect(formatTimeLeft(seconds)).toBe(text);
  });
});

describe('formatDate', () => {
  test('a valid RFC 3339 time becomes a local date with the year', () => {
    expect(formatDate('2026-01-02T03:04:05Z', 'en-GB')).toMatch(/2026/);
  });
  test('anything else is shown as given', () => {
    expect(formatDate('yesterday')).toBe('yesterday');
  });
});

describe('accountSummary', () => {
  test('shows plan, credits, upload time and the renewal day in UTC', () => {
    expect(accountSummary(makeAccount(), 'en-GB')).toBe('Free plan · 20 credits · 2:00 upload left · renews 1 Dec');
  });
  test('says one credit, and leaves out a renewal it cannot read', () => {
    expect(accountSummary(makeAccount({ credits: 1, renewsAt: 'soon' }), 'en-GB')).toBe(
      'Free plan · 1 credit · 2:00 upload left',
    );
  });
});

describe('audio input', () => {
  test('the crop line names the plan, the part used and the whole length', () => {
    expect(cropSummary(makeAudioInput({ seconds: 72.4, cropSeconds: 30, planName: 'Free' }))).toBe(
      'Free plan: the first 0:30 of 1:12 is used',
    );
  });
  test('a strength reads as a whole percent', () => {
    expect(formatPercent(0.7)).toBe('70%');
    expect(formatPercent(0.355)).toBe('36%');
    expect(formatPercent(NaN)).toBe('0%');
  });
});

describe('formatMoney', () => {
  test.each([
    [1199, 'usd', 'en-US', '$11.99'],
    [1080, 'usd', 'en-US', '$10.80'],
    [2999, 'eur', 'de-DE', '29,99 €'],
    [-600, 'usd', 'en-US', '-$6.00'],
    [500, 'zzz', 'en-US', 'ZZZ 5.00'],
  ])('%i %s in %s is %s', (minor, currency, locale, want) => {
    expect(formatMoney(minor, currency, locale).replace(/\u00a0/g, ' ')).toBe(want);
  });
});

describe('formatDay', () => {
  test('is the UTC day, whatever the time', () => {
    expect(formatDay('2026-04-30T23:59:00Z', 'en-GB')).toBe('30 Apr 2026');
    expect(formatDay('2026-05-01T00:00:00Z', 'en-GB')).toBe('1 May 2026');
    expect(formatDay('not a date', 'en-GB')).toBe('not a date');
  });
});
