// In-memory running spend (per user per UTC month, total per UTC day) and live credit balances, so the
// budget check on the proxy's hot path never queries SQLite but once a month (or day) it first asks for: each is
// loaded from usage_daily whole when first needed, then fed by every record; the oldest are dropped.
import type Database from 'better-sqlite3';
import { utcDay, utcDayStartMs, utcMonth, DAY_MS } from './time-keys';

const KEEP_KEYS = 3;

/** Spend in one period: the priced requests' USD, and a count of those whose cost is unknown (never $0). */
interface Spend {
  usd: number;
  unpriced: number;
}

const NONE: Readonly<Spend> = { usd: 0, unpriced: 0 };

function bump(s: Spend, costUsd: number | null, sign: 1 | -1): void {
  if (costUsd === null) s.unpriced += sign;
  else s.usd += sign * costUsd;
}

export class SpendTracker {
  /** Whole months (every profile's spend), loaded from usage_daily on first use, then fed by every record. */
  private readonly months = new Map<string, Map<string, Spend>>();
  /** Whole days (every profile's spend), likewise. */
  private readonly days = new Map<string, Spend>();
  /** the cached key of the day being filled: `utcDay` costs a Date per call otherwise */
  private dayStart = -1;
  private dayKey = '';
  private readonly monthRows: Database.Statement<[string, string]>;
  private readonly dayRow: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.monthRows = db.prepare(
      `SELECT user_id AS userId, SUM(cost_usd) AS usd, SUM(unpriced_requests) AS unpriced
       FROM usage_daily WHERE day >= ? AND day <= ? GROUP BY user_id`,
    );
    this.dayRow = db.prepare(
      'SELECT COALESCE(SUM(cost_usd), 0) AS usd, COALESCE(SUM(unpriced_requests), 0) AS unpriced FROM usage_daily WHERE day = ?',
    );
  }

  /** Loads the current month's spend per user and today's total from usage_daily (others load when asked for). */
  static fromDatabase(db: Database.Database, nowMs: number): SpendTracker {
    const t = new SpendTracker(db);
    t.monthOf('', nowMs);
    t.dayOf(nowMs);
    return t;
  }

  /** A row not in the database yet. costUsd null: a request whose cost is unknown, counted apart. */
  add(userId: string, costUsd: number | null, atMs: number): void {
    this.change(userId, costUsd, atMs, 1, true);
  }

  /** A row already in the database: a month or day not loaded yet will read it there. */
  addWritten(userId: string, costUsd: number | null, atMs: number): void {
    this.change(userId, costUsd, atMs, 1, false);
  }

  /** Takes back what add() counted (the row never reached the database, or its cost there changed). */
  remove(userId: string, costUsd: number | null, atMs: number): void {
    this.change(userId, costUsd, atMs, -1, false);
  }

  // load: the row is not in the database, so a month or day not in memory is loaded before it is counted;
  // otherwise only what memory holds moves (a later load reads the database, which already agrees).
  private change(userId: string, costUsd: number | null, atMs: number, sign: 1 | -1, load: boolean): void {
    if (costUsd !== null && costUsd <= 0) return;
    const day = this.keyOfDay(atMs);
    const month = day.slice(0, 7);
    let perUser: Map<string, Spend> | undefined;
    let today: Spend | undefined;
    try {
      perUser = load ? this.loadedMonth(month) : this.months.get(month);
      today = load ? this.loadedDay(day) : this.days.get(day);
    } catch {
      // unreadable now: the period stays unloaded, and its first read loads it
    }
    if (perUser) {
      let user = perUser.get(userId);
      if (!user) perUser.set(userId, (user = { usd: 0, unpriced: 0 }));
      bump(user, costUsd, sign);
    }
    if (today) bump(today, costUsd, sign);
  }

  monthSpentUsd(userId: string, nowMs: number): number {
    return this.monthOf(userId, nowMs).usd;
  }

  /** This profile's requests of the month whose cost is unknown. */
  monthUnpriced(userId: string, nowMs: number): number {
    return this.monthOf(userId, nowMs).unpriced;
  }

  /** Every profile's spend and requests of unknown cost this month. */
  monthTotal(nowMs: number): Readonly<Spend> {
    const sum = { usd: 0, unpriced: 0 };
    for (const v of this.loadedMonth(utcMonth(nowMs)).values()) {
      sum.usd += v.usd;
      sum.unpriced += v.unpriced;
    }
    return sum;
  }

  todaySpentUsd(nowMs: number): number {
    return this.dayOf(nowMs).usd;
  }

  /** Every profile's requests of the day whose cost is unknown. */
  todayUnpriced(nowMs: number): number {
    return this.dayOf(nowMs).unpriced;
  }

  private dayOf(nowMs: number): Readonly<Spend> {
    return this.loadedDay(this.keyOfDay(nowMs));
  }

  private monthOf(userId: string, nowMs: number): Readonly<Spend> {
    return this.loadedMonth(utcMonth(nowMs)).get(userId) ?? NONE;
  }

  // The hot path's budget check: a Map lookup, and one keyed query the first time a month is asked for.
  private loadedMonth(month: string): Map<string, Spend> {
    let perUser = this.months.get(month);
    if (!perUser) {
      perUser = new Map();
      // day keys of the month only: a later month's rows are not this month's spend
      for (const r of this.monthRows.all(`${month}-01`, `${month}-31`) as ({ userId: string } & Spend)[]) {
        perUser.set(r.userId, { usd: r.usd, unpriced: r.unpriced });
      }
      this.months.set(month, perUser);
      trim(this.months, month);
    }
    return perUser;
  }

  private loadedDay(day: string): Spend {
    let spend = this.days.get(day);
    if (!spend) {
      const r = this.dayRow.get(day) as Spend;
      this.days.set(day, (spend = { usd: r.usd, unpriced: r.unpriced }));
      trim(this.days, day);
    }
    return spend;
  }

  private keyOfDay(ms: number): string {
    if (ms < this.dayStart || ms >= this.dayStart + DAY_MS) {
      this.dayStart = utcDayStartMs(ms);
      this.dayKey = utcDay(ms);
    }
    return this.dayKey;
  }
}

