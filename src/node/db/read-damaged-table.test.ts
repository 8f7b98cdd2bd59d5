import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { readDamagedTable } from './read-damaged-table';

const dir = mkdtempSync(join(tmpdir(), 'sb-damaged-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A table of 300 rows over many leaf pages, one leaf (by position, rowid order) overwritten; the keys that leaf held. */
function damaged(name: string, schema: string, leaf: number): { file: string; all: string[]; lost: string[] } {
  const file = join(dir, `${name}.db`);
  const db = new BetterSqlite3(file);
  db.exec(schema);
  const insert = db.prepare('INSERT INTO t (k, body) VALUES (?, ?)');
  db.transaction(() => { for (let i = 0; i < 300; i++) insert.run(`row-${i}`, 'x'.repeat(200)); })();
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const leaves = db.prepare("SELECT pageno, ncell FROM dbstat WHERE name = 't' AND pagetype = 'leaf' ORDER BY path").all() as { pageno: number; ncell: number }[];
  const all = db.prepare('SELECT k FROM t ORDER BY rowid').pluck().all() as string[];
  db.close();
  expect(leaves.length).toBeGreaterThan(leaf + 1);
  const first = leaves.slice(0, leaf).reduce((n, l) => n + l.ncell, 0);
  const bytes = readFileSync(file);
  const at = (leaves[leaf]!.pageno - 1) * pageSize;
  bytes.fill(0xff, at, at + pageSize);
  bytes[at] = 0x0d;
  writeFileSync(file, bytes);
  return { file, all, lost: all.slice(first, first + leaves[leaf]!.ncell) };
}

function read(file: string): ReturnType<typeof readDamagedTable> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    expect(() => db.prepare('SELECT * FROM t').all()).toThrow(/malformed/);
    return readDamagedTable(db, 't', 'database disk image is malformed');
  } finally {
    db.close();
  }
}

describe('readDamagedTable', () => {
  it('reads every row off the bad page, in rowid order, and names each row on it by its primary key', () => {
    const { file, all, lost } = damaged('keyed', 'CREATE TABLE t (k TEXT PRIMARY KEY, body TEXT NOT NULL)', 2);
    const got = read(file);
    expect(got.rows.map((r) => r.k)).toEqual(all.filter((k) => !lost.includes(k)));
    expect(got.rows[0]).toEqual({ k: 'row-0', body: 'x'.repeat(200) });
    expect(got.unread.map((u) => u.what)).toEqual(lost);
    expect(got.unread[0]!.reason).toMatch(/malformed/);
  });

  it('the first page bad: the rows after it still read', () => {
    const { file, all, lost } = damaged('first', 'CREATE TABLE t (k TEXT PRIMARY KEY, body TEXT NOT NULL)', 0);
    const got = read(file);
    expect(lost[0]).toBe('row-0');
    expect(got.rows.map((r) => r.k)).toEqual(all.slice(lost.length));
    expect(got.unread.map((u) => u.what)).toEqual(lost);
  });

  it('without an index to list the rows, reads both sides of the bad page and names the rowids between', () => {
    const { file, all, lost } = damaged('unindexed', 'CREATE TABLE t (k TEXT NOT NULL, body TEXT NOT NULL)', 2);
    const got = read(file);
    expect(got.rows.map((r) => r.k)).toEqual(all.filter((k) => !lost.includes(k)));
    const before = all.indexOf(lost[0]!);
    expect(got.unread).toEqual([{ what: `rows no index listed between rowid ${before} and rowid ${before + lost.length + 1}`, reason: 'database disk image is malformed' }]);
  });

  it('nothing readable at all: throws the first failure', () => {
    const file = join(dir, 'none.db');
    writeFileSync(file, '');
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      expect(() => readDamagedTable(db, 't', 'no such table: t')).toThrow('no such table: t');
    } finally {
      db.close();
    }
  });
});
