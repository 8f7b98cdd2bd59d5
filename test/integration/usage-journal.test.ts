// The usage journal: a recorded row is on disk when record() returns, SQLite gets it in a batch, the
// journal is emptied once everything is committed, and rows a dead process left in it are replayed at
// start (once: rows already written are not counted twice), their cost in the spend.
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageRecorder } from '../../src/node/usage/recorder';
import { readJournal, UsageJournal } from '../../src/node/usage/journal';
import { openDatabase } from '../../src/node/db';
import { tempDb, usageRecord, type TempDb } from './usage-fixtures';

let t: TempDb;
const open: UsageRecorder[] = [];
afterEach(() => {
  for (const r of open.splice(0)) r.close();
  t?.cleanup();
});

function recorder(db = t.db, opts: ConstructorParameters<typeof UsageRecorder>[1] = {}): UsageRecorder {
  const r = new UsageRecorder(db, { journalFile: join(t.dir, 'usage-journal.jsonl'), flushIntervalMs: 60_000, flushAtRows: 1e9, ...opts });
  open.push(r);
  return r;
}

const journalText = (): string => readFileSync(join(t.dir, 'usage-journal.jsonl'), 'utf8');
const rowCount = (db = t.db): number => (db.prepare('SELECT COUNT(*) AS n FROM usage_log').get() as { n: number }).n;

describe('UsageJournal', () => {
  it('holds each row as soon as record() returns, before any flush, and is emptied once committed', () => {
    t = tempDb();
    const r = recorder();
    r.record(usageRecord({ requestId: 'j-1' }));
    r.record(usageRecord({ requestId: 'j-2' }));
    expect(rowCount()).toBe(0);
    const lines = journalText().trim().split('\n').map((l) => JSON.parse(l) as { requestId: string });
    expect(lines.map((l) => l.requestId)).toEqual(['j-1', 'j-2']);
    r.flush();
    expect(rowCount()).toBe(2);
    expect(journalText()).toBe('');
  });

  it('replays what a dead process left, once, with its cost in the spend, skipping torn lines', () => {
    t = tempDb();
    const dead = recorder();
    for (let i = 0; i < 5; i++) dead.record(usageRecord({ requestId: `dead-${i}`, costUsd: 0.5 }));
    // the process "dies" here: no flush; one row had reached SQLite, one line was torn mid-write
    const other = openDatabase(t.file);
    const writer = new UsageRecorder(other);
    writer.record(usageRecord({ requestId: 'dead-0', costUsd: 0.5 }));
    writer.close();
    other.close();
    appendFileSync(join(t.dir, 'usage-journal.jsonl'), '{"requestId":"torn","us');
    open.splice(0);

    const db = openDatabase(t.file);
    try {
      const again = recorder(db);
      expect(again.replayed).toBe(4);
      expect(rowCount(db)).toBe(5);
      expect((db.prepare("SELECT COUNT(*) AS n FROM usage_log WHERE request_id = 'dead-0'").get() as { n: number }).n).toBe(1);
      expect(again.monthSpentUsd('default')).toBeCloseTo(2.5, 9);
      expect(journalText()).toBe('');
      again.close();
    } finally {
      db.close();
    }
  });

  it('a journal that takes no writes makes the recorder refuse, naming the place; rows still reach SQLite', () => {
    t = tempDb();
    const r = recorder();
    // the journal's file descriptor closed under it: every append fails (EBADF)
    (r as unknown as { journal: { close(): void } }).journal.close();
    r.record(usageRecord({ requestId: 'nojournal', costUsd: 1 }));
    expect(r.refusal()).toMatch(new RegExp(`Switchboard cannot record usage: .*${t.dir.replace(/[/\\]/g, '.')}`));
    // not durable, so not counted until SQLite has it
    expect(r.monthSpentUsd('default')).toBe(0);
    r.flush();
    expect(rowCount()).toBe(1);
    expect(r.monthSpentUsd('default')).toBeCloseTo(1, 9);
  });

  it('ends a line a crash tore before appending, so the next row is not lost with it', () => {
    t = tempDb();
    const file = join(t.dir, 'usage-journal.jsonl');
    appendFileSync(file, `${JSON.stringify(usageRecord({ requestId: 'whole' }))}\n{"requestId":"torn","us`);
    const journal = new UsageJournal(file);
    try {
      expect(journal.append(usageRecord({ requestId: 'after' }))).toBe(true);
    } finally {
      journal.close();
    }
    expect(readJournal(file).map((r) => r.requestId)).toEqual(['whole', 'after']);
  });

  it('ignores a missing journal and creates it 0600', () => {
    t = tempDb();
    const r = recorder();
    expect(r.replayed).toBe(0);
    r.record(usageRecord());
    expect(journalText().length).toBeGreaterThan(10);
    expect(statSync(join(t.dir, 'usage-journal.jsonl')).mode & 0o777).toBe(0o600);
  });
});
