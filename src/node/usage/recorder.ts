// The usage recorder: the proxy hands it one UsageRecord per request. record() is O(1) and never touches the
// disk; a timer writes the queue in batches (one transaction each) so a row is on disk well within a second.
// A failing disk keeps the rows queued (bounded) and reports, and the proxy keeps serving.
import type Database from 'better-sqlite3';
import type { UsageRecord } from '../../core/usage-record';
import { BodyCapture } from './body-capture';
import { BoundedQueue } from './bounded-queue';
import { pruneUsageLog } from './retention';
import { CreditLedger, SpendTracker } from './spend-tracker';
import { safeCost, safeStartedAt, toUsageRow } from './usage-row';
import { UsageWriter } from './usage-writer';

export interface RecorderError {
  /** SQLite's code (`SQLITE_FULL`, `SQLITE_BUSY`, ...) or the error's name */
  code: string;
  message: string;
  /** ISO time */
  at: string;
}

export interface RecorderHealth {
  queued: number;
  /** rows lost: pushed out by the queue bound, refused by the database row by row, or recorded after close */
  dropped: number;
  /** rows written since start */
  written: number;
  /** the last write failure; null once a later flush succeeded */
  lastError: RecorderError | null;
  lastFlushAt: string | null;
}

export interface UsageRecorderOptions {
  /** longest a row waits in memory before a flush is attempted; default 200 ms */
  flushIntervalMs?: number;
  /** flush at once (next tick) when this many rows are queued; default 500 */
  flushAtRows?: number;
  /** rows kept while the disk fails; the oldest are dropped beyond it; default 100,000 */
  maxQueued?: number;
  /** rows per transaction in a timer flush, so a backlog never blocks the event loop long; default 5,000 */
  maxBatchRows?: number;
  /** called on every failed write attempt */
  onError?: (err: RecorderError) => void;
  /** the catalog store: every admin change re-reads the credit balances (a top-up counts at once) */
  catalog?: { onChange(fn: () => void): () => void };
  now?: () => number;
}

const RETRY_MAX_MS = 2_000;

