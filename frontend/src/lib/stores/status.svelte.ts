// What the app knows about itself: versions, whether local generation works, the models.

import * as api from '../api';
import { FALLBACK_MAX_SECONDS } from '../consts';
import type { AppStatus, ModelInfo } from '../types';

export class StatusStore {
  current = $state<AppStatus | null>(null);
  /** True once Status() answered or failed: until then nothing is known to be unavailable. */
  loaded = $state(false);

  localAvailable = $derived(this.current?.localAvailable ?? false);
  models = $derived<ModelInfo[]>(this.current?.models ?? []);
  /** The versions that can follow an input recording, e.g. ["2.0"]. */
  audioModels = $derived(this.models.filter((m) => m.audioToAudio).map((m) => m.version));
  /** Why local generation cannot run, or "" while it can (or before the status is known). */
  unavailableReason = $derived.by(() => {
    if (!this.loaded || this.localAvailable) return '';
    if (!this.current) return 'the app could not report its status. Restart the app.';
    return this.current.localError || 'ONNX Runtime did not load.';
  });

  async load(): Promise<void> {
    this.current = await api.getStatus();
    this.loaded = true;
  }

  /** The longest track a model makes; an unknown model falls back to the first one. */
  maxSecondsFor(version: string): number {
    const model = this.#model(version);
    return model && model.maxSeconds > 0 ? model.maxSeconds : FALLBACK_MAX_SECONDS;
  }

  /** Whether a model can follow an input recording; an unknown model falls back to the first one. */
  followsAudio(version: string): boolean {
    return this.#model(version)?.audioToAudio ?? false;
  }

  #model(version: string): ModelInfo | undefined {
    return this.models.find((m) => m.version === version) ?? this.models[0];
  }
}

export const status = new StatusStore();
