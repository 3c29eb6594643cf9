import { beforeEach, describe, expect, test, vi } from 'vitest';
import { App, deferred, emit, goError, listeners, makeTrack, resetWails, subscribedEvents } from '../../test/wails';
import { GenerationStore } from './generation.svelte';
import { toasts } from './toasts.svelte';
import type { Track } from '../types';

vi.mock('../../../wailsjs/go/app/App', async () => (await import('../../test/wails')).App);
vi.mock('../../../wailsjs/runtime/runtime', async () => (await import('../../test/wails')).runtime);

const REQUEST = { prompt: 'dusty breakbeat, 90 BPM', seconds: 8, seed: null, model: '1.0', negative: '', inputPath: '', strength: 0.7 };
const OPTS = { hasModelField: false };

/** A store on a hand-wound clock, plus the job id it sent to Go. */
function setup() {
  let now = 1_000;
  const clock = { now: () => now };
  const store = new GenerationStore(clock);
  const pending = deferred<Track>();
  App.Generate.mockReturnValue(pending.promise);
  const run = store.generate(REQUEST, OPTS);
  const jobId = App.Generate.mock.calls[0]?.[0].jobId ?? '';
  return {
    store,
    run,
    pending,
    jobId,
    advance: (ms: number) => (now += ms),
    progress: (done: number, total: number, stage = 'rendering') => emit(`generate:progress:${jobId}`, { done, total, stage }),
  };
}

beforeEach(() => {
  resetWails();
  toasts.clear();
});

describe('generation store', () => {
  test('sends the request under a fresh job id, a missing seed meaning random', async () => {
    const { run, pending, jobId } = setup();
    expect(jobId).toMatch(/^job-/);
    expect(App.Generate).toHaveBeenCalledWith({
      jobId,
      prompt: REQUEST.prompt,
      seconds: 8,
      seed: undefined,
      model: '1.0',
      negative: '',
      inputPath: '',
      strength: 0.7,
      cloud: false,
    });
    pending.resolve(makeTrack());
    await run;
  });

  test('a chosen seed is sent as a number', async () => {
    const store = new GenerationStore();
    App.Generate.mockResolvedValue(makeTrack());
    await store.generate({ ...REQUEST, seed: 1234 }, OPTS);
    expect(App.Generate.mock.calls[0][0].seed).toBe(1234);
  });

  test('audio to audio sends the negative prompt, the input and its strength', async () => {
    const store = new GenerationStore();
    App.Generate.mockResolvedValue(makeTrack());
    await store.generate({ ...REQUEST, model: '2.0', negative: 'vocals', inputPath: '/music/hum.wav', strength: 0.35 }, OPTS);
    expect(App.Generate.mock.calls[0][0]).toMatchObject({ model: '2.0', negative: 'vocals', inputPath: '/music/hum.wav', strength: 0.35 });
  });

  test('progress events move the percent, the stage and the time left', async () => {
    const { store, run, pending, progress, advance } = setup();
    expect(store.running).toBe(true);
    expect(store.percent).toBe(0);
    expect(store.secondsLeft).toBeNull();

    progress(0, 10, 'loading model');
    expect(store.progress.stage).toBe('loading model');
    expect(store.secondsLeft).toBeNull(); // no pace yet

    advance(2_000);
    progress(2, 10);
    expect(store.percent).toBe(20);
    expect(store.progress.stage).toBe('rendering');
    expect(store.secondsLeft).toBe(8); // 2 units in 2 s, 8 to go

    advance(2_000);
    progress(5, 10);
    expect(store.percent).toBe(50);
    expect(store.secondsLeft).toBeCloseTo(4);

    const track = makeTrack({ id: 'new' });
    pending.resolve(track);
    await expect(run).resolves.toEqual(track);
    expect(store.running).toBe(false);
    expect(store.jobId).toBeNull();
  });

  test('events of another job are ignored', async () => {
    const { store, run, pending } = setup();
    emit('generate:progress:job-other', { done: 9, total: 10, stage: 'x' });
    expect(store.percent).toBe(0);
    pending.resolve(makeTrack());
    await run;
  });

  test('stops listening when the job succeeds', async () => {
    const { run, pending, jobId } = setup();
    expect(listeners(`generate:progress:${jobId}`)).toBe(1);
    pending.resolve(makeTrack());
    await run;
    expect(subscribedEvents()).toEqual([]);
  });

  test('stops listening and shows a toast when the job fails', async () => {
    const { store, run, pending, jobId } = setup();
    pending.reject(goError('internal', 'writing the WAV file failed: disk full'));
    await expect(run).resolves.toBeNull();
    expect(listeners(`generate:progress:${jobId}`)).toBe(0);
    expect(store.running).toBe(false);
    expect(toasts.items).toHaveLength(1);
    expect(toasts.items[0].kind).toBe('error');
    expect(toasts.items[0].message).toContain('disk full');
  });

  test('stops listening even when the binding throws before answering', async () => {
    const store = new GenerationStore();
    App.Generate.mockImplementation(() => {
      throw new Error('window.go is undefined');
    });
    await expect(store.generate(REQUEST, OPTS)).resolves.toBeNull();
    expect(subscribedEvents()).toEqual([]);
    expect(store.running).toBe(false);
    expect(toasts.items[0].message).toBe('Generation failed: window.go is undefined');
  });

  test('cancel asks Go to stop this job, and a cancellation is not an error', async () => {
    const { store, run, pending, jobId } = setup();
    const cancelling = store.cancel();
    expect(store.cancelling).toBe(true);
    await cancelling;
    expect(App.CancelGenerate).toHaveBeenCalledWith(jobId);

    pending.reject(goError('cancelled', 'context canceled'));
    await expect(run).resolves.toBeNull();
    expect(store.running).toBe(false);
    expect(store.cancelling).toBe(false);
    expect(subscribedEvents()).toEqual([]);
    expect(toasts.items.filter((t) => t.kind === 'error')).toEqual([]);
    expect(toasts.items.map((t) => t.message)).toEqual(['Generation cancelled.']);
  });

  test('cancel does nothing when no job runs', async () => {
    await new GenerationStore().cancel();
    expect(App.CancelGenerate).not.toHaveBeenCalled();
  });

  test('a second Generate while one runs is refused', async () => {
    const { store, run, pending } = setup();
    await expect(store.generate(REQUEST, OPTS)).resolves.toBeNull();
    expect(App.Generate).toHaveBeenCalledTimes(1);
    pending.resolve(makeTrack());
    await run;
  });

  test('an error about a field goes beside the field, not into a toast', async () => {
    const { store, run, pending } = setup();
    pending.reject(goError('bad_request', 'the model makes at most 11 s', 'seconds'));
    await run;
    expect(store.fieldErrors).toEqual({ seconds: 'the model makes at most 11 s' });
    expect(toasts.items).toEqual([]);
    store.clearFieldError('seconds');
    expect(store.fieldErrors).toEqual({});
  });

  test('runtime unavailable becomes a clear toast', async () => {
    const { run, pending } = setup();
    pending.reject(goError('runtime_unavailable', 'libonnxruntime.so.1 not found in build/onnxruntime'));
    await run;
    expect(toasts.items[0].message).toBe('Local generation unavailable: libonnxruntime.so.1 not found in build/onnxruntime');
  });
});
