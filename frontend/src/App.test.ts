// @vitest-environment happy-dom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { App as Go, emit, makeAudioInput, makeStatus, makeTake, makeTrack, resetWails } from './test/wails';
import { audioInput } from './lib/stores/audioInput.svelte';
import { recorder } from './lib/stores/recorder.svelte';
import { library } from './lib/stores/library.svelte';
import { player } from './lib/stores/player.svelte';
import { status } from './lib/stores/status.svelte';
import { toasts } from './lib/stores/toasts.svelte';
import App from './App.svelte';

vi.mock('../wailsjs/go/app/App', async () => (await import('./test/wails')).App);
vi.mock('../wailsjs/runtime/runtime', async () => (await import('./test/wails')).runtime);

let component: ReturnType<typeof mount> | null = null;

async function render() {
  component = mount(App, { target: document.body });
  await vi.waitFor(() => expect(library.loaded && status.loaded).toBe(true));
  flushSync();
}

const text = (sel: string) => document.querySelector(sel)?.textContent?.replace(/\s+/g, ' ').trim();
const rows = () => [...document.querySelectorAll('[data-testid="track-row"]')];

beforeEach(() => {
  resetWails();
  toasts.clear();
  status.current = null;
  status.loaded = false;
  library.tracks = [];
  library.loaded = false;
  player.apply({ trackId: '', playing: false, positionSec: 0, durationSec: 0 });
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

describe('App', () => {
  test('shows the runtime version and an empty library', async () => {
    await render();
    expect(text('[data-testid="status-line"]')).toContain('ONNX Runtime 1.24.3');
    expect(document.querySelector('[data-testid="unavailable-banner"]')).toBeNull();
    expect(text('[data-testid="library-empty"]')).toContain('No tracks yet.');
  });

  test('explains why local generation is unavailable while the library still works', async () => {
    Go.Status.mockResolvedValue(
      makeStatus({ localAvailable: false, runtimeVersion: '', localError: 'libonnxruntime.so.1 not found: run make onnxruntime' }),
    );
    Go.ListTracks.mockResolvedValue([makeTrack()]);
    await render();
    expect(text('[data-testid="unavailable-banner"]')).toContain(
      'Local generation unavailable: libonnxruntime.so.1 not found: run make onnxruntime',
    );
    expect(rows()).toHaveLength(1);
  });

  test('lists tracks newest first with their details, and follows library:changed', async () => {
    Go.ListTracks.mockResolvedValue([
      makeTrack({ id: 'b', prompt: 'second', seconds: 12, seed: 7, favourite: true }),
      makeTrack({ id: 'a', prompt: 'first' }),
    ]);
    await render();
    expect(rows().map((r) => r.getAttribute('data-track-id'))).toEqual(['b', 'a']);
    const first = text('[data-track-id="b"]')!;
    expect(first).toContain('second');
    expect(first).toContain('0:12');
    expect(first).toContain('model 1.0');
    expect(first).toContain('seed 7');
    expect(first).toContain('2026');
    expect(document.querySelector('[data-track-id="b"] [data-testid="favourite"]')!.getAttribute('aria-pressed')).toBe('true');
    expect(document.querySelector('[data-track-id="b"] [data-testid="waveform"] path')!.getAttribute('d')).toMatch(/^M0 /);

    Go.ListTracks.mockResolvedValue([makeTrack({ id: 'c', prompt: 'third' }), makeTrack({ id: 'b' }), makeTrack({ id: 'a' })]);
    emit('library:changed');
    await vi.waitFor(() => expect(rows()).toHaveLength(3));
  });

  test('a row says what a track left out and which recording it followed', async () => {
    Go.ListTracks.mockResolvedValue([
      makeTrack({ id: 'a2a', negative: 'vocals', inputName: 'hum idea.wav', strength: 0.7 }),
      makeTrack({ id: 'plain' }),
    ]);
    await render();
    const input = document.querySelector('[data-track-id="a2a"] [data-testid="track-input"]')!;
    expect(input.textContent?.trim()).toBe('from hum idea.wav · 70%');
    expect(input.getAttribute('title')).toBe('Followed hum idea.wav at 70% strength');
    expect(text('[data-track-id="a2a"] [data-testid="track-negative"]')).toBe('without vocals');
    expect(document.querySelector('[data-track-id="plain"] .recipe')).toBeNull();
  });

  test('the playing row shows its position and a pause button', async () => {
    Go.ListTracks.mockResolvedValue([makeTrack({ id: 'a', seconds: 8 }), makeTrack({ id: 'b' })]);
    await render();
    emit('player:state', { trackId: 'a', playing: true, positionSec: 3.4, durationSec: 8 });
    flushSync();
    expect(text('[data-track-id="a"] [data-testid="position"]')).toBe('0:03 / 0:08');
    expect(document.querySelector('[data-track-id="a"] [data-testid="play-toggle"]')!.getAttribute('aria-label')).toBe('Pause');
    expect(document.querySelector('[data-track-id="b"] [data-testid="position"]')).toBeNull();
  });

  test('the star toggles the favourite', async () => {
    Go.ListTracks.mockResolvedValue([makeTrack({ id: 'a', favourite: false })]);
    await render();
    (document.querySelector('[data-testid="favourite"]') as HTMLButtonElement).click();
    flushSync();
    expect(Go.SetFavourite).toHaveBeenCalledWith('a', true);
    expect(document.querySelector('[data-testid="favourite"]')!.getAttribute('aria-pressed')).toBe('true');
  });

  test('unsubscribes from Go events when it goes away', async () => {
    await render();
    const { subscribedEvents } = await import('./test/wails');
    expect(subscribedEvents().sort()).toEqual(['library:changed', 'player:state', 'recorder:ended', 'recorder:level']);
    unmount(component!);
    component = null;
    expect(subscribedEvents()).toEqual([]);
  });

  test('Ctrl+2 opens the Record view, and a take used as input comes back to Generate with it', async () => {
    await render();
    expect(document.querySelector('#view-generate')).not.toBeNull();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '2', ctrlKey: true, bubbles: true }));
    flushSync();
    expect(document.querySelector('#view-record')).not.toBeNull();
    expect(document.querySelector('#tab-record')!.getAttribute('aria-selected')).toBe('true');
    recorder.ended(makeTake());
    flushSync();
    Go.InspectAudio.mockResolvedValue(makeAudioInput({ name: 'take-1.wav', seconds: 12, cropped: false }));
    (document.querySelector('#use-take') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(document.querySelector('#view-generate')).not.toBeNull());
    expect(Go.InspectAudio).toHaveBeenCalledWith('/data/takes/take-1.wav');
    expect(audioInput.path).toBe('/data/takes/take-1.wav');
    audioInput.remove();
    recorder.take = null;
  });
});
