import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DataWarnings } from './data-warnings';

const dataDir = mkdtempSync(join(tmpdir(), 'sb-warnings-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function backup(day: string, written: Date): string {
  const file = join(dataDir, 'backups', `switchboard-${day}.db`);
  writeFileSync(file, 'a copy');
  utimesSync(file, written, written);
  return file;
}

it('a replaced database names the newest backup dated up to today and written no earlier than its day', () => {
  mkdirSync(join(dataDir, 'backups'));
  const kept = backup('2026-01-05', new Date(Date.UTC(2026, 0, 5, 9)));
  // named for today but written (while the clock was ahead) a week before: it holds that day's data
  backup('2026-01-09', new Date(Date.UTC(2026, 0, 2, 9)));
  backup('2026-02-20', new Date(Date.UTC(2026, 1, 20, 9)));
  const lines: string[] = [];
  const warnings = new DataWarnings(dataDir, (l) => lines.push(l), () => null);
  const replaced = { movedTo: '/x/switchboard.db.corrupt-1', reason: 'malformed', salvageFile: null, installId: null, keyOrigins: {} };
  warnings.databaseReplaced('/x/switchboard.db', replaced, new Date(Date.UTC(2026, 0, 9, 12)));
  // before: the 2026-02-20 copy, dated after today, was named as the newest
  expect(warnings.list()[0]).toMatchObject({ kind: 'database_replaced', latest_backup: kept });
  expect(lines).toEqual([expect.stringContaining(`The newest daily backup is ${kept}.`)]);
});
