// What the recorded rows add up to, in memory: each profile's spend (month, day, requests of unknown
// cost) and live credit balances, as the budget check on the hot path and the status read them without
// SQLite. UsageRecorder (recorder.ts) extends it and moves it as rows become durable, are written, are
// amended or are refused.
import type Database from 'better-sqlite3';
import type { UsageRecord } from '../../core/usage-record';
import { CreditLedger, SpendTracker } from './spend-tracker';
import { safeCost, safeStartedAt } from './usage-row';
import type { UsageRowKey } from './usage-writer';

/** A recorded row while it is queued. */
export interface Entry {
  r: UsageRecord;
  /** its cost is in the in-memory spend and credit draws */
  counted: boolean;
}

export class RecordedSpend {
  private readonly spend: SpendTracker;
  private readonly credits: CreditLedger;

  constructor(db: Database.Database, protected readonly now: () => number) {
    this.spend = SpendTracker.fromDatabase(db, now());
    this.credits = new CreditLedger(db);
  }

  /** This profile's spend in the UTC month of `now`, queued rows included. */
  monthSpentUsd(userId: string, now: Date | number = this.now()): number {
    return this.spend.monthSpentUsd(userId, +now);
  }

  /** Every profile's spend in the UTC month of `now`. */
  monthTotalUsd(now: Date | number = this.now()): number {
    return this.spend.monthTotal(+now).usd;
  }

  /** Every profile's requests of unknown cost in the UTC month of `now` (not in monthTotalUsd). */
  monthTotalUnpricedRequests(now: Date | number = this.now()): number {
    return this.spend.monthTotal(+now).unpriced;
  }

  /** Every profile's spend on the UTC day of `now`, queued rows included. */
  todaySpentUsd(now: Date | number = this.now()): number {
    return this.spend.todaySpentUsd(+now);
  }

  /** Every profile's requests of unknown cost on the UTC day of `now` (not in todaySpentUsd). */
  todayUnpricedRequests(now: Date | number = this.now()): number {
    return this.spend.todayUnpriced(+now);
  }

  /** This profile's requests of unknown cost in the UTC month of `now` (not in monthSpentUsd). */
  monthUnpricedRequests(userId: string, now: Date | number = this.now()): number {
    return this.spend.monthUnpriced(userId, +now);
  }

  /**
   * Live credit balance: the database value minus draws still queued. undefined for a profile the recorder has
   * not seen in the users table yet (balances are re-read after every successful flush).
   */
  creditBalanceUsd(userId: string): number | null | undefined {
    return this.credits.balanceUsd(userId);
  }

  /** The balance a budget check should use: the live one when known, else the profile's own. */
  liveCreditBalanceUsd(profile: { id: string; creditBalanceUsd: number | null }): number | null {
    const live = this.credits.balanceUsd(profile.id);
    return live === undefined ? profile.creditBalanceUsd : live;
  }

  /**
   * Call after writing `users.credit_balance_usd` (null: cleared, or the profile was deleted). Not needed when
   * the recorder was given the catalog store, whose change events trigger a reload.
   */
  noteCreditBalanceSet(userId: string, balanceUsd: number | null): void {
    this.credits.set(userId, balanceUsd);
  }

  /** The row's cost enters the in-memory spend and credit draws (it is durable, or written). */
  protected count(entry: Entry): void {
    entry.counted = true;
    const cost = safeCost(entry.r.costUsd);
    this.spend.add(entry.r.userId, cost, safeStartedAt(entry.r.startedAt));
    // a request of unknown cost draws nothing: it is counted apart, never as $0
    this.credits.draw(entry.r.userId, cost ?? 0);
  }

  /** The database refused the row: its cost leaves the spend again. */
  protected uncount(entry: Entry): void {
    if (!entry.counted) return;
    const cost = safeCost(entry.r.costUsd);
    this.spend.remove(entry.r.userId, cost, safeStartedAt(entry.r.startedAt));
    this.credits.settle(entry.r.userId, cost ?? 0);
  }

  /** The row left the queue unwritten (pushed out by the bound): its credit draw is no longer pending. */
  protected rowEvicted(entry: Entry): void {
    if (entry.counted) this.credits.settle(entry.r.userId, safeCost(entry.r.costUsd) ?? 0);
  }

  /** The row is in SQLite: its draw is in the stored balance now; a row never counted enters the spend. */
  protected rowWritten(entry: Entry): void {
    if (entry.counted) this.credits.settle(entry.r.userId, safeCost(entry.r.costUsd) ?? 0);
    else this.spend.addWritten(entry.r.userId, safeCost(entry.r.costUsd), safeStartedAt(entry.r.startedAt));
  }

  /** A queued row amended to `next`: a counted one moves the spend and its draw by the difference. */
  protected amendQueued(entry: Entry, next: UsageRecord): void {
    if (!entry.counted) return;
    const was = entry.r;
    this.spend.remove(was.userId, safeCost(was.costUsd), safeStartedAt(was.startedAt));
    this.spend.add(was.userId, safeCost(next.costUsd), safeStartedAt(next.startedAt));
    this.credits.adjust(was.userId, (safeCost(next.costUsd) ?? 0) - (safeCost(was.costUsd) ?? 0));
  }

  /** A written row's cost went from `wasCostUsd` to `nextCostUsd` (the database's draw moved with it). */
  protected amendWritten(key: UsageRowKey, wasCostUsd: number | null, nextCostUsd: number | null): void {
    this.spend.remove(key.userId, safeCost(wasCostUsd), key.startedAt);
    this.spend.addWritten(key.userId, nextCostUsd, key.startedAt);
    this.reloadCredits();
  }

  // Picks up balances the admin changed; a failed read only delays that.
  protected reloadCredits(): void {
    try {
      this.credits.reload();
    } catch {
      // the next successful flush reloads again
    }
  }
}
