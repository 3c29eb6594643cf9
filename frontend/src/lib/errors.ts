// Turning a rejected binding call into something to show. Go rejects with its error text,
// which the app facade makes a JSON envelope `{"code":"...","message":"..."}`; anything else
// (a plain string, an Error, a crash in the bridge) still yields a readable message.

import { ERROR_CODES } from './consts';
import type { FieldErrors } from './types';

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export interface AppError {
  /** One of ERROR_CODES; an unrecognised code from a newer Go side is kept as is. */
  code: ErrorCode | (string & {});
  /** Go's message, meant for the user; may be empty. */
  message: string;
  /** Form field the error is about, when Go names one. */
  field?: keyof FieldErrors;
}

const FIELDS: ReadonlyArray<keyof FieldErrors> = ['prompt', 'seconds', 'seed', 'model'];

/** Reads whatever a binding call rejected with. */
export function parseError(err: unknown): AppError {
  if (typeof err === 'string') return parseText(err);
  if (err instanceof Error) return parseText(err.message);
  if (err && typeof err === 'object') {
    const fromObject = fromEnvelope(err);
    if (fromObject) return fromObject;
  }
  return { code: ERROR_CODES.unknown, message: err == null ? '' : String(err) };
}

function parseText(text: string): AppError {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = fromEnvelope(JSON.parse(trimmed));
      if (parsed) return parsed;
    } catch {
      // Not JSON after all: fall through and show the text itself.
    }
  }
  return { code: ERROR_CODES.unknown, message: trimmed };
}

function fromEnvelope(value: unknown): AppError | null {
  if (!value || typeof value !== 'object') return null;
  const { code, message, field } = value as Record<string, unknown>;
  if (typeof code !== 'string' || code === '') return null;
  const error: AppError = { code, message: typeof message === 'string' ? message : '' };
  if (typeof field === 'string' && (FIELDS as string[]).includes(field)) {
    error.field = field as keyof FieldErrors;
  }
  return error;
}

/** True for a failure the user asked for: nothing to report. */
export function isCancelled(error: AppError): boolean {
  return error.code === ERROR_CODES.cancelled;
}

/**
 * The sentence a toast or field shows. Go's message explains the fix, so it is kept whole;
 * `context` says what failed ("Could not play the track") when the code alone does not.
 */
export function userMessage(error: AppError, context = 'Something went wrong'): string {
  const detail = error.message;
  switch (error.code) {
    case ERROR_CODES.runtimeUnavailable:
      return `Local generation unavailable: ${detail || 'ONNX Runtime did not load.'}`;
    case ERROR_CODES.badRequest:
      return detail || 'The request was not valid. Check the form and try again.';
    case ERROR_CODES.badInput:
      return detail || 'This audio cannot be used. Choose another recording.';
    case ERROR_CODES.badModel:
      return `The model pack cannot be used: ${detail || 'reinstall it or pick another model.'}`;
    case ERROR_CODES.cancelled:
      return 'Cancelled.';
    case ERROR_CODES.internal:
      return `${context}: ${detail || 'internal error'}. Try again; if it keeps failing, restart the app.`;
    default:
      return detail ? `${context}: ${detail}` : `${context}. Try again.`;
  }
}

/**
 * Which form field an error belongs to, if any: then it is shown beside that field
 * rather than as a toast. A bad model belongs to the model select when there is one.
 */
export function fieldFor(error: AppError, hasModelField: boolean): keyof FieldErrors | undefined {
  const field = error.field ?? (error.code === ERROR_CODES.badModel ? 'model' : undefined);
  // Without a model select there is nowhere beside the field to show it: use a toast.
  if (field === 'model' && !hasModelField) return undefined;
  return field;
}
