import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dailyBackup } from './backup';
import type { Database } from './migration';

const dir = mkdtempSync(join(tmpdir(), 'sb-backup-'));
let db: BetterSqlite3.Database;
const day = new Date(Date.UTC(2026, 0, 1, 12));
const copy = (dataDir: string) => join(dataDir, 'backups', 'switchboard-2026-01-01.db');
const temp = (dataDir: string) => `${copy(dataDir)}.${process.pid}.tmp`;

beforeAll(() => {
  // a few hundred pages, so that the backup API copies them in several steps
  db = new BetterSqlite3(join(dir, 'switchboard.db'));
  db.exec('CREATE TABLE filler (b BLOB)');
  const insert = db.prepare('INSERT INTO filler VALUES (randomblob(100000))');
  db.transaction(() => { for (let i = 0; i < 10; i++) insert.run(); })();
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
let dataDir = '';
const umask = process.umask();
afterEach(() => void process.umask(umask));
function freshDataDir(): string {
  dataDir = join(dir, `data-${++n}`);
  mkdirSync(dataDir, { mode: 0o700 });
  return dataDir;
}

/** The app's database, with `progress` called between the backup API's steps. */
function observed(progress: () => void): Database {
  return { backup: (file: string) => db.backup(file, { progress: () => { progress(); return 100; } }) } as unknown as Database;
}

describe('dailyBackup', () => {
  it('writes the copy and its journal readable by the owner alone from the start, under a permissive umask', async () => {
    const data = freshDataDir();
    process.umask(0o022);
    const modes = new Set<string>();
    const written = await dailyBackup(observed(() => {
      for (const f of [temp(data), `${temp(data)}-journal`]) modes.add(`${f.endsWith('journal') ? 'journal' : 'copy'} ${(statSync(f).mode & 0o777).toString(8)}`);
    }), data, day);
    // before: both were 0644 until the copy, finished, was closed to 0600 and renamed
    expect([...modes].sort()).toEqual(['copy 600', 'journal 600']);
    expect(written).toBe(copy(data));
    expect((statSync(copy(data)).mode & 0o777).toString(8)).toBe('600');
  });

  it('keeps the newest seven up to today, and neither counts nor prunes one dated in the future', async () => {
    const data = freshDataDir();
    mkdirSync(join(data, 'backups'), { mode: 0o700 });
    const names = ['2025-12-20', '2025-12-25', '2025-12-26', '2025-12-27', '2025-12-28', '2025-12-29', '2025-12-30', '2025-12-31', '2028-01-09'];
    for (const d of names) writeFileSync(join(data, 'backups', `switchboard-${d}.db`), 'a copy');
    expect(await dailyBackup(observed(() => {}), data, day)).toBe(copy(data));
    // before: the 2028 copy counted as the newest, and a real one went in its place
    expect(readdirSync(join(data, 'backups')).sort()).toEqual([...names.slice(2), '2026-01-01'].sort().map((d) => `switchboard-${d}.db`));
  });

  it('a failed backup leaves neither the temporary copy nor its journal', async () => {
    const data = freshDataDir();
    let steps = 0;
    const failing = observed(() => {
      if (++steps === 2) throw new Error('disk full, say');
    });
    await expect(dailyBackup(failing, data, day)).rejects.toThrow('disk full, say');
    expect(readdirSync(join(data, 'backups'))).toEqual([]);
  });

  it('a copy and journal a crash left under this pid (reused after a restart) do not spoil the next backup', async () => {
    const data = freshDataDir();
    mkdirSync(join(data, 'backups'), { mode: 0o700 });
    writeFileSync(temp(data), 'half a copy '.repeat(1000));
    writeFileSync(`${temp(data)}-journal`, 'its journal '.repeat(100));
    // before: SQLite opened the leftover as the copy's file and the backup failed ("file is not a database")
    expect(await dailyBackup(db as unknown as Database, data, day)).toBe(copy(data));
    expect(readdirSync(join(data, 'backups'))).toEqual(['switchboard-2026-01-01.db']);
    const back = new BetterSqlite3(copy(data), { readonly: true });
    try {
      expect(back.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(back.prepare('SELECT COUNT(*) FROM filler').pluck().get()).toBe(10);
    } finally {
      back.close();
    }
    expect(existsSync(temp(data))).toBe(false);
  });
});
