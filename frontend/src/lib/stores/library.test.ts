import { beforeEach, describe, expect, test, vi } from 'vitest';
import { App, deferred, emit, goError, makeTrack, resetWails, subscribedEvents } from '../../test/wails';
import { LibraryStore } from './library.svelte';
import { toasts } from './toasts.svelte';
import type { Track } from '../types';

vi.mock('../../../wailsjs/go/app/App', async () => (await import('../../test/wails')).App);
vi.mock('../../../wailsjs/runtime/runtime', async () => (await import('../../test/wails')).runtime);

beforeEach(() => {
  resetWails();
  toasts.clear();
});

describe('library store', () => {
  test('loads the tracks as Go lists them, newest first', async () => {
    const tracks = [makeTrack({ id: 'b' }), makeTrack({ id: 'a' })];
    App.ListTracks.mockResolvedValue(tracks);
    const lib = new LibraryStore();
    expect(lib.loaded).toBe(false);
    await lib.refresh();
    expect(lib.loaded).toBe(true);
    expect(lib.tracks.map((t) => t.id)).toEqual(['b', 'a']);
  });

  test('an empty library from Go (null) is an empty list', async () => {
    App.ListTracks.mockResolvedValue(null);
    const lib = new LibraryStore();
    await lib.refresh();
    expect(lib.tracks).toEqual([]);
    expect(toasts.items).toEqual([]);
  });

  test('a track without peaks gets an empty waveform', async () => {
    App.ListTracks.mockResolvedValue([{ ...makeTrack(), peaks: null as unknown as number[] }]);
    const lib = new LibraryStore();
    await lib.refresh();
    expect(lib.tracks[0].peaks).toEqual([]);
  });

  test('a failed load keeps the list and says why', async () => {
    const lib = new LibraryStore();
    App.ListTracks.mockResolvedValue([makeTrack()]);
    await lib.refresh();
    App.ListTracks.mockRejectedValue(goError('internal', 'database is locked'));
    await lib.refresh();
    expect(lib.tracks).toHaveLength(1);
    expect(toasts.items[0].message).toContain('Could not load the library: database is locked');
  });

  test('library:changed reloads, and a burst of events costs one extra load', async () => {
    const lib = new LibraryStore();
    const stop = lib.listen();
    const first = deferred<Track[]>();
    App.ListTracks.mockReturnValueOnce(first.promise).mockResolvedValue([makeTrack({ id: 'x' })]);
    emit('library:changed');
    emit('library:changed');
    emit('library:changed');
    first.resolve([]);
    await lib.refresh();
    await vi.waitFor(() => expect(lib.tracks.map((t) => t.id)).toEqual(['x']));
    expect(App.ListTracks).toHaveBeenCalledTimes(2);
    stop();
    expect(subscribedEvents()).toEqual([]);
  });

  test('a new track shows at the top at once', () => {
    const lib = new LibraryStore();
    lib.tracks = [makeTrack({ id: 'old' })];
    lib.add(makeTrack({ id: 'new' }));
    lib.add(makeTrack({ id: 'new' }));
    expect(lib.tracks.map((t) => t.id)).toEqual(['new', 'old']);
  });

  test('the star flips at once and flips back when Go refuses', async () => {
    const lib = new LibraryStore();
    lib.tracks = [makeTrack({ id: 't1', favourite: false })];
    const answer = deferred<void>();
    App.SetFavourite.mockReturnValue(answer.promise);
    const done = lib.setFavourite('t1', true);
    expect(lib.tracks[0].favourite).toBe(true);
    answer.reject(goError('internal', 'read-only database'));
    await done;
    expect(App.SetFavourite).toHaveBeenCalledWith('t1', true);
    expect(lib.tracks[0].favourite).toBe(false);
    expect(toasts.items[0].kind).toBe('error');
  });
});
