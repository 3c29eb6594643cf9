// @vitest-environment happy-dom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  App,
  deferred,
  emit,
  goError,
  makeInput,
  makeRecording,
  makeTake,
  makeUpload,
  resetWails,
} from '../../../test/wails';
import { recorder } from '../../stores/recorder.svelte';
import { toasts } from '../../stores/toasts.svelte';
import RecordPanel from './RecordPanel.svelte';

vi.mock('../../../../wailsjs/go/app/App', async () => (await import('../../../test/wails')).App);
vi.mock('../../../../wailsjs/runtime/runtime', async () => (await import('../../../test/wails')).runtime);

let component: ReturnType<typeof mount> | null = null;
let stopListening: (() => void) | null = null;

const $ = <T extends Element = HTMLElement>(sel: string) => document.querySelector(sel) as T | null;
const text = (sel: string) => $(sel)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;

const HEADSET = makeInput({
  id: 'bluez_source.38_18_4C_12_34_56.handsfree_head_unit',
  name: 'WH-1000XM4',
  default: false,
  selected: false,
  rates: [16000],
  warnings: [{ code: 'bluetooth', message: '“WH-1000XM4” looks like a Bluetooth headset: its name says Bluetooth (“bluez”).' }],
});

async function render(onuse = vi.fn()) {
  stopListening = recorder.listen();
  component = mount(RecordPanel, { target: document.body, props: { onuse } });
  await vi.waitFor(() => expect(App.ListInputs).toHaveBeenCalled());
  await vi.waitFor(() => expect(document.querySelectorAll('#input-device option').length).toBeGreaterThan(0));
  flushSync();
  return { onuse };
}

beforeEach(() => {
  resetWails();
  toasts.clear();
  Object.assign(recorder, {
    inputs: [],
    status: null,
    level: null,
    take: null,
    error: '',
    clipped: false,
    uploaded: null,
    latency: null,
  });
});

