// @vitest-environment happy-dom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  App,
  deferred,
  emit,
  goError,
  makeAccount,
  makeAudioInput,
  makeStatus,
  makeTrack,
  makeUpload,
  resetWails,
} from '../../../test/wails';
import { DEFAULT_STRENGTH_PERCENT } from '../../consts';
import { account } from '../../stores/account.svelte';
import { audioInput } from '../../stores/audioInput.svelte';
import { status } from '../../stores/status.svelte';
import { toasts } from '../../stores/toasts.svelte';
import type { Track } from '../../types';
import GeneratePanel from './GeneratePanel.svelte';

vi.mock('../../../../wailsjs/go/app/App', async () => (await import('../../../test/wails')).App);
vi.mock('../../../../wailsjs/runtime/runtime', async () => (await import('../../../test/wails')).runtime);

let component: ReturnType<typeof mount> | null = null;

async function render(over: Parameters<typeof makeStatus>[0] = {}, ongenerated = vi.fn()) {
  App.Status.mockResolvedValue(makeStatus(over));
  await status.load();
  component = mount(GeneratePanel, { target: document.body, props: { ongenerated } });
  flushSync();
  return { ongenerated };
}

const $ = <T extends Element = HTMLElement>(sel: string) => document.querySelector(sel) as T | null;
const button = (id: string) => $<HTMLButtonElement>(`#${id}`);

function type(sel: string, value: string) {
  const el = $<HTMLInputElement | HTMLTextAreaElement>(sel)!;
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

function choose(sel: string, value: string) {
  const el = $<HTMLSelectElement>(sel)!;
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
}

/** The composer 2.0 follows audio; 1.1 does not. */
const AUDIO_MODELS = {
  models: [
    { version: '2.0', name: 'Built-in composer', maxSeconds: 190, audioToAudio: true },
    { version: '1.1', name: 'Built-in composer', maxSeconds: 90, audioToAudio: false },
  ],
};

/** Picks a recording through the (fake) dialog and waits until the panel shows it. */
async function pickAudio(path = '/music/hum idea.wav', input = makeAudioInput()) {
  App.ChooseAudioFile.mockResolvedValue(path);
  App.InspectAudio.mockResolvedValue(input);
  button('choose-audio')!.click();
  await vi.waitFor(() => expect($('[data-testid="input-name"]')).not.toBeNull());
  flushSync();
}

function press(sel: string, key: string, shiftKey = false) {
  const event = new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, cancelable: true });
  $(sel)!.dispatchEvent(event);
  flushSync();
  return event;
}

