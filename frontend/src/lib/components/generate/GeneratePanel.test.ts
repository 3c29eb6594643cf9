// @vitest-environment happy-dom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { App, deferred, emit, makeStatus, makeTrack, resetWails } from '../../../test/wails';
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

function press(sel: string, key: string, shiftKey = false) {
  const event = new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, cancelable: true });
  $(sel)!.dispatchEvent(event);
  flushSync();
  return event;
}

beforeEach(() => {
  resetWails();
  toasts.clear();
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
    await render({ models: [{ version: '1.0', name: 'Small', maxSeconds: 11 }] });
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
        { version: '1.0', name: 'Built-in', maxSeconds: 47 },
        { version: '2.0', name: 'Long', maxSeconds: 120 },
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
});
