// Alerts for the Usage tab and the tray: a spend spike, a provider failing repeatedly, a profile near or
// past its monthly cap or low on or out of credit. Computed on demand from the recorder's live spend and
// credit balances and the database; nothing stored.
import type Database from 'better-sqlite3';
import type { CatalogSnapshot, ProfileEntry } from '../../core/catalog';
import { formatUsd } from '../../shared/money';
import { capShare } from '../../shared/monthly-cap';
import type { Alert } from '../../shared/types';
import { countsAsErrorSql } from './counts-as-error-sql';
import type { UsageRecorder } from './recorder';
import { DAY_MS, utcDay, utcDayStartMs, utcMonth } from './time-keys';

export const SPIKE_FACTOR = 2;
export const SPIKE_MIN_USD = 0.01;
/** Days of usage before today it takes to have a daily average worth comparing with. */
export const SPIKE_MIN_HISTORY_DAYS = 3;
export const FAILING_AFTER = 3;
/** Share of the last hour's requests that may fail before it is news, and the traffic it takes to judge. */
export const ERROR_RATE_THRESHOLD = 0.05;
export const ERROR_RATE_MIN_REQUESTS = 10;
/**
 * A credit balance under this is nearly spent. A fixed amount, not a share of the last top-up: the balance is one
 * number the admin sets (PUT credit_balance_usd), so no top-up is recorded to take a share of.
 */
export const CREDIT_LOW_USD = 1;
const HOUR_MS = 3_600_000;

export type AlertProfile = Pick<ProfileEntry, 'id' | 'name' | 'monthlyCapUsd' | 'creditBalanceUsd'>;
export type SpendSource = Pick<UsageRecorder, 'todaySpentUsd' | 'monthSpentUsd' | 'liveCreditBalanceUsd'>;

export function alerts(
  db: Database.Database,
  spend: SpendSource,
  snapshot: CatalogSnapshot,
  profiles: readonly AlertProfile[],
  now: Date,
): Alert[] {
  const at = now.toISOString();
  return [
    ...spendSpike(db, spend, now, at),
    ...failingProviders(db, snapshot, at),
    ...capAlerts(spend, profiles, now, at),
    ...creditAlerts(spend, profiles, at),
    ...errorRate(db, now, at),
  ];
}

/**
 * Refusals by the user's own settings, not failures: the proxy paused, a profile at its monthly cap or out of
 * credit (budget_exhausted; both have their own alerts: cap_80/cap_100, credit_low/credit_exhausted), or refused
 * for what its requests in flight may yet spend (budget_in_flight). Paused and budget_in_flight answer "retry"
 * (429/503, x-should-retry), so a client retrying every few seconds would otherwise add a row each time and raise
 * a critical alert.
 */
const NOT_COUNTED_KINDS: readonly string[] = ['paused', 'budget_exhausted', 'budget_in_flight'];

/**
 * More than ERROR_RATE_THRESHOLD of the last hour's requests failed (a client hanging up, or Switchboard quitting
 * under one, is no failure). Requests refused by the user's own settings (NOT_COUNTED_KINDS) are not counted at all.
 * A 400 still counts: a provider's 400 may be the request Switchboard translated, and a client does not retry it.
 */
function errorRate(db: Database.Database, now: Date, at: string): Alert[] {
  const { total, failed } = db.prepare(
    `SELECT COUNT(*) AS total, COALESCE(SUM(${countsAsErrorSql()}), 0) AS failed
     FROM usage_log WHERE started_at >= ? AND started_at <= ?
       AND (error_kind IS NULL OR error_kind NOT IN (${NOT_COUNTED_KINDS.map(() => '?').join(', ')}))`,
  ).get(now.getTime() - HOUR_MS, now.getTime(), ...NOT_COUNTED_KINDS) as { total: number; failed: number };
  if (total < ERROR_RATE_MIN_REQUESTS || failed <= total * ERROR_RATE_THRESHOLD) return [];
  const pct = Math.round((failed / total) * 1000) / 10;
  return [{
    id: `error_rate:${utcDay(now.getTime())}T${now.getUTCHours()}`,
    kind: 'error_rate',
    severity: failed / total >= 0.25 ? 'critical' : 'warning',
    subject: 'requests',
    message: `${failed} of the last hour's ${total} requests failed (${pct}%); the Activity tab shows which and why`,
    created_at: at,
  }];
}

/**
 * Today's spend against the daily average of the 7 days before it, counted from the first day with
 * usage: days before a fresh install are no $0 days. Without SPIKE_MIN_HISTORY_DAYS of history, or
 * with no spend in it, there is nothing to compare with.
 */