beforeEach(() => {
  resetWails();
  toasts.clear();
  audioInput.remove();
  audioInput.strengthPercent = DEFAULT_STRENGTH_PERCENT;
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

describe('GeneratePanel', () => {
  test('the prompt has focus and Generate waits for a prompt', async () => {
    await render();
    expect(document.activeElement?.id).toBe('prompt');
    expect($<HTMLInputElement>('#seconds')!.value).toBe('8');
    expect(button('generate')!.disabled).toBe(true);
    type('#prompt', 'deep house groove');
    expect(button('generate')!.disabled).toBe(false);
  });

  test('a duration over the model maximum is a field error and blocks Generate', async () => {
    await render({ models: [{ version: '1.0', name: 'Small', maxSeconds: 11, audioToAudio: false }] });
    type('#prompt', 'pads');
    expect($<HTMLInputElement>('#seconds')!.max).toBe('11');
    type('#seconds', '30');
    expect($('[data-testid="seconds-error"]')?.textContent).toBe('This model makes at most 11 seconds.');
    expect($('#seconds')!.getAttribute('aria-invalid')).toBe('true');
    expect(button('generate')!.disabled).toBe(true);
    type('#seconds', '10');
    expect($('[data-testid="seconds-error"]')).toBeNull();
    expect(button('generate')!.disabled).toBe(false);
  });

  test('a bad seed is a field error', async () => {
    await render();
    type('#prompt', 'pads');
    type('#seed', '12x');
    expect($('[data-testid="seed-error"]')?.textContent).toMatch(/whole number/);
    expect(button('generate')!.disabled).toBe(true);
  });

  test('Generate is disabled while local generation is unavailable', async () => {
    await render({ localAvailable: false, runtimeVersion: '', localError: 'ONNX Runtime not found' });
    type('#prompt', 'pads');
    expect(button('generate')!.disabled).toBe(true);
  });

  test('the model select appears only with more than one model', async () => {
    await render();
    expect($('#model')).toBeNull();
    if (component) unmount(component);
    document.body.innerHTML = '';
    await render({
      models: [
        { version: '1.0', name: 'Built-in', maxSeconds: 47, audioToAudio: false },
        { version: '2.0', name: 'Long', maxSeconds: 120, audioToAudio: true },
      ],
    });
    const select = $<HTMLSelectElement>('#model')!;
    expect(select.options).toHaveLength(2);
    select.value = '2.0';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect($<HTMLInputElement>('#seconds')!.max).toBe('120');
  });

  test('Shift+Enter is a new line; Enter generates, shows progress, and Cancel cancels', async () => {
    const { ongenerated } = await render();
    const pending = deferred<Track>();
    App.Generate.mockReturnValue(pending.promise);
    type('#prompt', 'vinyl crackle piano');

    const shifted = press('#prompt', 'Enter', true);
    expect(shifted.defaultPrevented).toBe(false);
    expect(App.Generate).not.toHaveBeenCalled();

    const enter = press('#prompt', 'Enter');
    expect(enter.defaultPrevented).toBe(true);
    expect(App.Generate).toHaveBeenCalledTimes(1);
    const input = App.Generate.mock.calls[0][0];
    expect(input).toMatchObject({ prompt: 'vinyl crackle piano', seconds: 8, seed: undefined, model: '1.0' });

    flushSync();
    expect(button('generate')!.disabled).toBe(true);
    expect(button('cancel')).not.toBeNull();
    emit(`generate:progress:${input.jobId}`, { done: 3, total: 4, stage: 'rendering' });
    flushSync();
    expect($('[data-testid="percent"]')?.textContent).toBe('75%');
    expect($('[role="progressbar"]')!.getAttribute('aria-valuenow')).toBe('75');

    button('cancel')!.click();
    await vi.waitFor(() => expect(App.CancelGenerate).toHaveBeenCalledWith(input.jobId));
    pending.reject(JSON.stringify({ code: 'cancelled', message: 'context canceled' }));
    await vi.waitFor(() => expect(button('cancel')).toBeNull());
    expect($('[data-testid="progress"]')).toBeNull();
    expect(ongenerated).not.toHaveBeenCalled();
    expect(toasts.items.some((t) => t.kind === 'error')).toBe(false);
  });

  test('a finished generation hands the track over', async () => {
    const { ongenerated } = await render();
    const track = makeTrack({ id: 'fresh' });
    App.Generate.mockResolvedValue(track);
    type('#prompt', 'ambient drone');
    type('#seed', '77');
    button('generate')!.click();
    await vi.waitFor(() => expect(ongenerated).toHaveBeenCalledWith(track));
    expect(App.Generate.mock.calls[0][0].seed).toBe(77);
  });

  test('the negative prompt is sent with the request, trimmed', async () => {
    await render();
    App.Generate.mockResolvedValue(makeTrack());
    type('#prompt', 'lo-fi hip hop');
    type('#negative', '  vocals, vinyl crackle ');
    button('generate')!.click();
    await vi.waitFor(() => expect(App.Generate).toHaveBeenCalledTimes(1));
    expect(App.Generate.mock.calls[0][0]).toMatchObject({ negative: 'vocals, vinyl crackle', inputPath: '', strength: 0.7 });
  });

  test('a chosen recording shows its length, the kept part and the crop line, and is sent', async () => {
    await render(AUDIO_MODELS);
    expect($<HTMLFieldSetElement>('fieldset.audio-input')!.disabled).toBe(false);
    await pickAudio('/music/hum idea.wav', makeAudioInput({ seconds: 72, cropSeconds: 30 }));
    expect(App.InspectAudio).toHaveBeenCalledWith('/music/hum idea.wav');
    expect($('[data-testid="input-name"]')!.textContent).toBe('hum idea.wav');
    expect($('[data-testid="input-length"]')!.textContent).toBe('1:12');
    expect($('[data-testid="crop-note"]')!.textContent).toBe('Free plan: the first 0:30 of 1:12 is used');
    expect($('[data-testid="input-waveform"]')!.getAttribute('aria-label')).toBe(
      'Waveform of hum idea.wav; the first 0:30 is highlighted',
    );
    expect($('[data-testid="crop-marker"]')).not.toBeNull();

    App.Generate.mockResolvedValue(makeTrack());
    type('#prompt', 'deep house');
    button('generate')!.click();
    await vi.waitFor(() => expect(App.Generate).toHaveBeenCalledTimes(1));
    expect(App.Generate.mock.calls[0][0]).toMatchObject({ model: '2.0', inputPath: '/music/hum idea.wav', strength: 0.7 });
  });

  test('a recording within the plan has no crop line', async () => {
    await render(AUDIO_MODELS);
    await pickAudio('/music/short.wav', makeAudioInput({ name: 'short.wav', seconds: 12, cropped: false }));
    expect($('[data-testid="crop-note"]')).toBeNull();
    expect($('[data-testid="crop-marker"]')).toBeNull();
  });

  test('the slider sets the strength, and Remove goes back to text to audio', async () => {
    await render(AUDIO_MODELS);
    await pickAudio();
    const slider = $<HTMLInputElement>('#strength')!;
    expect(slider.value).toBe('70');
    expect(slider.getAttribute('aria-valuetext')).toBe('70% of the recording kept');
    expect($('label[for="strength"]')!.textContent).toContain('Strength');
    type('#strength', '35');
    expect($('[data-testid="strength-value"]')!.textContent).toBe('35%');

    App.Generate.mockResolvedValue(makeTrack());
    type('#prompt', 'ambient');
    button('generate')!.click();
    await vi.waitFor(() => expect(App.Generate).toHaveBeenCalledTimes(1));
    expect(App.Generate.mock.calls[0][0]).toMatchObject({ inputPath: '/music/hum idea.wav', strength: 0.35 });

    expect(button('remove-audio')!.getAttribute('aria-label')).toBe('Remove hum idea.wav');
    button('remove-audio')!.click();
    flushSync();
    expect($('[data-testid="input-name"]')).toBeNull();
    expect($('#strength')).toBeNull();
    await vi.waitFor(() => expect(button('generate')!.disabled).toBe(false));
    button('generate')!.click();
    await vi.waitFor(() => expect(App.Generate).toHaveBeenCalledTimes(2));
    expect(App.Generate.mock.calls[1][0].inputPath).toBe('');
  });

  test('a model that cannot follow audio disables the block, names one that can, and sends no input', async () => {
    await render(AUDIO_MODELS);
    await pickAudio();
    choose('#model', '1.1');
    const block = $<HTMLFieldSetElement>('fieldset.audio-input')!;
    expect(block.disabled).toBe(true);
    expect(block.getAttribute('aria-describedby')).toBe('audio-input-note');
    expect($('[data-testid="audio-input-note"]')!.textContent).toBe(
      'Model 1.1 cannot follow audio. Choose model 2.0 to use a recording.',
    );

    App.Generate.mockResolvedValue(makeTrack());
    type('#prompt', 'techno');
    button('generate')!.click();
    await vi.waitFor(() => expect(App.Generate).toHaveBeenCalledTimes(1));
    expect(App.Generate.mock.calls[0][0]).toMatchObject({ model: '1.1', inputPath: '' });

    choose('#model', '2.0');
    expect(block.disabled).toBe(false);
    expect($('[data-testid="input-name"]')!.textContent).toBe('hum idea.wav'); // still chosen
  });

  test('a file that cannot be used says why beside the input, not in a toast', async () => {
    await render(AUDIO_MODELS);
    App.ChooseAudioFile.mockResolvedValue('/notes.txt');
    App.InspectAudio.mockRejectedValue(goError('bad_input', 'cannot use the audio input: notes.txt: not an audio file'));
    button('choose-audio')!.click();
    await vi.waitFor(() => expect($('[data-testid="input-error"]')).not.toBeNull());
    expect($('[data-testid="input-error"]')!.textContent).toBe('cannot use the audio input: notes.txt: not an audio file');
    expect($('[data-testid="input-error"]')!.getAttribute('role')).toBe('alert');
    expect($('[data-testid="input-name"]')).toBeNull();
    expect(toasts.items).toHaveLength(0);
  });

  test('Upload says what it sends, sends the chosen file and shows what the server said', async () => {
    await render(AUDIO_MODELS);
    await pickAudio();
    const note = $('#upload-note')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(note).toBe("Upload sends the first 0:30 to your account, counted against this month's upload time.");
    const sent = deferred<ReturnType<typeof makeUpload>>();
    App.UploadInput.mockReturnValue(sent.promise);
    button('upload-audio')!.click();
    flushSync();
    expect(App.UploadInput).toHaveBeenCalledWith('/music/hum idea.wav');
    expect(button('upload-audio')!.disabled).toBe(true);
    expect(button('upload-audio')!.textContent!.trim()).toBe('Uploading…');
    sent.resolve(makeUpload());
    await vi.waitFor(() => expect($('[data-testid="upload-result"]')).not.toBeNull());
    const result = $('[data-testid="upload-result"]')!;
    expect(result.textContent!.trim()).toBe("Uploaded 0:30 (0:30 counted against this month's upload time).");
    expect(result.getAttribute('role')).toBe('status');
    expect(App.Account).toHaveBeenCalled(); // the header's upload time is read again
  });

  test('an upload that matches a protected recording is shown as an alert', async () => {
    await render(AUDIO_MODELS);
    await pickAudio();
    const message =
      'This recording matches “Someone Else’s Hit” in our catalog of protected recordings, so it was deleted and cannot be used.';
    App.UploadInput.mockResolvedValue(makeUpload({ matched: true, matchedTitle: 'Someone Else’s Hit', message }));
    button('upload-audio')!.click();
    await vi.waitFor(() => expect($('[data-testid="upload-result"]')).not.toBeNull());
    expect($('[data-testid="upload-result"]')!.textContent!.trim()).toBe(message);
    expect($('[data-testid="upload-result"]')!.getAttribute('role')).toBe('alert');
  });

  test('an upload refused for lack of upload time says so beside the input', async () => {
    await render(AUDIO_MODELS);
    await pickAudio('/music/take.wav', makeAudioInput({ name: 'take.wav', seconds: 20, cropped: false }));
    expect($('#upload-note')!.textContent!.replace(/\s+/g, ' ').trim()).toContain('sends the whole recording');
    App.UploadInput.mockRejectedValue(
      goError('insufficient_upload_seconds', 'insufficient upload seconds: 9 s left, this upload needs 20 s'),
    );
    button('upload-audio')!.click();
    await vi.waitFor(() => expect($('[data-testid="input-error"]')).not.toBeNull());
    expect($('[data-testid="input-error"]')!.textContent).toContain('9 s left, this upload needs 20 s');
    expect($('[data-testid="upload-result"]')).toBeNull();
    expect($('[data-testid="input-name"]')!.textContent).toBe('take.wav'); // still chosen
    expect(toasts.items).toHaveLength(0);
  });
});

describe('where a track is made', () => {
  async function renderWithAccount(over: Parameters<typeof makeAccount>[0] = {}) {
    App.Account.mockResolvedValue(makeAccount(over));
    await account.load();
    return render(AUDIO_MODELS);
  }

  function pickWhere(value: 'local' | 'cloud') {
    const radio = $<HTMLInputElement>(`input[name="where"][value="${value}"]`)!;
    radio.checked = true;
    radio.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
  }

  test('the cloud shows the model price and credits left, and generates there', async () => {
    const { ongenerated } = await renderWithAccount({ credits: 20 });
    expect($('[data-testid="where"]')!.textContent!.replace(/\s+/g, ' ')).toContain('Cloud · 2 credits (20 left) · with a license');
    choose('#model', '1.1');
    expect($('[data-testid="where"]')!.textContent!.replace(/\s+/g, ' ')).toContain('Cloud · 1 credit (20 left)');
    choose('#model', '2.0');
    pickWhere('cloud');
    type('#prompt', 'deep house, 122 BPM');
    const track = makeTrack({ license: { verified: true, license: 'personal', commercial: false, words: 'Personal license', problem: '' } });
    App.Generate.mockResolvedValue(track);
    button('generate')!.click();
    await vi.waitFor(() => expect(ongenerated).toHaveBeenCalled());
    expect(App.Generate.mock.calls[0][0]).toMatchObject({ prompt: 'deep house, 122 BPM', model: '2.0', cloud: true });
    await vi.waitFor(() => expect(App.Account).toHaveBeenCalledTimes(2)); // credits read again
  });

  test('not enough credits, or a recording chosen, keeps the cloud from generating and says why', async () => {
    await renderWithAccount({ credits: 1 });
    pickWhere('cloud');
    type('#prompt', 'deep house, 122 BPM');
    expect($('[data-testid="cloud-problem"]')!.textContent).toBe(
      'Not enough credits: model 2.0 costs 2, 1 left until your plan renews.',
    );
    expect(button('generate')!.disabled).toBe(true);
    pickWhere('local');
    expect($('[data-testid="cloud-problem"]')).toBeNull();
    expect(button('generate')!.disabled).toBe(false);
  });

  test('an account without cloud generation leaves only this computer', async () => {
    await renderWithAccount({ cloud: false, cloudPrices: {} });
    expect($<HTMLInputElement>('input[name="where"][value="cloud"]')!.disabled).toBe(true);
    expect($('[data-testid="where"]')!.textContent).toContain('Cloud · unavailable');
  });
});
