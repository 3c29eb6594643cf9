// The shapes the UI works with. They mirror the JSON of the Go types in app/types.go;
// the generated classes in wailsjs/go/models.ts have the same fields.

export interface ModelInfo {
  /** Model pack version, e.g. "1.0": what Generate's `model` names. */
  version: string;
  name: string;
  maxSeconds: number;
  /** The model can follow an input recording (audio to audio). */
  audioToAudio: boolean;
}

export interface AppStatus {
  version: string;
  /** "" when ONNX Runtime did not load. */
  runtimeVersion: string;
  localAvailable: boolean;
  /** Why local generation is unavailable, with how to fix it. */
  localError: string;
  models: ModelInfo[];
  dataDir: string;
}

export interface Track {
  id: string;
  prompt: string;
  model: string;
  seed: number;
  seconds: number;
  /** RFC 3339, UTC. */
  createdAt: string;
  filePath: string;
  /** Waveform: max |sample| per column, 0..1. */
  peaks: number[];
  favourite: boolean;
  /** What the prompt asked to leave out; "" for nothing. */
  negative: string;
  /** Audio to audio: the input recording's file name; "" for text to audio. */
  inputName: string;
  /** Audio to audio: how much of the input was followed, 0..1. */
  strength: number;
  /** A cloud track's license certificate, verified on this computer; null for a local render. */
  license?: TrackLicense | null;
}

/** What a cloud track's certificate allows, checked offline. */
export interface TrackLicense {
  verified: boolean;
  /** personal, creator or enterprise. */
  license: string;
  commercial: boolean;
  /** The license in plain words. */
  words: string;
  /** Why it did not verify, when it did not. */
  problem: string;
}

export interface PlayerState {
  trackId: string;
  playing: boolean;
  positionSec: number;
  durationSec: number;
}

/** Payload of `generate:progress:<jobId>`. */
export interface Progress {
  done: number;
  total: number;
  stage: string;
}

/** What the Generate view submits, already validated. */
export interface GenerateRequest {
  prompt: string;
  seconds: number;
  /** null: Go picks a fresh random seed. */
  seed: number | null;
  /** Model pack version; "" = the default pack. */
  model: string;
  /** What to leave out; "" for nothing. */
  negative: string;
  /** Audio to audio: the recording to follow; "" for text to audio. */
  inputPath: string;
  /** With inputPath: 0 (only the prompt) to 1 (the input's tempo, key, rhythm and melody). */
  strength: number;
  /** Made on the account server, paid in credits, with a license; otherwise on this computer. */
  cloud?: boolean;
}

/** A recording chosen for audio to audio, as InspectAudio describes it. */
export interface AudioInput {
  /** The file's name. */
  name: string;
  /** The whole file's length. */
  seconds: number;
  /** The plan's limit: only the first cropSeconds are used. */
  cropSeconds: number;
  cropped: boolean;
  /** The plan that sets the limit, e.g. "Free". */
  planName: string;
  /** Waveform of the whole file: max |sample| per column, 0..1. */
  peaks: number[];
}

/** What became of a recording uploaded to the account, as UploadInput says. */
export interface UploadResult {
  id: string;
  /** It copies a protected recording: it was deleted, and its length still counts. */
  matched: boolean;
  matchedTitle: string;
  /** Kept after the plan's crop. */
  seconds: number;
  chargedSeconds: number;
  uploadSecondsLeft: number;
  /** The server's sentence for the user. */
  message: string;
}

/** Messages per form field, keyed by the field's id. */
export type FieldErrors = Partial<Record<'prompt' | 'seconds' | 'seed' | 'model', string>>;

/** The signed-in account's plan and what is left of it this period. */
export interface AccountInfo {
  email: string;
  /** The account the app's built-in server keeps for this computer. */
  local: boolean;
  tier: string;
  planName: string;
  credits: number;
  uploadSecondsLeft: number;
  /** RFC 3339, UTC. */
  renewsAt: string;
  /** Cloud generation is available; cloudPrices is each model version's price per track. */
  cloud: boolean;
  cloudPrices: Record<string, number>;
}

/** Something about an input that will spoil takes. */
export interface InputWarning {
  /** "bluetooth" or "latency". */
  code: string;
  message: string;
}

/** An input the Record view lists. */
export interface InputDevice {
  id: string;
  name: string;
  /** The system's default input. */
  default: boolean;
  /** The one the app records from. */
  selected: boolean;
  rates: number[];
  channels: number;
  warnings: InputWarning[];
}

/** A take in progress. */
export interface RecordingStatus {
  device: string;
  sampleRate: number;
  channels: number;
  latencyMs: number;
  /** The plan keeps this much of a take; 0 when unknown. */
  cropSeconds: number;
  warnings: InputWarning[];
}

/** One reading of the input meter. */
export interface RecorderLevel {
  peakDb: number;
  rmsDb: number;
  clipped: boolean;
  elapsedSec: number;
}

/** A finished take. */
export interface Take {
  path: string;
  name: string;
  seconds: number;
  cropSeconds: number;
  cropped: boolean;
  peaks: number[];
  /** "stopped", "limit" or "device lost". */
  ended: string;
  /** What happened, when it did not end by Stop. */
  message: string;
}

/** What the loopback latency test measured. */
export interface LatencyResult {
  roundTripMs: number;
  /** Null when the round trip is fine. */
  warning: InputWarning | null;
}

/** A plan on sale. Prices are in the currency's smallest unit (cents), before tax. */
export interface Offer {
  tier: string;
  name: string;
  monthlyPrice: number;
  currency: string;
  monthlyCredits: number;
  uploadSeconds: number;
}

/** A refund request and where it stands. */
export interface RefundInfo {
  id: string;
  /** queued, approved, refunded or declined. */
  status: string;
  /** RFC 3339, UTC. */
  requestedAt: string;
  refundAmount: number;
  currency: string;
  /** Where it stands, for the user, as it is. */
  message: string;
}

/** The plan view of the avatar menu. */
export interface BillingInfo {
  /** False when the account server does not sell plans; message says so. */
  configured: boolean;
  message: string;
  tier: string;
  planName: string;
  /** "free", "active", or "past_due" (a renewal payment failed; the plan is kept meanwhile). */
  status: string;
  credits: number;
  uploadSecondsLeft: number;
  renewsAt: string;
  /** A downgrade waiting for the renewal; "" when none. */
  scheduledTier: string;
  scheduledAt: string;
  paymentProblem: string;
  offers: Offer[];
  refunds: RefundInfo[];
  /** What the change just made charged, tax included; 0 when nothing. */
  chargedAmount: number;
  chargedCurrency: string;
}

/** What an upgrade would charge now: the prorated difference for the rest of the period. */
export interface UpgradePreview {
  tier: string;
  amount: number;
  tax: number;
  total: number;
  currency: string;
  /** Passed back to Upgrade, so the charge is exactly this. */
  prorationDate: string;
  renewsAt: string;
}
