// Fakes of the generated Wails bindings (wailsjs/go/app/App and wailsjs/runtime/runtime),
// for tests that vi.mock those modules:
//
//   vi.mock('<relative path>/wailsjs/go/app/App', async () => (await import('<…>/test/wails')).App);
//   vi.mock('<relative path>/wailsjs/runtime/runtime', async () => (await import('<…>/test/wails')).runtime);
//
// `emit` plays the Go side sending an event; `listeners` shows who is still subscribed.

import { vi } from 'vitest';
import type {
  AccountInfo,
  AppStatus,
  AudioInput,
  BillingInfo,
  InputDevice,
  LatencyResult,
  PlayerState,
  RecordingStatus,
  RefundInfo,
  Take,
  Track,
  UpgradePreview,
  UploadResult,
} from '../lib/types';

type Handler = (...data: unknown[]) => void;
const handlers = new Map<string, Set<Handler>>();

export const runtime = {
  EventsOn: vi.fn((name: string, handler: Handler) => {
    const set = handlers.get(name) ?? new Set<Handler>();
    set.add(handler);
    handlers.set(name, set);
    return () => {
      set.delete(handler);
    };
  }),
  EventsOff: vi.fn((name: string, ...more: string[]) => {
    for (const n of [name, ...more]) handlers.delete(n);
  }),
};

export function emit(name: string, ...data: unknown[]): void {
  for (const handler of [...(handlers.get(name) ?? [])]) handler(...data);
}

/** How many handlers listen to `name`. */
export function listeners(name: string): number {
  return handlers.get(name)?.size ?? 0;
}

/** Every event name that still has a handler. */
export function subscribedEvents(): string[] {
  return [...handlers].filter(([, set]) => set.size > 0).map(([name]) => name);
}

export const IDLE_PLAYER: PlayerState = { trackId: '', playing: false, positionSec: 0, durationSec: 0 };

export const App = {
  Status: vi.fn<() => Promise<AppStatus>>(),
  Account: vi.fn<() => Promise<AccountInfo>>(),
  Generate: vi.fn<
    (input: {
      jobId: string;
      prompt: string;
      seconds: number;
      seed?: number;
      model: string;
      negative: string;
      inputPath: string;
      strength: number;
      cloud: boolean;
    }) => Promise<Track>
  >(),
  CancelGenerate: vi.fn<(jobId: string) => Promise<void>>(),
  ChooseAudioFile: vi.fn<() => Promise<string>>(),
  InspectAudio: vi.fn<(path: string) => Promise<AudioInput>>(),
  UploadInput: vi.fn<(path: string) => Promise<UploadResult>>(),
  ListInputs: vi.fn<() => Promise<InputDevice[] | null>>(),
  SelectInput: vi.fn<(id: string) => Promise<void>>(),
  StartRecording: vi.fn<() => Promise<RecordingStatus>>(),
  StopRecording: vi.fn<() => Promise<Take>>(),
  RecordingState: vi.fn<() => Promise<RecordingStatus | null>>(),
  MeasureLatency: vi.fn<() => Promise<LatencyResult>>(),
  ListTracks: vi.fn<() => Promise<Track[] | null>>(),
  SetFavourite: vi.fn<(id: string, fav: boolean) => Promise<void>>(),
  Play: vi.fn<(id: string) => Promise<PlayerState>>(),
  Pause: vi.fn<() => Promise<PlayerState>>(),
  Resume: vi.fn<() => Promise<PlayerState>>(),
  Stop: vi.fn<() => Promise<PlayerState>>(),
  Seek: vi.fn<(seconds: number) => Promise<PlayerState>>(),
  PlayerStatus: vi.fn<() => Promise<PlayerState>>(),
  Billing: vi.fn<() => Promise<BillingInfo>>(),
  OpenCheckout: vi.fn<(tier: string) => Promise<void>>(),
  OpenPortal: vi.fn<() => Promise<void>>(),
  PreviewUpgrade: vi.fn<(tier: string) => Promise<UpgradePreview>>(),
  Upgrade: vi.fn<(tier: string, prorationDate: string) => Promise<BillingInfo>>(),
  Downgrade: vi.fn<(tier: string) => Promise<BillingInfo>>(),
  CancelSubscription: vi.fn<() => Promise<BillingInfo>>(),
  RequestRefund: vi.fn<(reason: string) => Promise<RefundInfo>>(),
};

/** Forgets every subscription and gives each binding a harmless default answer. */
export function resetWails(): void {
  handlers.clear();
  for (const fn of Object.values(App)) fn.mockReset();
  runtime.EventsOn.mockClear();
  runtime.EventsOff.mockClear();
  App.Status.mockResolvedValue(makeStatus());
  App.Account.mockResolvedValue(makeAccount());
  App.ListTracks.mockResolvedValue([]);
  App.SetFavourite.mockResolvedValue(undefined);
  App.CancelGenerate.mockResolvedValue(undefined);
  App.ListInputs.mockResolvedValue([makeInput()]);
  App.SelectInput.mockResolvedValue(undefined);
  App.RecordingState.mockResolvedValue(null);
  App.Billing.mockResolvedValue(makeBilling());
  for (const fn of [App.Pause, App.Resume, App.Stop, App.PlayerStatus]) fn.mockResolvedValue({ ...IDLE_PLAYER });
}

