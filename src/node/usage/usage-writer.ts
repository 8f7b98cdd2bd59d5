// Writes a batch of usage rows in ONE transaction: raw rows, their daily aggregates (upserted), and the
// credit draw-down of each profile that has a balance. All or nothing, so aggregates never drift from rows.
import type Database from 'better-sqlite3';
import type { UsageRow } from './usage-row';

const INSERT_LOG = `
INSERT INTO usage_log (
  request_id, started_at, day, user_id, token_id, inbound_api, endpoint, requested_model, model_id, provider_id,
  stream, failed_attempts, input_tokens, cached_input_tokens, cache_creation_input_tokens, cache_write_1h_input_tokens,
  output_tokens, reasoning_tokens, cost_usd, price_unknown, price_basis, provider_cost_usd, cost_drift_usd, estimated,
  ttfb_ms, latency_ms, status, error_kind, client, dropped
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const UPSERT_DAILY = `
INSERT INTO usage_daily (
  day, user_id, provider_id, model_id, requests, errors, input_tokens, cached_input_tokens, output_tokens,
  cost_usd, unpriced_requests, latency_ms_sum
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (day, user_id, provider_id, model_id) DO UPDATE SET
  requests = requests + excluded.requests,
  errors = errors + excluded.errors,
  input_tokens = input_tokens + excluded.input_tokens,
  cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens,
  output_tokens = output_tokens + excluded.output_tokens,
  cost_usd = cost_usd + excluded.cost_usd,
  unpriced_requests = unpriced_requests + excluded.unpriced_requests,
  latency_ms_sum = latency_ms_sum + excluded.latency_ms_sum`;

const DRAW_CREDIT = `
UPDATE users SET credit_balance_usd = credit_balance_usd - ?
WHERE id = ? AND credit_balance_usd IS NOT NULL`;

interface DailyDelta {
  day: string;
  userId: string;
  providerId: string;
  modelId: string;
  requests: number;
  errors: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** priced rows only */
  costUsd: number;
  unpricedRequests: number;
  latencyMsSum: number;
}

export class UsageWriter {
  private readonly insertLog: Database.Statement;
  private readonly upsertDaily: Database.Statement;
  private readonly drawCredit: Database.Statement;
  private readonly writeTx: (rows: readonly UsageRow[]) => void;

  constructor(db: Database.Database) {
    this.insertLog = db.prepare(INSERT_LOG);
    this.upsertDaily = db.prepare(UPSERT_DAILY);
    this.drawCredit = db.prepare(DRAW_CREDIT);
    this.writeTx = db.transaction((rows: readonly UsageRow[]) => this.writeRows(rows));
  }

  /** Throws (and writes nothing) if any part fails. */
  write(rows: readonly UsageRow[]): void {
    if (rows.length > 0) this.writeTx(rows);
  }

  private writeRows(rows: readonly UsageRow[]): void {
    const daily = new Map<string, DailyDelta>();
    const draws = new Map<string, number>();
    for (const row of rows) {
      // positional binding: about a third faster than named parameters for this many columns
      this.insertLog.run(
        row.request_id, row.started_at, row.day, row.user_id, row.token_id, row.inbound_api, row.endpoint,
        row.requested_model, row.model_id, row.provider_id, row.stream, row.failed_attempts, row.input_tokens,
        row.cached_input_tokens, row.cache_creation_input_tokens, row.cache_write_1h_input_tokens, row.output_tokens,
        row.reasoning_tokens, row.cost_usd, row.price_unknown, row.price_basis, row.provider_cost_usd, row.cost_drift_usd,
        row.estimated, row.ttfb_ms, row.latency_ms, row.status, row.error_kind, row.client, row.dropped,
      );
      addToDaily(daily, row);
      if (row.cost_usd !== null && row.cost_usd > 0) draws.set(row.user_id, (draws.get(row.user_id) ?? 0) + row.cost_usd);
    }
    for (const d of daily.values()) {
      this.upsertDaily.run(
        d.day, d.userId, d.providerId, d.modelId, d.requests, d.errors,
        d.inputTokens, d.cachedInputTokens, d.outputTokens, d.costUsd, d.unpricedRequests, d.latencyMsSum,
      );
    }
    for (const [userId, cost] of draws) this.drawCredit.run(cost, userId);
  }
}

function addToDaily(daily: Map<string, DailyDelta>, row: UsageRow): void {
  const providerId = row.provider_id ?? '';
  const modelId = row.model_id ?? '';
  const key = `${row.day}\u0000${row.user_id}\u0000${providerId}\u0000${modelId}`;
  let d = daily.get(key);
  if (!d) {
    d = {
      day: row.day, userId: row.user_id, providerId, modelId, requests: 0, errors: 0,
      inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, costUsd: 0, unpricedRequests: 0, latencyMsSum: 0,
    };
    daily.set(key, d);
  }
  d.requests++;
  if (row.error_kind !== null) d.errors++;
  d.inputTokens += row.input_tokens;
  d.cachedInputTokens += row.cached_input_tokens;
  d.outputTokens += row.output_tokens;
  if (row.cost_usd === null) d.unpricedRequests++;
  else d.costUsd += row.cost_usd;
  d.latencyMsSum += row.latency_ms;
}
