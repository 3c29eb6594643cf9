// Constants shared by the stores and components: event names, limits, timings.

export const APP_NAME = 'Stable Audio Desktop';

/** Wails events emitted by the Go side (see app/app.go). */
export const EVENTS = {
  /** Prefix of a job's progress event; the job id follows: `generate:progress:<jobId>`. */
  progressPrefix: 'generate:progress:',
  /** A PlayerState, ~10 times a second while playing and on every change. */
  playerState: 'player:state',
  /** No payload: a track was added or changed. */
  libraryChanged: 'library:changed',
  /** A RecorderLevel, about 30 times a second while recording. */
  recorderLevel: 'recorder:level',
  /** A Take, whenever a take ends (stopped, at the limit, or the input went away). */
  recorderEnded: 'recorder:ended',
} as const;

/** The input meter's scale, in dBFS: its left end and where it turns amber and red. */
export const METER = { floorDb: -60, warnDb: -12, hotDb: -3 } as const;

/** Error codes the Go side puts in `{"code","message"}` rejections. */
export const ERROR_CODES = {
  runtimeUnavailable: 'runtime_unavailable',
  badRequest: 'bad_request',
  badModel: 'bad_model',
  /** The chosen audio input cannot be used: unreadable, not audio, too short. */
  badInput: 'bad_input',
  cancelled: 'cancelled',
  internal: 'internal',
  /** Not sent by Go: a rejection that was not the JSON envelope. */
  unknown: 'unknown',
} as const;

/** Generation form defaults and limits, in seconds. */
export const DEFAULT_SECONDS = 8;
export const MIN_SECONDS = 1;
/** Used only when Status() lists no model to take the limit from. */
export const FALLBACK_MAX_SECONDS = 47;

/** Audio to audio: how much of the input the result keeps, in percent, until the user moves the slider. */
export const DEFAULT_STRENGTH_PERCENT = 70;

/** Seeds travel as JSON numbers: above this they would lose precision on the way to Go's int64. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** How long toasts stay up, in milliseconds. Errors stay longer: they carry the fix. */
export const TOAST_MS = { info: 4000, error: 9000 } as const;

/** How often the "time left" estimate counts down between progress events, in milliseconds. */
export const PROGRESS_TICK_MS = 500;

/** Waveform drawing, in SVG user units (the SVG scales to its box). */
export const WAVEFORM = { width: 600, height: 48, barGap: 1, minBarHeight: 1 } as const;

/** Arrow keys on a focused waveform seek by this many seconds. */
export const SEEK_STEP_SECONDS = 5;
