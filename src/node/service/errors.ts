// Maps the errors the service's parts throw into AdminError, the one error every transport speaks.
import { AdminError } from '../../shared/contract';
import { ValidationError } from '../../shared/validate';
import { SecretStoreError, SecretStoreUnavailableError } from '../secrets/secret-store';
import { join } from 'node:path';
import { isLockError, lockedMessage, storageProblem, storageProblemMessage, type StorageProblem } from '../data-dir/storage-errors';

export function toAdminError(e: unknown): unknown {
  if (e instanceof AdminError) return e;
  if (e instanceof ValidationError) return new AdminError(400, e.message, e.field || undefined);
  if (e instanceof SecretStoreUnavailableError) return new AdminError(503, e.message, 'api_key');
  if (e instanceof SecretStoreError) return new AdminError(500, e.message);
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
    return new AdminError(409, 'this change conflicts with existing data (it may have been made concurrently)');
  }
  return e;
}

/** Wraps every method so callers only ever see AdminError for the failures we understand. */
export function withAdminErrors<T extends Record<string, (input: never) => Promise<unknown>>>(methods: T): T {
  const out: Record<string, (input: never) => Promise<unknown>> = {};
  for (const [name, fn] of Object.entries(methods)) {
    out[name] = async (input: never) => {
      try {
        return await fn(input);
      } catch (e) {
        throw toAdminError(e);
      }
    };
  }
  return out as T;
}

export const notFound = (what: string, id: string): AdminError => new AdminError(404, `${what} ${id} not found`);
export const conflict = (message: string, field?: string): AdminError => new AdminError(409, message, field);
export const badRequest = (message: string, field?: string): AdminError => new AdminError(400, message, field);

/** A path parameter: a short string, else 400. */
export function pathId(value: unknown, field = 'id'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 300) throw badRequest(`${field} must be a non-empty string`, field);
  return value;
}

/** full disk: 507 Insufficient Storage; read-only: 503 (it may come back); failing: 500; each naming the place and cause */
const STORAGE_STATUS: Record<StorageProblem, number> = { full: 507, 'read-only': 503, failing: 500 };

/**
 * The AdminError for a write the disk refused (full, read-only, failing) or another program's lock on the
 * database refused (503: it passes once that program lets go), or null for any other error.
 */
export function storageAdminError(e: unknown, where: string): AdminError | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && isLockError(e)) return new AdminError(503, `The change was not saved: ${lockedMessage(join(where, DATABASE_FILE), code)}.`);
  const problem = typeof code === 'string' ? storageProblem(code) : null;
  if (!problem || typeof code !== 'string') return null;
  return new AdminError(STORAGE_STATUS[problem], `The change was not saved: ${storageProblemMessage(problem, where, code)}.`);
}

const DATABASE_FILE = 'switchboard.db';

/** Wraps every method of the composed service: a refused disk write or a locked database reports its real cause, not "Internal error". */
export function withStorageErrors<T extends object>(service: T, dataDir: string): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(service)) {
    out[name] = async (input: unknown) => {
      try {
        return await (fn as (i: unknown) => Promise<unknown>)(input);
      } catch (e) {
        throw storageAdminError(e, dataDir) ?? e;
      }
    };
  }
  return out as T;
}
