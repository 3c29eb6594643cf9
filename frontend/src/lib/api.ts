// The one place that talks to the Go side. Every binding call and event subscription goes
// through here; a failure becomes a toast or a field error here, so stores and components
// only see data, null ("it failed and the user was told") or a typed outcome.

import {
  Account,
  Billing,
  CancelGenerate,
  CancelSubscription,
  ChooseAudioFile,
  Downgrade,
  Generate,
  InspectAudio,
  ListInputs,
  ListTracks,
  MeasureLatency,
  OpenCheckout,
  OpenPortal,
  Pause,
  Play,
  PlayerStatus,
  PreviewUpgrade,
  RecordingState,
  RequestRefund,
  Resume,
  Seek,
  SelectInput,
  SetFavourite,
  StartRecording,
  Status,
  Stop,
  StopRecording,
  Upgrade,
  UploadInput,
} from '../../wailsjs/go/app/App';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import { EVENTS } from './consts';
import { fieldFor, isCancelled, parseError, userMessage, type AppError } from './errors';
import { toasts } from './stores/toasts.svelte';
import type {
  AccountInfo,
  AppStatus,
  AudioInput,
  BillingInfo,
  FieldErrors,
  GenerateRequest,
  InputDevice,
  LatencyResult,
  PlayerState,
  Progress,
  RecorderLevel,
  RecordingStatus,
  RefundInfo,
  Take,
  Track,
  UpgradePreview,
  UploadResult,
} from './types';

export type Unsubscribe = () => void;

export type GenerateOutcome =
  | { ok: true; track: Track }
  | { ok: false; cancelled: boolean; fieldErrors: FieldErrors };

export type InspectOutcome = { ok: true; input: AudioInput } | { ok: false; error: string };

/** Reports a failure to the user; a cancellation is not a failure. */
function report(error: AppError, context: string): void {
  if (!isCancelled(error)) toasts.error(userMessage(error, context));
}

/** Runs a binding call; on failure tells the user and resolves to null. */
async function attempt<T>(context: string, call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (err) {
    report(parseError(err), context);
    return null;
  }
}

/** Subscribes to a Go event. Outside the Wails window (a plain browser) there is no runtime. */
function subscribe(name: string, handler: (...data: unknown[]) => void): Unsubscribe {
  try {
    return EventsOn(name, handler);
  } catch (err) {
    console.warn(`Cannot listen to "${name}":`, err);
    return () => {};
  }
}

// Go marshals a nil slice as null; the UI always gets arrays.

export function toTrack(t: Track): Track {
  return { ...t, peaks: Array.isArray(t.peaks) ? t.peaks : [], license: t.license ?? null };
}

function toStatus(s: AppStatus): AppStatus {
  return { ...s, models: Array.isArray(s.models) ? s.models : [] };
}

function toPlayerState(s: Partial<PlayerState> | null | undefined): PlayerState {
  return {
    trackId: s?.trackId ?? '',
    playing: Boolean(s?.playing),
    positionSec: Number(s?.positionSec) || 0,
    durationSec: Number(s?.durationSec) || 0,
  };
}

function toProgress(p: Partial<Progress> | null | undefined): Progress {
  return { done: Number(p?.done) || 0, total: Number(p?.total) || 0, stage: p?.stage ?? '' };
}

// --- status -------------------------------------------------------------------------------

export async function getStatus(): Promise<AppStatus | null> {
  return attempt('Could not read the app status', () => Status().then(toStatus));
}

// --- account ------------------------------------------------------------------------------

/** The account's plan and balance; null (and a toast) when the account server is unreachable. */
export async function getAccount(): Promise<AccountInfo | null> {
  return attempt('Could not read your account', () => Account());
}

// --- billing -------------------------------------------------------------------------------

export async function getBilling(): Promise<BillingInfo | null> {
  return attempt('Could not read your plan', () => Billing());
}

