// A database that fails its integrity check is never replaced silently: it is moved aside with its
// WAL and SHM (`switchboard.db.corrupt-<time>`), what can still be read from it is saved next to it
// as JSON (for the user to import), and the caller gets a warning naming every path.
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { rowsOf, salvageDocument, type SalvagedTable } from '../service/config-salvage';
import { readDamagedTable } from './read-damaged-table';

export interface ReplacedDatabase {
  /** where the damaged file went; its -wal/-shm sit beside it with the same suffixes */
  movedTo: string;
  /** why it was judged damaged */
  reason: string;
  /** readable rows, as JSON, or null when nothing could be read */
  salvageFile: string | null;
  /** the damaged database's install id, if it could be read (keychain entries are filed under it) */
  installId: string | null;
  /** provider id -> the origin its stored key was for, from the damaged database's rows */
  keyOrigins: Record<string, string>;
}

function bindingOptions(nativeBinding?: string): BetterSqlite3.Options {
  return nativeBinding ? { nativeBinding } : {};
}

function isDamage(code: string): boolean {
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

/**
 * The file's schema version (its -wal included), read without writing anything, or null when the file is
 * absent, empty or cannot be read (damageOf then says why).
 */
export function fileVersion(file: string, nativeBinding?: string): number | null {
  if (!existsSync(file) || statSync(file).size === 0) return null;
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...bindingOptions(nativeBinding) });
    db.pragma('busy_timeout = 5000');
    return db.pragma('user_version', { simple: true }) as number;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

/** Why the database file is damaged, or null when it is absent or whole. Other failures (locks, permissions) throw. */
export function damageOf(file: string, nativeBinding?: string): string | null {
  if (!existsSync(file)) return null;
  if (statSync(file).size === 0) return 'the file is empty (0 bytes)';
  let db: BetterSqlite3.Database | undefined;
  try {
    // read-only: a read-write connection checkpoints the -wal into the file and deletes it on close
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...bindingOptions(nativeBinding) });
    db.pragma('busy_timeout = 5000');
    const result = db.pragma('quick_check', { simple: true });
    return result === 'ok' ? null : `the integrity check failed (${String(result).slice(0, 200)})`;
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (isDamage(code)) return `${(e as Error).message} (${code})`;
    throw e;
  } finally {
    db?.close();
  }
}

/** Moves the file and its -wal, -shm and -journal aside; returns the new name of the main file. */
export function moveAside(file: string, now: Date): string {
  const movedTo = `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, movedTo + suffix);
  }
  return movedTo;
}

/** Tables worth importing back (meta for the install id); usage history and token hashes are left in the moved file. */
const SALVAGED = ['meta', 'providers', 'models', 'routing_rules', 'users'] as const;

/**
 * Reads what it can, table by table (past a bad page, row by row: read-damaged-table.ts), into
 * `<moved>.salvage.json` (0600): a configuration document, as an export writes one, for the user to import
 * (rows that could not be read, or would not pass the import, are named in it instead).
 */
export function salvage(movedFile: string, nativeBinding?: string): { file: string | null; installId: string | null; keyOrigins: Record<string, string> } {
  const tables: Record<string, SalvagedTable> = {};
  let rows = 0;
  let installId: string | null = null;
  const keyOrigins: Record<string, string> = {};
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(movedFile, { readonly: true, fileMustExist: true, ...bindingOptions(nativeBinding) });
    // a truncated file's header claims more pages than there are, and SQLite then refuses the whole
    // file; writable_schema (which needs better-sqlite3's defensive mode off) reads what is left.
    // Safe here: the connection is read-only, on the moved copy.
    db.unsafeMode(true);
    db.pragma('writable_schema = ON');
    for (const table of SALVAGED) {
      try {
        const got = db.prepare(`SELECT * FROM ${table}`).all();
        tables[table] = got;
        rows += got.length;
      } catch (whole) {
        // one bad page fails the whole query: what the table's other pages hold is still read
        try {
          const got = readDamagedTable(db, table, (whole as Error).message);
          tables[table] = got.unread.length === 0 ? got.rows : got;
          rows += got.rows.length;
        } catch (e) {
          tables[table] = { error: (e as Error).message };
        }
      }
    }
    const meta = rowsOf(tables.meta);
    const found = meta ? (meta as { key: string; value: string }[]).find((m) => m.key === 'install_id') : undefined;
    installId = found?.value ?? null;
    // where each provider with a stored key was: a key goes back only to that origin (key-origin.ts)
    const providers = rowsOf(tables.providers);
    if (providers) {
      for (const p of providers as { id?: unknown; base_url?: unknown; key_mask?: unknown }[]) {
        if (typeof p.id !== 'string' || typeof p.base_url !== 'string' || p.key_mask === null || p.key_mask === undefined) continue;
        try {
          keyOrigins[p.id] = new URL(p.base_url).origin;
        } catch {
          // an unreadable URL: its key is not given back
        }
      }
    }
  } catch {
    // not even the schema can be read: nothing to salvage
  } finally {
    db?.close();
  }
  if (rows === 0) return { file: null, installId, keyOrigins };
  const file = `${movedFile}.salvage.json`;
  const doc = salvageDocument(tables, movedFile, new Date());
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
  return { file, installId, keyOrigins };
}
