// Reading one table of a damaged database when `SELECT *` fails: a bad page fails the whole query, yet the
// table's other pages still read. The table is read in rowid order from both ends up to the damage, and every
// rowid an index lists (its primary key index names the row) is read on its own, so only the rows on bad pages
// are lost, each named. An index is a b-tree of its own, on other pages: it lists the rows of a bad table page
// exactly, where a search over rowid ranges could only guess. The work is at most one query per row listed.
import type BetterSqlite3 from 'better-sqlite3';

/** A row, or rows, that could not be read, and SQLite's reason. */
export interface UnreadRows {
  /** the row's primary key where an index names it, else `rowid N`; or the range of rowids no index listed */
  what: string;
  reason: string;
}

export interface DamagedTableRead {
  rows: Record<string, unknown>[];
  unread: UnreadRows[];
}

const ROWID = 'sb$rowid';

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Yields what `sql` returns until it ends or fails; returns the failure, if any. */
function readUntilFailure<T>(db: BetterSqlite3.Database, sql: string, each: (row: T) => void): string | null {
  try {
    for (const row of db.prepare(sql).iterate() as IterableIterator<T>) each(row);
    return null;
  } catch (e) {
    return messageOf(e);
  }
}

interface IndexListing {
  /** rowid (as text: exact beyond 2^53) -> the row's primary key, when this index holds it */
  rowids: Map<string, string | null>;
  /** every entry of the index was read */
  whole: boolean;
}

/** The rowids the table's indexes list (those that are not partial), with the primary key where one holds it. */
function listedRowids(db: BetterSqlite3.Database, table: string): IndexListing {
  const listing: IndexListing = { rowids: new Map(), whole: false };
  let indexes: { name: string; origin: string; partial: number }[];
  try {
    indexes = db.prepare(`PRAGMA index_list(${quoted(table)})`).all() as typeof indexes;
  } catch {
    return listing;
  }
  for (const index of indexes.filter((i) => i.partial === 0)) {
    let columns: (string | null)[];
    try {
      columns = (db.prepare(`PRAGMA index_info(${quoted(index.name)})`).all() as { name: string | null }[]).map((c) => c.name);
    } catch {
      continue;
    }
    const key = index.origin === 'pk' && columns.length === 1 && columns[0] ? columns[0] : null;
    const sql = `SELECT CAST(rowid AS TEXT) AS r${key ? `, CAST(${quoted(key)} AS TEXT) AS k` : ''} FROM ${quoted(table)} INDEXED BY ${quoted(index.name)}`;
    const failed = readUntilFailure<{ r: string; k?: string | null }>(db, sql, (row) => {
      if (key || !listing.rowids.has(row.r)) listing.rowids.set(row.r, row.k ?? listing.rowids.get(row.r) ?? null);
    });
    if (failed === null) listing.whole = true;
  }
  return listing;
}

/**
 * The rows of `table` that can be read, in rowid order, and what could not be. `firstFailure` is why the
 * whole-table read failed. Throws that reason when nothing at all could be read or listed.
 */
export function readDamagedTable(db: BetterSqlite3.Database, table: string, firstFailure: string): DamagedTableRead {
  const byRowid = new Map<string, Record<string, unknown>>();
  let last: string | null = null;
  const keep = (row: Record<string, unknown>): void => {
    last = String(row[ROWID]);
    delete row[ROWID];
    byRowid.set(last, row);
  };
  const select = `SELECT CAST(rowid AS TEXT) AS ${quoted(ROWID)}, * FROM ${quoted(table)}`;
  // from the first row up to the first bad page, then from the last row down to the last bad page
  const forward = readUntilFailure(db, `${select} ORDER BY rowid`, keep);
  if (forward === null) return { rows: [...byRowid.values()], unread: [] };
  const readUpTo: string | null = last;
  last = null;
  readUntilFailure(db, `${select} ORDER BY rowid DESC`, keep);
  const readFrom: string | null = last;

  const listing = listedRowids(db, table);
  if (byRowid.size === 0 && listing.rowids.size === 0) throw new Error(firstFailure);
  const unread: UnreadRows[] = [];
  const one = db.prepare(`${select} WHERE rowid = ?`);
  for (const [rowid, key] of [...listing.rowids].sort(([a], [b]) => compareRowids(a, b))) {
    if (byRowid.has(rowid)) continue;
    try {
      const row = one.get(BigInt(rowid)) as Record<string, unknown> | undefined;
      if (row) keep(row);
    } catch (e) {
      unread.push({ what: key ?? `rowid ${rowid}`, reason: messageOf(e) });
    }
  }
  // no index read whole: rows between the two ends that none listed may be lost, unnamed
  if (!listing.whole) unread.push({ what: unlistedRange(readUpTo, readFrom), reason: forward });
  const rows = [...byRowid].sort(([a], [b]) => compareRowids(a, b)).map(([, row]) => row);
  return { rows, unread };
}

function compareRowids(a: string, b: string): number {
  const d = BigInt(a) - BigInt(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

function unlistedRange(after: string | null, before: string | null): string {
  const what = 'rows no index listed';
  if (after !== null && before !== null) return `${what} between rowid ${after} and rowid ${before}`;
  if (after !== null) return `${what} after rowid ${after}`;
  if (before !== null) return `${what} before rowid ${before}`;
  return what;
}
