import { beforeEach, describe, expect, test, vi } from 'vitest';
import { App, deferred, goError, makeAudioInput, makeUpload, resetWails } from '../../test/wails';
import { AudioInputStore } from './audioInput.svelte';
import { toasts } from './toasts.svelte';

vi.mock('../../../wailsjs/go/app/App', async () => (await import('../../test/wails')).App);
vi.mock('../../../wailsjs/runtime/runtime', async () => (await import('../../test/wails')).runtime);

beforeEach(() => {
  resetWails();
  toasts.clear();
});

describe('audio input store', () => {
  test('a chosen file is read and kept with what Go says about it', async () => {
    const store = new AudioInputStore();
    const input = makeAudioInput();
    App.ChooseAudioFile.mockResolvedValue('/music/hum idea.wav');
    const read = deferred<typeof input>();
    App.InspectAudio.mockReturnValue(read.promise);
    const choosing = store.choose();
    await vi.waitFor(() => expect(App.InspectAudio).toHaveBeenCalledWith('/music/hum idea.wav'));
    expect(store.busy).toBe(true);
    await store.choose(); // a second click while busy does nothing
    expect(App.ChooseAudioFile).toHaveBeenCalledTimes(1);
    read.resolve(input);
    await choosing;
    expect(store).toMatchObject({ path: '/music/hum idea.wav', info: input, error: '', busy: false, strengthPercent: 70 });
  });

  test('a cancelled dialog keeps the current choice', async () => {
    const store = new AudioInputStore();
    store.path = '/music/take.wav';
    App.ChooseAudioFile.mockResolvedValue('');
    await store.choose();
    expect(App.InspectAudio).not.toHaveBeenCalled();
    expect(store.path).toBe('/music/take.wav');
  });

  test('an unusable file replaces the choice with the reason, without a toast', async () => {
    const store = new AudioInputStore();
    store.path = '/music/take.wav';
    store.info = makeAudioInput();
    App.ChooseAudioFile.mockResolvedValue('/music/blip.wav');
    App.InspectAudio.mockRejectedValue(goError('bad_input', 'cannot use the audio input: blip.wav is 1.0 s long'));
    await store.choose();
    expect(store).toMatchObject({ path: '', info: null, error: 'cannot use the audio input: blip.wav is 1.0 s long' });
    expect(toasts.items).toHaveLength(0);
  });

  test('a dialog that fails to open becomes a toast', async () => {
    const store = new AudioInputStore();
    App.ChooseAudioFile.mockRejectedValue(goError('internal', 'cannot open the file dialog: no display'));
    await store.choose();
    expect(toasts.items.map((t) => t.message)).toEqual([expect.stringContaining('cannot open the file dialog: no display')]);
    expect(store.busy).toBe(false);
  });

  test('remove goes back to text to audio and keeps the strength', () => {
    const store = new AudioInputStore();
    Object.assign(store, { path: '/a.wav', info: makeAudioInput(), error: 'x', strengthPercent: 40, uploaded: makeUpload() });
    store.remove();
    expect(store).toMatchObject({ path: '', info: null, error: '', strengthPercent: 40, uploaded: null });
  });

  test('an upload answered after another file was chosen is not shown for the new one', async () => {
    const store = new AudioInputStore();
    Object.assign(store, { path: '/first.wav', info: makeAudioInput() });
    const sent = deferred<ReturnType<typeof makeUpload>>();
    App.UploadInput.mockReturnValue(sent.promise);
    const uploading = store.upload();
    await store.upload(); // a second click while uploading does nothing
    expect(App.UploadInput).toHaveBeenCalledTimes(1);
    Object.assign(store, { path: '/second.wav', info: makeAudioInput({ name: 'second.wav' }) });
    sent.resolve(makeUpload());
    await uploading;
    expect(store).toMatchObject({ path: '/second.wav', uploaded: null, uploading: false, error: '' });
  });
});
