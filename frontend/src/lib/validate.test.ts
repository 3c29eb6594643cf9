import { describe, expect, test } from 'vitest';
import { checkForm, checkPrompt, checkSeconds, checkSeed } from './validate';

describe('checkSeconds', () => {
  const max = 47;
  test.each([
    { input: 8, value: 8 },
    { input: '8', value: 8 },
    { input: ' 12.5 ', value: 12.5 },
    { input: 1, value: 1 },
    { input: 47, value: 47 },
  ])('accepts $input', ({ input, value }) => {
    expect(checkSeconds(input, max)).toEqual({ ok: true, value });
  });

  test.each([
    { input: '', error: 'Enter a duration in seconds.' },
    { input: null, error: 'Enter a duration in seconds.' },
    { input: 'abc', error: 'Duration must be a number of seconds.' },
    { input: Number.NaN, error: 'Duration must be a number of seconds.' },
    { input: 0, error: 'Duration must be at least 1 second.' },
    { input: -3, error: 'Duration must be at least 1 second.' },
    { input: 48, error: 'This model makes at most 47 seconds.' },
  ])('rejects $input', ({ input, error }) => {
    expect(checkSeconds(input, max)).toEqual({ ok: false, error });
  });

  test("the limit follows the model's maximum", () => {
    expect(checkSeconds(20, 11.5)).toEqual({ ok: false, error: 'This model makes at most 11.5 seconds.' });
  });
});

describe('checkSeed', () => {
  test('empty means a random seed', () => {
    expect(checkSeed('')).toEqual({ ok: true, value: null });
    expect(checkSeed('   ')).toEqual({ ok: true, value: null });
  });
  test.each([
    { input: '0', value: 0 },
    { input: '42', value: 42 },
    { input: '9007199254740991', value: 9007199254740991 },
  ])('accepts $input', ({ input, value }) => {
    expect(checkSeed(input)).toEqual({ ok: true, value });
  });
  test.each(['-1', '1.5', '12ab', '1e3'])('rejects %s as not a whole number', (input) => {
    const r = checkSeed(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/whole number/);
  });
  test('rejects a seed too big to send exactly', () => {
    expect(checkSeed('9007199254740993')).toEqual({ ok: false, error: 'Seed must be at most 9007199254740991.' });
  });
});

describe('checkForm', () => {
  const rest = { negative: '', inputPath: '', strengthPercent: 70 };
  test('a filled form becomes a request with the prompt trimmed', () => {
    expect(checkForm({ prompt: '  dark techno  ', seconds: 8, seed: '', model: '1.0', ...rest }, 47)).toEqual({
      errors: {},
      request: { prompt: 'dark techno', seconds: 8, seed: null, model: '1.0', negative: '', inputPath: '', strength: 0.7 },
    });
  });
  test('the negative prompt is trimmed and the strength slider becomes 0..1', () => {
    const form = { prompt: 'dub', seconds: 8, seed: '', model: '2.0', negative: ' vocals ', inputPath: '/a/take.wav' };
    expect(checkForm({ ...form, strengthPercent: 35 }, 47).request).toMatchObject({ negative: 'vocals', inputPath: '/a/take.wav', strength: 0.35 });
    expect(checkForm({ ...form, strengthPercent: 140 }, 47).request?.strength).toBe(1);
  });
  test('an empty prompt blocks the request without showing an error', () => {
    const r = checkForm({ prompt: '  ', seconds: 8, seed: '', model: '', ...rest }, 47);
    expect(r.request).toBeNull();
    expect(r.errors).toEqual({});
    expect(checkPrompt('  ').ok).toBe(false);
  });
  test('field errors are reported per field', () => {
    const r = checkForm({ prompt: 'x', seconds: 99, seed: 'abc', model: '', ...rest }, 47);
    expect(r.request).toBeNull();
    expect(Object.keys(r.errors).sort()).toEqual(['seconds', 'seed']);
  });
});
