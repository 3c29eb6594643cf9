import { beforeEach, describe, expect, test, vi } from 'vitest';
import { App, emit, makeTrack, resetWails, subscribedEvents } from '../../test/wails';
import { PlayerStore } from './player.svelte';

vi.mock('../../../wailsjs/go/app/App', async () => (await import('../../test/wails')).App);
vi.mock('../../../wailsjs/runtime/runtime', async () => (await import('../../test/wails')).runtime);

const track = makeTrack({ id: 't1', seconds: 8 });
const state = (over = {}) => ({ trackId: 't1', playing: true, positionSec: 0, durationSec: 8, ...over });

beforeEach(() => resetWails());

describe('player store', () => {
  test('play, then pause, then resume where it stopped', async () => {
    const p = new PlayerStore();
    App.Play.mockResolvedValue(state());
    await p.toggle(track);
    expect(App.Play).toHaveBeenCalledWith('t1');
    expect(p.isPlaying('t1')).toBe(true);

    App.Pause.mockResolvedValue(state({ playing: false, positionSec: 3 }));
    await p.toggle(track);
    expect(App.Pause).toHaveBeenCalled();
    expect(p.isPlaying('t1')).toBe(false);

    App.Resume.mockResolvedValue(state({ positionSec: 3 }));
    await p.toggle(track);
    expect(App.Resume).toHaveBeenCalled();
    expect(p.isPlaying('t1')).toBe(true);
  });

  test('a finished track starts over', async () => {
    const p = new PlayerStore();
    p.apply(state({ playing: false, positionSec: 8 }));
    App.Play.mockResolvedValue(state());
    await p.toggle(track);
    expect(App.Play).toHaveBeenCalledWith('t1');
    expect(App.Resume).not.toHaveBeenCalled();
  });

  test('clicking the waveform of the playing track seeks there', async () => {
    const p = new PlayerStore();
    p.apply(state({ positionSec: 1 }));
    App.Seek.mockResolvedValue(state({ positionSec: 2 }));
    await p.seekTo(track, 0.25);
    expect(App.Seek).toHaveBeenCalledWith(2);
    expect(App.Play).not.toHaveBeenCalled();
    expect(p.state.positionSec).toBe(2);
  });

  test('clicking the waveform of another track starts it, then seeks', async () => {
    const p = new PlayerStore();
    p.apply(state({ trackId: 'other', durationSec: 30 }));
    App.Play.mockResolvedValue(state({ durationSec: 10 }));
    App.Seek.mockResolvedValue(state({ positionSec: 5, durationSec: 10 }));
    await p.seekTo(track, 0.5);
    expect(App.Play).toHaveBeenCalledWith('t1');
    expect(App.Seek).toHaveBeenCalledWith(5);
  });

  test('player:state events drive the position until unsubscribed', () => {
    const p = new PlayerStore();
    const stop = p.listen();
    emit('player:state', state({ positionSec: 4.2 }));
    expect(p.state.positionSec).toBe(4.2);
    stop();
    expect(subscribedEvents()).toEqual([]);
    emit('player:state', state({ positionSec: 6 }));
    expect(p.state.positionSec).toBe(4.2);
  });
});
