// The usage export: a header line, then one line per request (RFC 4180 quoting, `\n` line ends).
// Text a spreadsheet would evaluate (= + - @, tab, CR at the start) gets a leading apostrophe.
import type Database from 'better-sqlite3';
import { usdDecimal } from '../../shared/money';
import { USAGE_CSV_MAX_ROWS } from '../../shared/usage-types';
import { logFromOf } from './log-coverage';
import { windowStartMs } from './time-keys';
import type { UsageRow } from './usage-row';

/** The most rows one export holds where it has to be one string (see USAGE_CSV_MAX_ROWS). */
export const CSV_EXPORT_MAX_ROWS = USAGE_CSV_MAX_ROWS;

/** rows read per query while streaming: no statement stays open between pages (the recorder writes meanwhile) */
const PAGE_ROWS = 2_000;

export const CSV_COLUMNS = [
  'request_id', 'time', 'user_id', 'token_id', 'inbound_api', 'endpoint', 'requested_model', 'model_id',
  'provider_id', 'stream', 'input_tokens', 'cached_input_tokens', 'cache_creation_input_tokens', 'output_tokens',
  'reasoning_tokens', 'cost_usd', 'estimated', 'ttfb_ms', 'latency_ms', 'status', 'error_kind', 'failed_attempts',
  // cost_usd is empty when price_unknown is true (never 0); the rest say how a cost was reached
  'cache_write_1h_input_tokens', 'price_unknown', 'price_basis', 'provider_cost_usd', 'cost_drift_usd',
] as const;

/** A usage_log row as the export reads it: the failed attempts only counted. */
type LogRow = Omit<UsageRow, 'day' | 'failed_attempts' | 'client' | 'dropped'> & { failed: number; id: number };

const SELECT = `SELECT id, request_id, started_at, user_id, token_id, inbound_api, endpoint, requested_model, model_id,
  provider_id, stream, input_tokens, cached_input_tokens, cache_creation_input_tokens, output_tokens,
  reasoning_tokens, cost_usd, estimated, ttfb_ms, latency_ms, status, error_kind,
  COALESCE(json_array_length(failed_attempts), 0) AS failed, cache_write_1h_input_tokens, price_unknown, price_basis,
  provider_cost_usd, cost_drift_usd
  FROM usage_log`;

/** Rows that started in [fromMs, toMs). */
export interface CsvWindow {
  fromMs: number;
  toMs: number;
}

/** The last `days` UTC days up to now (today included). */
export function daysWindow(days: number, now: Date): CsvWindow {
  return { fromMs: windowStartMs(now.getTime(), days), toMs: Number.MAX_SAFE_INTEGER };
}

/** Whole UTC days `from`..`to` (YYYY-MM-DD), both included. */
export function datesWindow(from: string, to: string): CsvWindow {
  return { fromMs: Date.parse(`${from}T00:00:00Z`), toMs: Date.parse(`${to}T00:00:00Z`) + 86_400_000 };
}

export interface CsvExport {
  /** the header line, then one line per request, oldest first; each ends with `\n` */
  lines: Generator<string>;
  /** requests of the window left out by the row cap (the oldest ones); 0 when every one is there */
  truncatedRows: number;
  /**
   * the first UTC day (`YYYY-MM-DD`) on which the request log holds every request, when the window starts
   * before it (retention pruned the older rows; the daily totals still count them); null when it holds the whole window
   */
  logFrom: string | null;
}

/**
 * The export of a window, line by line. With `maxRows` only the newest that many rows are given and
 * `truncatedRows` says how many were left out. Rows are read a page at a time, so no read statement
 * stays open while the caller waits for a slow client.
 */
export function csvExport(db: Database.Database, win: CsvWindow, maxRows = Infinity): CsvExport {
  const total = db.prepare('SELECT COUNT(*) FROM usage_log WHERE started_at >= ? AND started_at < ?')
    .pluck().get(win.fromMs, win.toMs) as number;
  const truncatedRows = Math.max(0, total - maxRows);
  let first: { started_at: number; id: number } | undefined;
  if (truncatedRows > 0) {
    first = db.prepare('SELECT started_at, id FROM usage_log WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id LIMIT 1 OFFSET ?')
      .get(win.fromMs, win.toMs, truncatedRows) as { started_at: number; id: number } | undefined;
  }
  return { lines: pagedLines(db, win, first, maxRows), truncatedRows, logFrom: logFromOf(db, win.fromMs, win.toMs) };
}

/** The whole export of the last `days` days, streamed with no row cap. */
export function csvLines(db: Database.Database, days: number, now: Date): Generator<string> {
  return csvExport(db, daysWindow(days, now)).lines;
}

/**
 * The export as one string, capped at `maxRows` (the newest kept). Built a page at a time with a turn
 * of the event loop between pages: a quarter of a million rows takes seconds, which the proxy's
 * requests must not wait for.
 */
export async function exportCsv(
  db: Database.Database, win: CsvWindow, maxRows = CSV_EXPORT_MAX_ROWS,
): Promise<{ csv: string; truncatedRows: number; logFrom: string | null }> {
  const { lines, truncatedRows, logFrom } = csvExport(db, win, maxRows);
  const parts: string[] = [];
  for (const line of lines) {
    parts.push(line);
    if (parts.length % PAGE_ROWS === 0) await new Promise(setImmediate);
  }
  return { csv: parts.join(''), truncatedRows, logFrom };
}

function* pagedLines(db: Database.Database, win: CsvWindow, first: { started_at: number; id: number } | undefined, maxRows: number): Generator<string> {
  yield `${CSV_COLUMNS.join(',')}\n`;
  const page = db.prepare(`${SELECT} WHERE started_at >= ? AND started_at < ? AND (started_at > ? OR id > ?)
    ORDER BY started_at, id LIMIT ?`);
  // the cursor is the last row given: (started_at, id), or just before the first row to give
  let at = first ? { started_at: first.started_at, id: first.id - 1 } : { started_at: win.fromMs, id: Number.MIN_SAFE_INTEGER };
  let left = maxRows;
  while (left > 0) {
    const rows = page.all(at.started_at, win.toMs, at.started_at, at.id, Math.min(PAGE_ROWS, left)) as LogRow[];
    for (const row of rows) yield csvLine(row);
    if (rows.length < PAGE_ROWS) return;
    left -= rows.length;
    const last = rows[rows.length - 1]!;
    at = { started_at: last.started_at, id: last.id };
  }
}

function csvLine(r: LogRow): string {
  return [
    text(r.request_id), new Date(r.started_at).toISOString(), text(r.user_id), text(r.token_id),
    text(r.inbound_api), text(r.endpoint), text(r.requested_model), text(r.model_id), text(r.provider_id),
    r.stream ? 'true' : 'false', r.input_tokens, r.cached_input_tokens, r.cache_creation_input_tokens,
    r.output_tokens, r.reasoning_tokens, usd(r.cost_usd), r.estimated ? 'true' : 'false', r.ttfb_ms ?? '',
    r.latency_ms, r.status, text(r.error_kind), r.failed, r.cache_write_1h_input_tokens, r.price_unknown ? 'true' : 'false',
    text(r.price_basis), usd(r.provider_cost_usd), usd(r.cost_drift_usd),
  ].join(',') + '\n';
}

/** A text field: neutralised against formula injection, then quoted when it must be. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function text(v: string | null): string {
  return v === null ? '' : csvField(v);
}

// Fixed-point: `String(1e-7)` would print an exponent some spreadsheets read as text. Unknown stays empty.
function usd(v: number | null): string {
  return v === null ? '' : usdDecimal(v);
}