// Keys are date strings, so the lexically smallest is the oldest; the key just loaded stays, however old.
function trim<V>(m: Map<string, V>, kept: string): void {
  while (m.size > KEEP_KEYS) {
    const oldest = [...m.keys()].filter((k) => k !== kept).sort()[0];
    if (oldest === undefined) return;
    m.delete(oldest);
  }
}

/**
 * Live credit balance per profile: the database value minus every draw recorded since. `pending` holds draws
 * recorded but not yet flushed, so the database value (which lacks them) and the live one stay reconcilable:
 * live = database - pending, whenever the database value is (re)read or written by the admin.
 */
export class CreditLedger {
  private readonly balances = new Map<string, number | null>();
  private readonly pending = new Map<string, number>();
  private readonly selectAll: Database.Statement;

  constructor(db: Database.Database) {
    this.selectAll = db.prepare('SELECT id, credit_balance_usd AS balance FROM users');
    this.reload();
  }

  /** Re-reads every balance (cheap: one row per profile), picking up changes made behind the recorder's back. */
  reload(): void {
    const rows = this.selectAll.all() as { id: string; balance: number | null }[];
    this.balances.clear();
    for (const r of rows) this.set(r.id, r.balance);
  }

  /** undefined when the profile is unknown to the ledger (callers fall back to their snapshot). */
  balanceUsd(userId: string): number | null | undefined {
    return this.balances.get(userId);
  }

  draw(userId: string, costUsd: number): void {
    if (costUsd <= 0) return;
    this.pending.set(userId, (this.pending.get(userId) ?? 0) + costUsd);
    const b = this.balances.get(userId);
    if (typeof b === 'number') this.balances.set(userId, b - costUsd);
  }

  /** A queued row's cost changed by `deltaUsd` (amended): its pending draw and the live balance move with it. */
  adjust(userId: string, deltaUsd: number): void {
    if (deltaUsd === 0) return;
    const left = (this.pending.get(userId) ?? 0) + deltaUsd;
    if (Math.abs(left) > 1e-12) this.pending.set(userId, left);
    else this.pending.delete(userId);
    const b = this.balances.get(userId);
    if (typeof b === 'number') this.balances.set(userId, b - deltaUsd);
  }

  /** The rows carrying these draws reached the database (or were dropped): they are no longer pending. */
  settle(userId: string, costUsd: number): void {
    if (costUsd <= 0) return;
    const left = (this.pending.get(userId) ?? 0) - costUsd;
    if (left > 1e-12) this.pending.set(userId, left);
    else this.pending.delete(userId);
  }

  /** The database now holds `balanceUsd` for this profile (null: no balance, or the profile is gone). */
  set(userId: string, balanceUsd: number | null): void {
    this.balances.set(userId, balanceUsd === null ? null : balanceUsd - (this.pending.get(userId) ?? 0));
  }
}
