// The admin methods of the Usage tab: summary, CSV export, what-if, alerts, credits.
// Each flushes the recorder first, so a request that just finished is in the numbers.
import type { AdminService } from '../../shared/contract';
import type { CatalogSnapshot } from '../../core/catalog';
import { POWER_LEVELS, type Alert, type PowerLevel, type WhatIfResult } from '../../shared/types';
import {
  alerts, credits, csvExport, CSV_EXPORT_MAX_ROWS, datesWindow, daysWindow, exportCsv, lastRowId, parseRange, usageSummary, usageSummaryBetween, whatIf,
  type CsvExport, type CsvWindow,
} from '../usage/analytics';
import type { UsageRecorder } from '../usage/recorder';
import type { ServiceContext } from './context';
import { badRequest, notFound, toAdminError, withAdminErrors } from './errors';

/** What these methods use of the ServiceContext (a full one fits). */
export type UsageMethodsContext = Pick<ServiceContext, 'db' | 'now'> & {
  catalog: Pick<ServiceContext['catalog'], 'snapshot'>;
};

export type UsageMethods = Pick<AdminService, 'getUsage' | 'exportUsageCsv' | 'whatIf' | 'getAlerts' | 'getCredits'>;

export const DEFAULT_SUMMARY_DAYS = 7;
export const DEFAULT_EXPORT_DAYS = 30;
export const DEFAULT_CREDITS_USER = 'default';

interface UserRow {
  id: string;
  name: string;
  power_level: string;
  monthly_cap_usd: number | null;
  credit_balance_usd: number | null;
}

/** `isProviderDown`: the local servers the probe found not running (what-if leaves them out, as the router does). */
export function createUsageMethods(
  ctx: UsageMethodsContext, recorder: UsageRecorder, extraAlerts: (now: Date) => Alert[] = () => [],
  isProviderDown: (providerId: string) => boolean = () => false,
): UsageMethods {
  const { db } = ctx;
  // Profiles come from the users table, not the snapshot: after a flush it holds the drawn-down balance.
  const userById = db.prepare(
    'SELECT id, name, power_level, monthly_cap_usd, credit_balance_usd FROM users WHERE id = ?',
  );
  const allUsers = db.prepare('SELECT id, name, monthly_cap_usd, credit_balance_usd FROM users ORDER BY id');
  let running: { key: string; snapshot: CatalogSnapshot; result: Promise<WhatIfResult> } | undefined;

  return withAdminErrors<UsageMethods>({
    async getUsage(input) {
      const range = parseRange(input, DEFAULT_SUMMARY_DAYS, ctx.now());
      recorder.flush();
      return range.from === undefined ? usageSummary(db, range.days, ctx.now()) : usageSummaryBetween(db, range.from, range.to);
    },
    // one string (IPC, the UI's download): capped, the newest rows kept; HTTP streams instead (createUsageCsvStream)
    async exportUsageCsv(input) {
      const win = exportWindow(input, ctx.now());
      const maxRows = Math.min(parseMaxRows(input?.max_rows) ?? CSV_EXPORT_MAX_ROWS, CSV_EXPORT_MAX_ROWS);
      recorder.flush();
      return (await exportCsv(db, win, maxRows)).csv;
    },
    // runs over many turns of the event loop: the same question asked again meanwhile (a second window, a
    // double click) over the same rows waits for the same answer instead of running it twice; once a request
    // has finished since, it is a new question
    async whatIf(input) {
      recorder.flush();
      const snapshot = ctx.catalog.snapshot();
      const lastRow = lastRowId(db);
      const key = JSON.stringify([input?.days ?? null, input?.model ?? null, input?.power_level ?? null, lastRow]);
      if (running?.key === key && running.snapshot === snapshot) return running.result;
      const result = whatIf(db, snapshot, input, ctx.now(), isProviderDown, lastRow);
      const entry = { key, snapshot, result };
      running = entry;
      const done = (): void => {
        if (running === entry) running = undefined;
      };
      result.then(done, done);
      return result;
    },
    async getAlerts() {
      recorder.flush();
      const profiles = (allUsers.all() as Omit<UserRow, 'power_level'>[])
        .map((u) => ({ id: u.id, name: u.name, monthlyCapUsd: u.monthly_cap_usd, creditBalanceUsd: u.credit_balance_usd }));
      const now = ctx.now();
      return [...alerts(db, recorder, ctx.catalog.snapshot(), profiles, now), ...extraAlerts(now)];
    },
    async getCredits(input) {
      const id = typeof input?.user_id === 'string' && input.user_id !== '' ? input.user_id : DEFAULT_CREDITS_USER;
      recorder.flush();
      const u = userById.get(id) as UserRow | undefined;
      if (!u) throw notFound('profile', id);
      return credits(recorder, {
        id: u.id,
        powerLevel: asPowerLevel(u.power_level),
        monthlyCapUsd: u.monthly_cap_usd,
        creditBalanceUsd: u.credit_balance_usd,
      }, ctx.now());
    },
  });
}

type ExportInput = Parameters<UsageMethods['exportUsageCsv']>[0];

/**
 * GET /api/v1/llm/usage/export: every row of the window, line by line, for a transport that writes
 * them as the client reads (no cap unless the caller sends `max_rows`).
 */
export function createUsageCsvStream(ctx: Pick<ServiceContext, 'db' | 'now'>, recorder: Pick<UsageRecorder, 'flush'>): (input: unknown) => CsvExport {
  return (raw) => {
    const input = raw as ExportInput;
    try {
      const win = exportWindow(input, ctx.now());
      const maxRows = parseMaxRows(input?.max_rows) ?? Infinity;
      recorder.flush();
      return csvExport(ctx.db, win, maxRows);
    } catch (e) {
      throw toAdminError(e);
    }
  };
}

function exportWindow(input: ExportInput, now: Date): CsvWindow {
  const range = parseRange(input, DEFAULT_EXPORT_DAYS, now);
  return range.from === undefined ? daysWindow(range.days, now) : datesWindow(range.from, range.to);
}

function parseMaxRows(v: unknown): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'string' && /^\s*\d{1,9}\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw badRequest('max_rows must be a positive integer', 'max_rows');
  return n;
}

function asPowerLevel(v: string): PowerLevel {
  return (POWER_LEVELS as readonly string[]).includes(v) ? (v as PowerLevel) : 'balanced';
}
