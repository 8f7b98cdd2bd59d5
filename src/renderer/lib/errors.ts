// Errors from either transport, read as values: a message and, for invalid input, the field.
import { AdminError } from '../../shared/contract';

export interface UiError {
  status: number;
  message: string;
  field: string | undefined;
}

/** IPC flattens errors to "Error invoking remote method 'admin:x': AdminError: msg"; keep only the msg. */
const IPC_PREFIX = /^Error invoking remote method '[^']+': (?:\w*Error: )?/;

export function toUiError(err: unknown): UiError {
  if (err instanceof AdminError) return { status: err.status, message: err.message, field: err.field };
  if (err !== null && typeof err === 'object') {
    const o = err as { status?: unknown; message?: unknown; field?: unknown };
    return {
      status: typeof o.status === 'number' ? o.status : 500,
      message: typeof o.message === 'string' ? o.message.replace(IPC_PREFIX, '') : 'Unexpected error',
      field: typeof o.field === 'string' ? o.field : undefined,
    };
  }
  return { status: 500, message: String(err), field: undefined };
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: UiError };

/** Runs a bridge call and returns its result or its error as a value, never throwing. */
export async function attempt<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, error: toUiError(err) };
  }
}

/**
 * Where a form shows a server error: beside its field when the form renders that field, else in the
 * form's own error box ('form'), so no error is ever swallowed by a field that is not on screen.
 */
export function errorSlot<F extends string>(field: string | undefined, shown: readonly F[]): F | 'form' {
  return shown.find((f) => f === field) ?? 'form';
}
