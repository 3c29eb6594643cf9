// Stands in for the generated wailsjs/runtime/runtime in tests; see App.ts beside it.

function unmocked(name: string): never {
  throw new Error(`wailsjs runtime.${name} called in a test without vi.mock (see src/test/wails.ts)`);
}

export const EventsOn = (_name: string, _cb: (...data: unknown[]) => void): (() => void) => unmocked('EventsOn');
export const EventsOff = (_name: string, ..._more: string[]): void => unmocked('EventsOff');
