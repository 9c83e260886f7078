import type { FieldErrors, FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError } from '../lib/api.ts';

/** The message of a field error at a dotted path, for forms whose type is a union. */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  let node: unknown = errors;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  const message = (node as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

const fieldOfCode: Record<string, string> = { EMAIL_TAKEN: 'email' };

/**
 * Puts the API's field-level errors on the form's fields; returns true when every error found a field,
 * so the caller shows a general alert only for the rest.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  message: (error: unknown) => string,
): boolean {
  if (!(error instanceof ApiError)) return false;
  const field = fieldOfCode[error.code];
  if (field) {
    setError(field as Path<T>, { type: 'server', message: message(error) });
    return true;
  }
  if (error.code !== 'VALIDATION_ERROR' || !Array.isArray(error.details)) return false;
  const details = error.details as { path?: string; message?: string }[];
  for (const d of details) {
    if (d.path) setError(d.path as Path<T>, { type: 'server', message: d.message ?? message(error) });
  }
  return details.length > 0 && details.every((d) => d.path);
}

/** A `next` parameter is honoured only when it stays on this site. */
export function safeNext(next: string | null): string | null {
  return next?.startsWith('/') && !next.startsWith('//') ? next : null;
}