/** Opens Stripe Checkout for tier in the browser; false when it could not (the user was told). */
export async function openCheckout(tier: string): Promise<boolean> {
  return (await attempt('Could not open the checkout', async () => (await OpenCheckout(tier), true))) ?? false;
}

/** Opens Stripe's customer portal in the browser; false when it could not. */
export async function openPortal(): Promise<boolean> {
  return (await attempt('Could not open Manage payments', async () => (await OpenPortal(), true))) ?? false;
}

export async function previewUpgrade(tier: string): Promise<UpgradePreview | null> {
  return attempt('Could not price the upgrade', () => PreviewUpgrade(tier));
}

export async function upgrade(tier: string, prorationDate: string): Promise<BillingInfo | null> {
  return attempt('Could not upgrade', () => Upgrade(tier, prorationDate));
}

export async function downgrade(tier: string): Promise<BillingInfo | null> {
  return attempt('Could not schedule the downgrade', () => Downgrade(tier));
}

export async function cancelSubscription(): Promise<BillingInfo | null> {
  return attempt('Could not cancel', () => CancelSubscription());
}

export async function requestRefund(reason: string): Promise<RefundInfo | null> {
  return attempt('Could not request a refund', () => RequestRefund(reason));
}

// --- generation ---------------------------------------------------------------------------

/**
 * Generates a track. Progress arrives through onProgress(jobId). A cancellation resolves
 * quietly; an error about one form field is returned for that field; the rest become toasts.
 */
export async function generate(
  jobId: string,
  req: GenerateRequest,
  opts: { hasModelField: boolean },
): Promise<GenerateOutcome> {
  try {
    // Go's Seed is *int64: an absent seed and a JSON null both arrive as nil (random seed).
    const track = await Generate({
      jobId,
      prompt: req.prompt,
      seconds: req.seconds,
      seed: req.seed ?? undefined,
      model: req.model,
      negative: req.negative,
      inputPath: req.inputPath,
      strength: req.strength,
      cloud: Boolean(req.cloud),
    });
    return { ok: true, track: toTrack(track) };
  } catch (err) {
    const error = parseError(err);
    if (isCancelled(error)) {
      toasts.info('Generation cancelled.');
      return { ok: false, cancelled: true, fieldErrors: {} };
    }
    const field = fieldFor(error, opts.hasModelField);
    if (field) return { ok: false, cancelled: false, fieldErrors: { [field]: userMessage(error) } };
    report(error, 'Generation failed');
    return { ok: false, cancelled: false, fieldErrors: {} };
  }
}

/** Asks Go to stop a job; the pending generate() then resolves as cancelled. */
export async function cancelGenerate(jobId: string): Promise<boolean> {
  return (await attempt('Could not cancel', () => CancelGenerate(jobId).then(() => true))) ?? false;
}

export function onProgress(jobId: string, handler: (p: Progress) => void): Unsubscribe {
  return subscribe(EVENTS.progressPrefix + jobId, (p) => handler(toProgress(p as Partial<Progress>)));
}

// --- audio input --------------------------------------------------------------------------

/** Asks for a recording with the system's file dialog: its path, "" when the user cancelled, null on failure. */
export async function chooseAudioFile(): Promise<string | null> {
  return attempt('Could not open the file dialog', () => ChooseAudioFile());
}

/** Reads a chosen recording. What is wrong with it (not audio, too short) is shown beside the input, not as a toast. */
export async function inspectAudio(path: string): Promise<InspectOutcome> {
  try {
    const input = await InspectAudio(path);
    return { ok: true, input: { ...input, peaks: Array.isArray(input.peaks) ? input.peaks : [] } };
  } catch (err) {
    return { ok: false, error: userMessage(parseError(err), 'Could not read the audio') };
  }
}

export type UploadOutcome = { ok: true; result: UploadResult } | { ok: false; error: string };

/**
 * Uploads the part of a recording the plan keeps to the account. Why it was refused (no
 * upload time left, not audio) is shown beside the input, not as a toast.
 */
