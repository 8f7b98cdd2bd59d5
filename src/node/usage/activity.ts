// The activity log read from usage_log: newest first, a (started_at, id) cursor, optional filters.
// Only the raw log holds single requests, so entries older than the retention setting are gone.
import type Database from 'better-sqlite3';
import type { ActivityEntry, ActivityPage, RequestAttempt } from '../../shared/activity-types';
import { isCutShort } from '../../shared/counts-as-error';
import { parseJson } from '../catalog/repos/rows';
import { countsAsErrorSql } from './counts-as-error-sql';

export interface ActivityFilter {
  limit: number;
  /** entries strictly older than this (started_at, id) */
  before: { startedAt: number; id: number } | null;
  status: 'success' | 'error' | number | null;
  userId: string | null;
  /** matches the served model id or the requested name */
  model: string | null;
  /** substring of the User-Agent */
  client: string | null;
}

interface LogRow {
  id: number;
  request_id: string;
  started_at: number;
  user_id: string;
  client: string | null;
  inbound_api: string;
  endpoint: string;
  requested_model: string;
  model_id: string | null;
  stream: number;
  failed_attempts: string | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
  estimated: number;
  price_basis: string | null;
  ttfb_ms: number | null;
  latency_ms: number;
  status: number;
  error_kind: string | null;
  dropped: string | null;
  has_bodies: number;
}

interface StoredAttempt {
  model?: unknown;
  kind?: unknown;
  status?: unknown;
  message?: unknown;
  latency_ms?: unknown;
  wait_ms?: unknown;
  billed?: { input_tokens?: unknown; output_tokens?: unknown; cost_usd?: unknown };
}

const COLUMNS = `id, request_id, started_at, user_id, client, inbound_api, endpoint, requested_model, model_id, stream,
  failed_attempts, input_tokens, output_tokens, cost_usd, estimated, price_basis, ttfb_ms, latency_ms, status, error_kind, dropped,
  EXISTS (SELECT 1 FROM request_bodies b WHERE b.request_id = usage_log.request_id) AS has_bodies`;

/** `<started_at>-<id>`: opaque to clients, stable under inserts. */
function encodeCursor(startedAt: number, id: number): string {
  return `${startedAt}-${id}`;
}

/** A cursor from `next_before`, or an ISO time (everything that started before it); null when neither. */
export function decodeCursor(raw: string): { startedAt: number; id: number } | null {
  const m = /^(\d{1,16})-(\d{1,16})$/.exec(raw);
  if (m) return { startedAt: Number(m[1]), id: Number(m[2]) };
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw)) return null;
  const t = Date.parse(raw);
  // id 0: no row of that millisecond is newer than the time itself
  return Number.isFinite(t) ? { startedAt: t, id: 0 } : null;
}

export class ActivityLog {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  list(f: ActivityFilter): ActivityPage {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (f.before) {
      where.push('(started_at < ? OR (started_at = ? AND id < ?))');
      args.push(f.before.startedAt, f.before.startedAt, f.before.id);
    }
    if (f.status === 'success') where.push('error_kind IS NULL');
    else if (f.status === 'error') where.push(countsAsErrorSql());
    else if (typeof f.status === 'number') {
      where.push('status = ?');
      args.push(f.status);
    }
    if (f.userId !== null) {
      where.push('user_id = ?');
      args.push(f.userId);
    }
    if (f.model !== null) {
      where.push('(model_id = ? OR requested_model = ?)');
      args.push(f.model, f.model);
    }
    if (f.client !== null) {
      where.push("client LIKE ? ESCAPE '\\'");
      args.push(`%${f.client.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    const sql = `SELECT ${COLUMNS} FROM usage_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY started_at DESC, id DESC LIMIT ?`;
    const rows = this.statement(sql).all(...args, f.limit + 1) as LogRow[];
    const page = rows.slice(0, f.limit);
    const last = page[page.length - 1];
    return {
      requests: page.map(toEntry),
      next_before: rows.length > f.limit && last ? encodeCursor(last.started_at, last.id) : null,
    };
  }

  /** The newest entry with this request id. */
  get(requestId: string): ActivityEntry | undefined {
    const row = this.statement(`SELECT ${COLUMNS} FROM usage_log WHERE request_id = ? ORDER BY id DESC LIMIT 1`)
      .get(requestId) as LogRow | undefined;
    return row && toEntry(row);
  }

  // a handful of filter combinations at most: each prepared once
  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}

function toEntry(r: LogRow): ActivityEntry {
  return {
    request_id: r.request_id,
    started_at: new Date(r.started_at).toISOString(),
    user_id: r.user_id,
    client: r.client,
    inbound_api: r.inbound_api,
    endpoint: r.endpoint,
    requested_model: r.requested_model,
    model_id: r.model_id,
    status: r.status,
    error_kind: r.error_kind,
    stream: r.stream === 1,
    attempts: attemptsOf(r),
    input_tokens: r.input_tokens,
    output_tokens: r.output_tokens,
    cost_usd: r.cost_usd,
    estimated: r.estimated === 1,
    price_basis: r.price_basis ? r.price_basis.split(',') : [],
    ttfb_ms: r.ttfb_ms,
    latency_ms: r.latency_ms,
    dropped: parseJson<unknown[]>(r.dropped, []).filter((x): x is string => typeof x === 'string'),
    has_bodies: r.has_bodies === 1,
  };
}

const tokenCount = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);

function billedOf(a: StoredAttempt): Pick<RequestAttempt, 'billed'> {
  const b = a.billed;
  if (typeof b !== 'object' || b === null) return {};
  const cost = typeof b.cost_usd === 'number' && Number.isFinite(b.cost_usd) ? b.cost_usd : null;
  return { billed: { input_tokens: tokenCount(b.input_tokens), output_tokens: tokenCount(b.output_tokens), cost_usd: cost } };
}

/**
 * The failed attempts as recorded, then the one that served (or was cut off by the client, or by shutdown). Its
 * latency is what remains of the request's after the failed ones and the pauses between tries (retry back-off,
 * retry-after): the attempts run one after another.
 */
function attemptsOf(r: Pick<LogRow, 'failed_attempts' | 'model_id' | 'status' | 'error_kind' | 'latency_ms'>): RequestAttempt[] {
  const stored = parseJson<StoredAttempt[]>(r.failed_attempts, []);
  const out: RequestAttempt[] = (Array.isArray(stored) ? stored : []).map((a) => ({
    model: typeof a.model === 'string' ? a.model : '',
    error_kind: typeof a.kind === 'string' ? a.kind : 'error',
    status: typeof a.status === 'number' ? a.status : null,
    latency_ms: typeof a.latency_ms === 'number' ? a.latency_ms : null,
    message: typeof a.message === 'string' ? a.message : null,
    ...(typeof a.wait_ms === 'number' && a.wait_ms > 0 ? { wait_ms: a.wait_ms } : {}),
    ...billedOf(a),
  }));
  const reachedModel = r.model_id !== null && (r.status < 400 || isCutShort(r.error_kind));
  if (reachedModel) {
    const failedMs = out.reduce<number | null>((sum, a) => (sum === null || a.latency_ms === null ? null : sum + a.latency_ms + (a.wait_ms ?? 0)), 0);
    out.push({
      model: r.model_id as string,
      error_kind: r.error_kind,
      // it served: the provider answered 2xx (a client that hung up may have cut it before any answer)
      status: r.status < 400 ? 200 : null,
      latency_ms: failedMs === null ? null : Math.max(0, r.latency_ms - failedMs),
      message: null,
    });
  }
  return out;
}