afterEach(() => {
  stopListening?.();
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

describe('RecordPanel', () => {
  test('lists the inputs with the chosen one, and warns when a Bluetooth headset is chosen', async () => {
    App.ListInputs.mockResolvedValue([makeInput({ selected: false }), HEADSET]);
    await render();
    expect([...document.querySelectorAll('#input-device option')].map((o) => o.textContent)).toEqual([
      'RØDE NT-USB (system default)',
      'WH-1000XM4',
    ]);
    expect($('[data-testid="input-warning-bluetooth"]')).toBeNull();
    const select = $<HTMLSelectElement>('#input-device')!;
    select.value = HEADSET.id;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() => expect($('[data-testid="input-warning-bluetooth"]')).not.toBeNull());
    expect(App.SelectInput).toHaveBeenCalledWith(HEADSET.id);
    expect($('[data-testid="input-warning-bluetooth"]')!.getAttribute('role')).toBe('alert');
    expect(text('[data-testid="input-warning-bluetooth"]')).toContain('Bluetooth headset');
  });

  test('a take meters, times itself against the crop, and stops into a take to follow or upload', async () => {
    const { onuse } = await render();
    App.StartRecording.mockResolvedValue(makeRecording());
    expect(document.activeElement?.id).toBe('start-recording'); // Enter records at once
    $<HTMLButtonElement>('#start-recording')!.click();
    await vi.waitFor(() => expect($('#stop-recording')).not.toBeNull());
    expect($<HTMLSelectElement>('#input-device')!.disabled).toBe(true);
    expect(text('[data-testid="record-format"]')).toBe('RØDE NT-USB · 48000 Hz · mono · 30 ms buffer');

    emit('recorder:level', { peakDb: -12, rmsDb: -18, clipped: false, elapsedSec: 4.2 });
    flushSync();
    const quiet = $<HTMLElement>('[data-testid="meter-peak"]')!.style.width;
    emit('recorder:level', { peakDb: -1, rmsDb: -6, clipped: true, elapsedSec: 31.5 });
    flushSync();
    expect($<HTMLElement>('[data-testid="meter-peak"]')!.style.width).not.toBe(quiet);
    expect(text('[data-testid="meter-readout"]')).toBe('-1.0 dBFS');
    expect($('[data-testid="clip"]')!.getAttribute('aria-pressed')).toBe('true');
    expect(text('[data-testid="record-elapsed"]')).toBe('0:31');
    expect(text('[data-testid="record-crop"]')).toBe('past 0:30: your plan keeps the first 0:30');

    App.StopRecording.mockResolvedValue(makeTake({ seconds: 31.5, cropped: true }));
    $<HTMLButtonElement>('#stop-recording')!.click();
    await vi.waitFor(() => expect($('[data-testid="take"]')).not.toBeNull());
    expect($('[data-testid="crop-marker"]')).not.toBeNull();
    $<HTMLButtonElement>('#use-take')!.click();
    expect(onuse).toHaveBeenCalledWith('/data/takes/take-1.wav');

    const sent = deferred<ReturnType<typeof makeUpload>>();
    App.UploadInput.mockReturnValue(sent.promise);
    $<HTMLButtonElement>('#upload-take')!.click();
    flushSync();
    expect(App.UploadInput).toHaveBeenCalledWith('/data/takes/take-1.wav');
    sent.resolve(makeUpload());
    await vi.waitFor(() => expect($('[data-testid="take-upload-result"]')).not.toBeNull());
  });

  test('a take that ends by itself says why, and keeps what was recorded', async () => {
    await render();
    App.StartRecording.mockResolvedValue(makeRecording());
    $<HTMLButtonElement>('#start-recording')!.click();
    await vi.waitFor(() => expect($('#stop-recording')).not.toBeNull());
    const message = 'The input “RØDE NT-USB” went away during the take (unplugged, switched off or taken by another app). The 4.2 s recorded before that are kept.';
    emit('recorder:ended', makeTake({ seconds: 4.2, ended: 'device lost', message }));
    flushSync();
    expect($('#start-recording')).not.toBeNull();
    expect(text('[data-testid="take-message"]')).toBe(message);
    expect($('[data-testid="take-message"]')!.getAttribute('role')).toBe('alert');
  });

  test('an input that cannot start says why in the view, not in a toast', async () => {
    await render();
    App.StartRecording.mockRejectedValue(goError('internal', 'recorder: no audio input: opening the input: device busy'));
    $<HTMLButtonElement>('#start-recording')!.click();
    await vi.waitFor(() => expect($('[data-testid="record-error"]')).not.toBeNull());
    expect(text('[data-testid="record-error"]')).toContain('device busy');
    expect($('#start-recording')).not.toBeNull();
    expect(toasts.items).toHaveLength(0);
  });

  test('the latency test shows the round trip, and warns when it is long', async () => {
    await render();
    const result = deferred<{ roundTripMs: number; warning: { code: string; message: string } | null }>();
    App.MeasureLatency.mockReturnValue(result.promise);
    $<HTMLButtonElement>('#test-latency')!.click();
    flushSync();
    expect($<HTMLButtonElement>('#test-latency')!.disabled).toBe(true);
    expect($<HTMLButtonElement>('#test-latency')!.textContent!.trim()).toBe('Listening for clicks…');
    result.resolve({ roundTripMs: 212.4, warning: { code: 'latency', message: 'The measured round trip is 212 ms.' } });
    await vi.waitFor(() => expect($('[data-testid="round-trip"]')).not.toBeNull());
    expect(text('[data-testid="round-trip"]')).toBe('Round trip 212 ms');
    expect(text('[data-testid="input-warning-latency"]')).toBe('The measured round trip is 212 ms.');
  });

  test('a latency test that hears nothing says how to connect the output', async () => {
    await render();
    App.MeasureLatency.mockRejectedValue(
      goError('no_loopback', 'recorder: the clicks played were not heard in the input; connect the output to the input and try again'),
    );
    $<HTMLButtonElement>('#test-latency')!.click();
    await vi.waitFor(() => expect($('[data-testid="record-error"]')).not.toBeNull());
    expect(text('[data-testid="record-error"]')).toContain('connect the output to the input');
    expect($('[data-testid="round-trip"]')).toBeNull();
  });
});