export function makeStatus(over: Partial<AppStatus> = {}): AppStatus {
  return {
    version: '0.1.0',
    runtimeVersion: '1.24.3',
    localAvailable: true,
    localError: '',
    models: [{ version: '1.0', name: 'Built-in', maxSeconds: 47, audioToAudio: false }],
    dataDir: '/home/me/.local/share/stableaudio',
    ...over,
  };
}

export function makeTrack(over: Partial<Track> = {}): Track {
  return {
    id: 't1',
    prompt: 'warm lo-fi piano, 80 BPM',
    model: '1.0',
    seed: 42,
    seconds: 8,
    createdAt: '2026-01-02T03:04:05Z',
    filePath: '/tmp/t1.wav',
    peaks: [0, 0.5, 1, 0.25],
    favourite: false,
    negative: '',
    inputName: '',
    strength: 0,
    license: null,
    ...over,
  };
}

/** A 45 s recording on the free plan: the first 30 s are used. */
export function makeAudioInput(over: Partial<AudioInput> = {}): AudioInput {
  return {
    name: 'hum idea.wav',
    seconds: 45,
    cropSeconds: 30,
    cropped: true,
    planName: 'Free',
    peaks: [0.2, 0.8, 0.5, 0.1],
    ...over,
  };
}

/** The 45 s recording of makeAudioInput uploaded on the free plan: 30 s kept and charged. */
export function makeUpload(over: Partial<UploadResult> = {}): UploadResult {
  return {
    id: 'upl_1',
    matched: false,
    matchedTitle: '',
    seconds: 30,
    chargedSeconds: 30,
    uploadSecondsLeft: 90,
    message: "Uploaded 0:30 (0:30 counted against this month's upload time).",
    ...over,
  };
}

/** A wired USB microphone, the system's default and the one chosen. */
export function makeInput(over: Partial<InputDevice> = {}): InputDevice {
  return {
    id: 'alsa_input.usb-RODE_NT-USB',
    name: 'RØDE NT-USB',
    default: true,
    selected: true,
    rates: [48000],
    channels: 1,
    warnings: [],
    ...over,
  };
}

/** A take running from makeInput on the free plan. */
export function makeRecording(over: Partial<RecordingStatus> = {}): RecordingStatus {
  return { device: 'RØDE NT-USB', sampleRate: 48000, channels: 1, latencyMs: 30, cropSeconds: 30, warnings: [], ...over };
}

/** A 12 s take, stopped. */
export function makeTake(over: Partial<Take> = {}): Take {
  return {
    path: '/data/takes/take-1.wav',
    name: 'take-1.wav',
    seconds: 12,
    cropSeconds: 30,
    cropped: false,
    peaks: [0.1, 0.6, 0.4],
    ended: 'stopped',
    message: '',
    ...over,
  };
}

/** A promise the test settles by hand, to hold Generate open while events arrive. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The rejection text Go's facade produces. */
export function goError(code: string, message: string, field?: string): string {
  return JSON.stringify(field ? { code, message, field } : { code, message });
}

export function makeAccount(over: Partial<AccountInfo> = {}): AccountInfo {
  return {
    email: 'local@stableaudio.invalid',
    local: true,
    tier: 'free',
    planName: 'Free',
    credits: 20,
    uploadSecondsLeft: 120,
    renewsAt: '2026-12-01T00:00:00Z',
    cloud: true,
    cloudPrices: { '1.0': 1, '1.1': 1, '2.0': 2 },
    ...over,
  };
}

export const OFFERS = [
  { tier: 'pro', name: 'Pro', monthlyPrice: 1199, currency: 'usd', monthlyCredits: 500, uploadSeconds: 1800 },
  { tier: 'studio', name: 'Studio', monthlyPrice: 2999, currency: 'usd', monthlyCredits: 1350, uploadSeconds: 3600 },
  { tier: 'max', name: 'Max', monthlyPrice: 8999, currency: 'usd', monthlyCredits: 4500, uploadSeconds: 5400 },
];

export function makeBilling(over: Partial<BillingInfo> = {}): BillingInfo {
  return {
    configured: true,
    message: '',
    tier: 'free',
    planName: 'Free',
    status: 'free',
    credits: 20,
    uploadSecondsLeft: 120,
    renewsAt: '2026-12-01T00:00:00Z',
    scheduledTier: '',
    scheduledAt: '',
    paymentProblem: '',
    offers: OFFERS.map((o) => ({ ...o })),
    refunds: [],
    chargedAmount: 0,
    chargedCurrency: '',
    ...over,
  };
}
