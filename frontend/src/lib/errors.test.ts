import { describe, expect, test } from 'vitest';
import { fieldFor, isCancelled, parseError, userMessage } from './errors';

describe('parseError', () => {
  const cases: { name: string; input: unknown; code: string; message: string; field?: string }[] = [
    {
      name: "Go's JSON envelope",
      input: '{"code":"runtime_unavailable","message":"libonnxruntime.so not found: run make onnxruntime"}',
      code: 'runtime_unavailable',
      message: 'libonnxruntime.so not found: run make onnxruntime',
    },
    { name: 'envelope with a field', input: '{"code":"bad_request","message":"too long","field":"seconds"}', code: 'bad_request', message: 'too long', field: 'seconds' },
    { name: 'envelope naming an unknown field keeps no field', input: '{"code":"bad_request","message":"x","field":"colour"}', code: 'bad_request', message: 'x' },
    { name: 'envelope inside an Error', input: new Error('{"code":"internal","message":"disk full"}'), code: 'internal', message: 'disk full' },
    { name: 'envelope as an object', input: { code: 'cancelled', message: 'context canceled' }, code: 'cancelled', message: 'context canceled' },
    { name: 'plain text falls back to the raw string', input: 'open /x.wav: no such file', code: 'unknown', message: 'open /x.wav: no such file' },
    { name: 'broken JSON falls back to the raw string', input: '{"code":', code: 'unknown', message: '{"code":' },
    { name: 'JSON without a code is just text', input: '{"message":"hi"}', code: 'unknown', message: '{"message":"hi"}' },
    { name: 'a plain Error', input: new Error('window.go is undefined'), code: 'unknown', message: 'window.go is undefined' },
    { name: 'nothing at all', input: undefined, code: 'unknown', message: '' },
  ];
  test.each(cases)('$name', ({ input, code, message, field }) => {
    const error = parseError(input);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.field).toBe(field);
  });
});

describe('userMessage', () => {
  test('runtime unavailable says so and keeps the fix', () => {
    expect(userMessage({ code: 'runtime_unavailable', message: 'install ONNX Runtime 1.24' })).toBe(
      'Local generation unavailable: install ONNX Runtime 1.24',
    );
  });
  test('bad request shows Go’s message as is', () => {
    expect(userMessage({ code: 'bad_request', message: 'prompt is empty' })).toBe('prompt is empty');
  });
  test('unknown failures name what failed', () => {
    expect(userMessage({ code: 'unknown', message: 'file missing' }, 'Could not play the track')).toBe(
      'Could not play the track: file missing',
    );
    expect(userMessage({ code: 'unknown', message: '' }, 'Could not play the track')).toBe('Could not play the track. Try again.');
  });
  test('internal errors suggest a retry', () => {
    expect(userMessage({ code: 'internal', message: 'disk full' }, 'Generation failed')).toMatch(/^Generation failed: disk full\. Try again/);
  });
  test('an unusable audio input shows Go’s message, which names the file', () => {
    expect(userMessage({ code: 'bad_input', message: 'cannot use the audio input: blip.wav is 1.0 s long' })).toBe(
      'cannot use the audio input: blip.wav is 1.0 s long',
    );
  });
  test('a bad model says the pack cannot be used', () => {
    expect(userMessage({ code: 'bad_model', message: 'checksum mismatch' })).toContain('checksum mismatch');
  });
});

describe('isCancelled and fieldFor', () => {
  test('only the cancelled code is a cancellation', () => {
    expect(isCancelled({ code: 'cancelled', message: '' })).toBe(true);
    expect(isCancelled({ code: 'internal', message: 'cancelled' })).toBe(false);
  });
  test('a bad model belongs to the model select only when it is shown', () => {
    expect(fieldFor({ code: 'bad_model', message: '' }, true)).toBe('model');
    expect(fieldFor({ code: 'bad_model', message: '' }, false)).toBeUndefined();
  });
  test('a named field wins; other errors have none', () => {
    expect(fieldFor({ code: 'bad_request', message: '', field: 'seed' }, false)).toBe('seed');
    expect(fieldFor({ code: 'internal', message: '' }, true)).toBeUndefined();
  });
});
