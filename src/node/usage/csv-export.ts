// The usage export: a header line, then one line per request (RFC 4180 quoting, `\n` line ends).
// Text a spreadsheet would evaluate (= + - @, tab, CR at the start) gets a leading apostrophe.
import type Database from 'better-sqlite3';
import { windowStartMs } from './time-keys';
import type { UsageRow } from './usage-row';

/** exportCsv keeps the newest rows up to about this many, so the string stays far below V8's limit (~60 MB). */
export const CSV_EXPORT_MAX_ROWS = 250_000;

export const CSV_COLUMNS = [
  'request_id', 'time', 'user_id', 'token_id', 'inbound_api', 'endpoint', 'requested_model', 'model_id',
  'provider_id', 'stream', 'input_tokens', 'cached_input_tokens', 'cache_creation_input_tokens', 'output_tokens',
  'reasoning_tokens', 'cost_usd', 'estimated', 'ttfb_ms', 'latency_ms', 'status', 'error_kind', 'failed_attempts',
  // cost_usd is empty when price_unknown is true (never 0); the rest say how a cost was reached
  'cache_write_1h_input_tokens', 'price_unknown', 'price_basis', 'provider_cost_usd', 'cost_drift_usd',
] as const;

/** A usage_log row as the export reads it: the failed attempts only counted. */
type LogRow = Omit<UsageRow, 'day' | 'failed_attempts' | 'client' | 'dropped'> & { failed: number };

const SELECT = `SELECT request_id, started_at, user_id, token_id, inbound_api, endpoint, requested_model, model_id,
  provider_id, stream, input_tokens, cached_input_tokens, cache_creation_input_tokens, output_tokens,
  reasoning_tokens, cost_usd, estimated, ttfb_ms, latency_ms, status, error_kind,
  COALESCE(json_array_length(failed_attempts), 0) AS failed, cache_write_1h_input_tokens, price_unknown, price_basis,
  provider_cost_usd, cost_drift_usd
  FROM usage_log`;

/**
 * Streams the export line by line (each ends with `\n`), oldest first, with no row cap: for transports
 * that can write a body incrementally. Holds a read statement open until exhausted or returned.
 */
export function csvLines(db: Database.Database, days: number, now: Date): Generator<string> {
  return linesSince(db, windowStartMs(now.getTime(), days));
}

/**
 * The whole export as one string, oldest first. Past `maxRows` rows it starts later in the window
 * so that the newest rows are kept (rows sharing the boundary millisecond may add a few more).
 */
export function exportCsv(db: Database.Database, days: number, now: Date, maxRows = CSV_EXPORT_MAX_ROWS): string {
  let since = windowStartMs(now.getTime(), days);
  const newestCapped = db.prepare(
    'SELECT started_at FROM usage_log WHERE started_at >= ? ORDER BY started_at DESC LIMIT 1 OFFSET ?',
  ).pluck().get(since, Math.max(0, maxRows - 1)) as number | undefined;
  if (newestCapped !== undefined) since = newestCapped;
  return [...linesSince(db, since)].join('');
}

/** The rows that started in [fromMs, toMs), oldest first, with no row cap (a range is at most a year). */
export function exportCsvBetween(db: Database.Database, fromMs: number, toMs: number): string {
  return [...linesSince(db, fromMs, toMs)].join('');
}

function* linesSince(db: Database.Database, sinceMs: number, untilMs = Number.MAX_SAFE_INTEGER): Generator<string> {
  yield `${CSV_COLUMNS.join(',')}\n`;
  const stmt = db.prepare(`${SELECT} WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id`);
  for (const row of stmt.iterate(sinceMs, untilMs) as IterableIterator<LogRow>) yield csvLine(row);
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
  if (v === null) return '';
  return v === 0 ? '0' : v.toFixed(12).replace(/\.?0+$/, '');
}
