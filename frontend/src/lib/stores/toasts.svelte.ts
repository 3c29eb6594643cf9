// Short messages in the corner: errors from api.ts, confirmations from the stores.

import { TOAST_MS } from '../consts';

export type ToastKind = 'info' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

export class ToastStore {
  items = $state<Toast[]>([]);
  #nextId = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  /** Shows a message; the same message again restarts its timer instead of stacking. */
  push(kind: ToastKind, message: string, ms: number = TOAST_MS[kind]): number {
    const existing = this.items.find((t) => t.kind === kind && t.message === message);
    const id = existing?.id ?? this.#nextId++;
    if (!existing) this.items.push({ id, kind, message });
    clearTimeout(this.#timers.get(id));
    if (ms > 0) this.#timers.set(id, setTimeout(() => this.dismiss(id), ms));
    return id;
  }

  error(message: string): number {
    return this.push('error', message);
  }

  info(message: string): number {
    return this.push('info', message);
  }

  dismiss(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  clear(): void {
    for (const id of [...this.#timers.keys()]) this.dismiss(id);
    this.items = [];
  }
}

export const toasts = new ToastStore();