function spendSpike(db: Database.Database, spend: SpendSource, now: Date, at: string): Alert[] {
  const today = spend.todaySpentUsd(now);
  if (today <= SPIKE_MIN_USD) return [];
  const todayStart = utcDayStartMs(now.getTime());
  const windowStart = utcDay(todayStart - 7 * DAY_MS);
  const { cost, first } = db.prepare(
    `SELECT COALESCE(SUM(CASE WHEN day >= ? THEN cost_usd END), 0) AS cost, MIN(day) AS first
     FROM usage_daily WHERE day < ?`,
  ).get(windowStart, utcDay(todayStart)) as { cost: number; first: string | null };
  if (first === null) return [];
  const since = Math.max(Date.parse(`${first}T00:00:00Z`), todayStart - 7 * DAY_MS);
  const days = Math.round((todayStart - since) / DAY_MS);
  if (days < SPIKE_MIN_HISTORY_DAYS) return [];
  const average = cost / days;
  if (!(average > 0) || today <= SPIKE_FACTOR * average) return [];
  const ratio = `${(today / average).toFixed(1)}x`;
  return [{
    id: `spend_spike:${utcDay(todayStart)}`,
    kind: 'spend_spike',
    severity: 'warning',
    subject: 'spend',
    message: `Spend today is ${formatUsd(today)}, ${ratio} the daily average of ${formatUsd(average)} over the last ${days} days`,
    created_at: at,
  }];
}

function failingProviders(db: Database.Database, snapshot: CatalogSnapshot, at: string): Alert[] {
  const rows = db.prepare(
    `SELECT provider_id AS id, consecutive_failures AS failures, message FROM provider_health
     WHERE consecutive_failures >= ? ORDER BY provider_id`,
  ).all(FAILING_AFTER) as { id: string; failures: number; message: string | null }[];
  // A disabled or deleted provider serves nothing: its failures are not news.
  return rows.filter((r) => snapshot.providers.get(r.id)?.enabled === true).map((r) => ({
    id: `provider_failing:${r.id}`,
    kind: 'provider_failing',
    severity: r.failures >= 2 * FAILING_AFTER ? 'critical' : 'warning',
    subject: r.id,
    message: `${snapshot.providers.get(r.id)?.name ?? r.id} failed ${r.failures} times in a row` +
      (r.message ? `: ${r.message}` : ''),
    created_at: at,
  }));
}

function capAlerts(spend: SpendSource, profiles: readonly AlertProfile[], now: Date, at: string): Alert[] {
  const out: Alert[] = [];
  for (const p of profiles) {
    const cap = p.monthlyCapUsd;
    const spent = spend.monthSpentUsd(p.id, now);
    // a $0 cap counts as reached: every request of the profile is refused
    const share = capShare(spent, cap);
    if (cap === null || share === null || share < 0.8) continue;
    const full = share >= 1;
    out.push({
      id: `${full ? 'cap_100' : 'cap_80'}:${p.id}:${utcMonth(now.getTime())}`,
      kind: full ? 'cap_100' : 'cap_80',
      severity: full ? 'critical' : 'warning',
      subject: p.id,
      message: cap === 0
        ? `${p.name} has a $0 monthly cap: its requests are refused until the cap is raised`
        : `${p.name} has spent ${formatUsd(spent)} of its ${formatUsd(cap)} monthly cap (${Math.floor(share * 100)}%)`,
      created_at: at,
    });
  }
  return out;
}

/**
 * A profile with a credit balance that is used up (at or below $0: the router refuses its requests with 402, as
 * budgetState says) or under CREDIT_LOW_USD. The live balance counts draws not yet flushed. The id holds no date:
 * the balance never resets by itself, and the notifier forgets an id once a top-up clears it.
 */
function creditAlerts(spend: SpendSource, profiles: readonly AlertProfile[], at: string): Alert[] {
  const out: Alert[] = [];
  for (const p of profiles) {
    const balance = spend.liveCreditBalanceUsd(p);
    if (balance === null || balance >= CREDIT_LOW_USD) continue;
    const empty = balance <= 0;
    const kind = empty ? 'credit_exhausted' : 'credit_low';
    out.push({
      id: `${kind}:${p.id}`,
      kind,
      severity: empty ? 'critical' : 'warning',
      subject: p.id,
      message: empty
        ? `${p.name} is out of credit: its requests are refused until credit is added`
        : `${p.name} has ${formatUsd(balance)} of credit left (under ${formatUsd(CREDIT_LOW_USD)}): its requests are refused once it is spent`,
      created_at: at,
    });
  }
  return out;
}