export class UsageRecorder {
  private readonly queue: BoundedQueue<UsageRecord>;
  private readonly writer: UsageWriter;
  private readonly spend: SpendTracker;
  private readonly credits: CreditLedger;
  /** opt-in request/response bodies (see body-capture.ts) */
  readonly bodies: BodyCapture;
  private readonly flushIntervalMs: number;
  private readonly flushAtRows: number;
  private readonly maxBatchRows: number;
  private readonly onError: ((err: RecorderError) => void) | undefined;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private failures = 0;
  private rejected = 0;
  private written = 0;
  private lastError: RecorderError | null = null;
  private lastFlushAt: number | null = null;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly db: Database.Database, opts: UsageRecorderOptions = {}) {
    this.flushIntervalMs = opts.flushIntervalMs ?? 200;
    this.flushAtRows = opts.flushAtRows ?? 500;
    this.maxBatchRows = opts.maxBatchRows ?? 5_000;
    this.queue = new BoundedQueue(opts.maxQueued ?? 100_000);
    this.onError = opts.onError;
    this.now = opts.now ?? Date.now;
    this.writer = new UsageWriter(db);
    this.spend = SpendTracker.fromDatabase(db, this.now());
    this.credits = new CreditLedger(db);
    this.bodies = new BodyCapture(db, this.now);
    this.unsubscribe = opts.catalog?.onChange(() => this.reloadCredits()) ?? (() => {});
  }

  /** O(1): queue the row and account its cost in memory. Do not mutate `r` afterwards. */
  record(r: UsageRecord): void {
    if (this.closed) {
      this.rejected++;
      return;
    }
    const cost = safeCost(r.costUsd);
    this.spend.add(r.userId, cost, safeStartedAt(r.startedAt));
    this.credits.draw(r.userId, cost);
    const evicted = this.queue.push(r);
    if (evicted) this.credits.settle(evicted.userId, safeCost(evicted.costUsd));
    if (this.queue.length >= this.flushAtRows && this.failures === 0) this.flushSoon();
    else if (!this.timer) this.schedule(this.flushIntervalMs);
  }

  /** The pipeline's body-capture hook: stores nothing unless capture is switched on (redacted, size-bounded). */
  captureBodies(requestId: string, request: unknown, response: unknown): void {
    if (!this.closed) this.bodies.capture(requestId, request, response);
  }

  /** Writes everything queued now, synchronously. Never throws: failures show in health() and onError. */
  flush(): void {
    this.clearTimers();
    this.flushUpTo(Infinity);
    if (this.queue.length > 0 && !this.closed) this.schedule(this.retryDelay());
  }

  /** Final flush; stops the timer. Rows that could not be written are reported in health(). */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.bodies.close();
    this.clearTimers();
    this.unsubscribe();
    this.closed = true;
  }

  health(): RecorderHealth {
    return {
      queued: this.queue.length,
      dropped: this.queue.dropped + this.rejected,
      written: this.written,
      lastError: this.lastError,
      lastFlushAt: this.lastFlushAt === null ? null : new Date(this.lastFlushAt).toISOString(),
    };
  }

  /** This profile's spend in the UTC month of `now`, queued rows included. */
  monthSpentUsd(userId: string, now: Date | number = this.now()): number {
    return this.spend.monthSpentUsd(userId, +now);
  }

  /** Every profile's spend in the UTC month of `now`. */
  monthTotalUsd(now: Date | number = this.now()): number {
    return this.spend.monthTotalUsd(+now);
  }

  /** Every profile's spend on the UTC day of `now`, queued rows included. */
  todaySpentUsd(now: Date | number = this.now()): number {
    return this.spend.todaySpentUsd(+now);
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

  /** Deletes raw rows older than `retentionDays` (daily aggregates stay). Returns rows deleted. */
  prune(retentionDays: number, now: Date | number = this.now()): number {
    this.bodies.prune(+now);
    return pruneUsageLog(this.db, retentionDays, +now);
  }

  private flushUpTo(limit: number): void {
    let left = limit;
    while (this.queue.length > 0 && left > 0) {
      const n = Math.min(this.queue.length, this.maxBatchRows, left);
      const batch = this.queue.peek(n);
      if (!this.writeBatch(batch)) return;
      left -= n;
    }
  }

  /** true when the batch left the queue (written, or its poison rows rejected). */
  private writeBatch(batch: UsageRecord[]): boolean {
    try {
      this.writer.write(batch.map(toUsageRow));
    } catch (e) {
      if (isRowError(e) && batch.length > 1) return this.writeOneByOne(batch);
      if (isRowError(e)) {
        this.rejected++;
        this.settle(batch);
        this.report(e);
        return true;
      }
      this.failures++;
      this.report(e);
      return false;
    }
    this.settle(batch);
    this.reloadCredits();
    this.written += batch.length;
    this.failures = 0;
    this.lastError = null;
    this.lastFlushAt = this.now();
    return true;
  }

  // A row the database refuses on its own (a constraint) must not hold the whole queue hostage.
  private writeOneByOne(batch: UsageRecord[]): boolean {
    for (const r of batch) if (!this.writeBatch([r])) return false;
    return true;
  }

  private settle(batch: UsageRecord[]): void {
    this.queue.shift(batch.length);
    for (const r of batch) this.credits.settle(r.userId, safeCost(r.costUsd));
  }

  // Picks up balances the admin changed; a failed read only delays that.
  private reloadCredits(): void {
    try {
      this.credits.reload();
    } catch {
      // the next successful flush reloads again
    }
  }

  private report(e: unknown): void {
    const err: RecorderError = {
      code: errorCode(e),
      message: e instanceof Error ? e.message : String(e),
      at: new Date(this.now()).toISOString(),
    };
    this.lastError = err;
    try {
      this.onError?.(err);
    } catch {
      // a faulty listener must not stop the recorder
    }
  }

  private onTimer(): void {
    this.timer = null;
    this.immediate = null;
    this.flushUpTo(this.maxBatchRows);
    if (this.queue.length === 0 || this.closed) return;
    if (this.failures > 0) this.schedule(this.retryDelay());
    else this.flushSoon();
  }

  private flushSoon(): void {
    if (this.immediate) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.immediate = setImmediate(() => this.onTimer());
  }

  private schedule(ms: number): void {
    if (this.timer || this.immediate) return;
    this.timer = setTimeout(() => this.onTimer(), ms);
    this.timer.unref();
  }

  private retryDelay(): number {
    if (this.failures === 0) return this.flushIntervalMs;
    return Math.min(RETRY_MAX_MS, this.flushIntervalMs * 2 ** Math.min(this.failures, 10));
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }
}

function errorCode(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return e instanceof Error ? e.name : 'Error';
}

/** Errors caused by a row's own values rather than by the disk or a lock (rows are sanitised, so rare). */
function isRowError(e: unknown): boolean {
  const code = errorCode(e);
  return code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG';
}