export async function uploadInput(path: string): Promise<UploadOutcome> {
  try {
    return { ok: true, result: await UploadInput(path) };
  } catch (err) {
    return { ok: false, error: userMessage(parseError(err), 'Could not upload the audio') };
  }
}

// --- recording ----------------------------------------------------------------------------

/** The inputs, with their warnings; null when none could be listed (the user was told). */
export async function listInputs(): Promise<InputDevice[] | null> {
  return attempt('Could not list the microphones', () =>
    ListInputs().then((ds) => (ds ?? []).map((d) => ({ ...d, rates: d.rates ?? [], warnings: d.warnings ?? [] }))),
  );
}

export async function selectInput(id: string): Promise<boolean> {
  return (await attempt('Could not choose the microphone', () => SelectInput(id).then(() => true))) ?? false;
}

export type RecordOutcome = { ok: true; status: RecordingStatus } | { ok: false; error: string };

/** Starts a take. Why it could not start is shown in the Record view, not as a toast. */
export async function startRecording(): Promise<RecordOutcome> {
  try {
    const status = await StartRecording();
    return { ok: true, status: { ...status, warnings: status.warnings ?? [] } };
  } catch (err) {
    return { ok: false, error: userMessage(parseError(err), 'Could not start recording') };
  }
}

export type LatencyOutcome = { ok: true; result: LatencyResult } | { ok: false; error: string };

/** Runs the loopback test. Why it failed (no cable: the clicks were not heard) is shown in the view. */
export async function measureLatency(): Promise<LatencyOutcome> {
  try {
    const r = await MeasureLatency();
    return { ok: true, result: { roundTripMs: r.roundTripMs, warning: r.warning ?? null } };
  } catch (err) {
    return { ok: false, error: userMessage(parseError(err), 'Could not measure the latency') };
  }
}

/** Ends the take; null when it failed (the user was told). */
export async function stopRecording(): Promise<Take | null> {
  return attempt('Could not stop recording', () => StopRecording().then(toTake));
}

/** The take running when the view opens, or null. */
export async function recordingState(): Promise<RecordingStatus | null> {
  return (await attempt('Could not read the recorder', () => RecordingState())) ?? null;
}

export function onRecorderLevel(handler: (l: RecorderLevel) => void): Unsubscribe {
  return subscribe(EVENTS.recorderLevel, (l) => handler(l as RecorderLevel));
}

export function onRecorderEnded(handler: (t: Take) => void): Unsubscribe {
  return subscribe(EVENTS.recorderEnded, (t) => handler(toTake(t as Take)));
}

function toTake(t: Take): Take {
  return { ...t, peaks: Array.isArray(t.peaks) ? t.peaks : [] };
}

// --- library ------------------------------------------------------------------------------

export async function listTracks(): Promise<Track[] | null> {
  // Go sends null for an empty library: map inside the call so null still means failure.
  return attempt('Could not load the library', () => ListTracks().then((ts) => (ts ?? []).map(toTrack)));
}

export async function setFavourite(id: string, favourite: boolean): Promise<boolean> {
  return (await attempt('Could not update the favourite', () => SetFavourite(id, favourite).then(() => true))) ?? false;
}

export function onLibraryChanged(handler: () => void): Unsubscribe {
  return subscribe(EVENTS.libraryChanged, () => handler());
}

// --- player -------------------------------------------------------------------------------

function player(context: string, call: () => Promise<PlayerState>): Promise<PlayerState | null> {
  return attempt(context, () => call().then(toPlayerState));
}

export const play = (id: string) => player('Could not play the track', () => Play(id));
export const pause = () => player('Could not pause', () => Pause());
export const resume = () => player('Could not resume', () => Resume());
export const stop = () => player('Could not stop', () => Stop());
export const seek = (seconds: number) => player('Could not seek', () => Seek(seconds));
export const playerStatus = () => player('Could not read the player state', () => PlayerStatus());

export function onPlayerState(handler: (s: PlayerState) => void): Unsubscribe {
  return subscribe(EVENTS.playerState, (s) => handler(toPlayerState(s as Partial<PlayerState>)));
}
