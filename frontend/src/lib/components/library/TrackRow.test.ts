// @vitest-environment happy-dom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { makeTrack, resetWails } from '../../../test/wails';
import TrackRow from './TrackRow.svelte';

vi.mock('../../../../wailsjs/go/app/App', async () => (await import('../../../test/wails')).App);
vi.mock('../../../../wailsjs/runtime/runtime', async () => (await import('../../../test/wails')).runtime);

let component: ReturnType<typeof mount> | null = null;
const badge = () => document.querySelector('[data-testid="track-license"]') as HTMLElement | null;

beforeEach(() => resetWails());
afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

function render(track = makeTrack()) {
  component = mount(TrackRow, { target: document.body, props: { track } });
  flushSync();
}

test('a local render shows no license', () => {
  render();
  expect(badge()).toBeNull();
});

test('a cloud track shows its verified license, in plain words on hover', () => {
  const words = 'Creator license: commercial use in your own projects and releases.';
  render(makeTrack({ license: { verified: true, license: 'creator', commercial: true, words, problem: '' } }));
  expect(badge()!.textContent).toBe('creator license ✓');
  expect(badge()!.title).toBe(words);
});

test('a certificate that does not verify says so, and why', () => {
  const problem = 'the audio is not the audio the certificate names (its SHA-256 differs)';
  render(makeTrack({ license: { verified: false, license: 'creator', commercial: true, words: 'Creator license.', problem } }));
  expect(badge()!.textContent).toBe('license not verified');
  expect(badge()!.title).toContain(problem);
});
