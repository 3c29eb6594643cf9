// The generated tracks, newest first, kept in step with Go's library:changed event.

import * as api from '../api';
import type { Track } from '../types';

export class LibraryStore {
  tracks = $state<Track[]>([]);
  /** True after the first load answered (or failed), so the empty state is not a flash. */
  loaded = $state(false);

  #inflight: Promise<void> | null = null;
  #again = false;

  /**
   * Reloads the list. Calls that arrive while a load runs are folded into one more load after
   * it, so a burst of library:changed events costs two ListTracks calls, not one per event.
   */
  refresh(): Promise<void> {
    if (this.#inflight) {
      this.#again = true;
      return this.#inflight;
    }
    this.#inflight = (async () => {
      try {
        do {
          this.#again = false;
          const tracks = await api.listTracks();
          if (tracks) this.tracks = tracks;
        } while (this.#again);
      } finally {
        this.loaded = true;
        this.#inflight = null;
      }
    })();
    return this.#inflight;
  }

  /** Shows a just-generated track at once, before the reload confirms it. */
  add(track: Track): void {
    if (!this.tracks.some((t) => t.id === track.id)) this.tracks.unshift(track);
  }

  /** Flips the star at once and puts it back if Go refuses. */
  async setFavourite(id: string, favourite: boolean): Promise<void> {
    const track = this.tracks.find((t) => t.id === id);
    if (!track) return;
    const before = track.favourite;
    track.favourite = favourite;
    if (!(await api.setFavourite(id, favourite))) {
      const again = this.tracks.find((t) => t.id === id);
      if (again) again.favourite = before;
    }
  }

  /** Follows library:changed; call the result to stop. */
  listen(): api.Unsubscribe {
    return api.onLibraryChanged(() => void this.refresh());
  }
}

export const library = new LibraryStore();
