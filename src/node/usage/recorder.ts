// The usage recorder: the proxy hands it one UsageRecord per request. With a journal, record() appends the
// row to it with one synchronous write (durable against kill -9 when it returns, a few microseconds); a
// timer writes the queue to SQLite in batches (one transaction each) well within a second, and empties the
// journal once everything is committed. Rows the journal still holds at start are replayed.
// The in-memory spend moves when a row is durable, and moves back if the database refuses the row.
// Storage that takes no writes (full, read-only) is reported by refusal(): the proxy then answers 503
// rather than serving requests it cannot record.
import type Database from 'better-sqlite3';
import type { UsageRecord } from '../../core/usage-record';
import { BodyCapture } from './body-capture';
import { BoundedQueue } from './bounded-queue';
import { FlushClock } from './flush-clock';
import { unwrittenRows, UsageJournal } from './journal';
import { RecordedSpend, type Entry } from './recorded-spend';
import { pruneUsageLog, retentionNow } from './retention';
import { errorCode, isRowError, storageProblem, storageProblemMessage } from '../data-dir/storage-errors';
import { toFigureColumns, toUsageRow, type UsageFigures } from './usage-row';
import { UsageWriter, type UsageRowKey } from './usage-writer';

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
  /** the catalog store: every admin change re-reads the credit balances (a top-up counts at once); its keys are redacted from captured bodies */
  catalog?: { onChange(fn: () => void): () => void; heldKeys?(): string[] };
  now?: () => number;
  /** the journal file (DATA_DIR/usage-journal.jsonl); absent: rows live only in memory until flushed */
  journalFile?: string;
}

const RETRY_MAX_MS = 2_000;

/** The spend and credit reads (monthSpentUsd, liveCreditBalanceUsd, ...) are RecordedSpend's. */
export class UsageRecorder extends RecordedSpend {
  private readonly queue: BoundedQueue<Entry>;
  private readonly writer: UsageWriter;
  /** opt-in request/response bodies (see body-capture.ts) */
  readonly bodies: BodyCapture;
  private readonly flushIntervalMs: number;
  private readonly flushAtRows: number;
  private readonly maxBatchRows: number;
  private readonly onError: ((err: RecorderError) => void) | undefined;
  private readonly clock = new FlushClock(() => this.onTimer());
  private failures = 0;
  private rejected = 0;
  private written = 0;
  private lastError: RecorderError | null = null;
  private lastFlushAt: number | null = null;
  private closed = false;
  private readonly unsubscribe: () => void;
  private journal: UsageJournal | null = null;
  private replayedRows = 0;

  constructor(private readonly db: Database.Database, opts: UsageRecorderOptions = {}) {
    super(db, opts.now ?? Date.now);
    this.flushIntervalMs = opts.flushIntervalMs ?? 200;
    this.flushAtRows = opts.flushAtRows ?? 500;
    this.maxBatchRows = opts.maxBatchRows ?? 5_000;
    this.queue = new BoundedQueue(opts.maxQueued ?? 100_000);
    this.onError = opts.onError;
    this.writer = new UsageWriter(db);
    const catalog = opts.catalog;
    this.bodies = new BodyCapture(db, this.now, () => catalog?.heldKeys?.() ?? []);
    this.unsubscribe = opts.catalog?.onChange(() => this.reloadCredits()) ?? (() => {});
    if (opts.journalFile) this.openJournal(opts.journalFile);
  }

  /**
   * Queue the row and account its cost in memory; with a journal, the row is on disk when this returns.
   * Do not mutate `r` afterwards.
   */
  record(r: UsageRecord): void {
    if (this.closed) {
      this.rejected++;
      return;
    }
    const entry: Entry = { r, counted: false };
    if (this.appendToJournal(r)) this.count(entry);
    const evicted = this.queue.push(entry);
    if (evicted) this.rowEvicted(evicted);
    if (this.queue.length >= this.flushAtRows && this.failures === 0) this.clock.soon();
    else if (!this.clock.pending) this.clock.after(this.blocked() ? this.retryDelay() : this.flushIntervalMs);
  }

  /**
   * Replaces what a recorded row says its request used and cost (a background response's real usage,
   * known once it ended at the provider): still queued, the queued row (its amended copy goes to the
   * journal, which replays the last copy of a row); written, the row in SQLite with its day's
   * aggregate and credit draw moved by the difference (one transaction). The in-memory spend and
   * credit balance move by the difference too. Amending again with the same figures changes nothing.
   * 'missing' when the row is nowhere (dropped, or pruned). Throws when SQLite refuses the change.
   */
  amend(key: UsageRowKey, figures: UsageFigures): 'queued' | 'written' | 'missing' {
    const entry = this.findQueued(key);
    if (entry) {
      const next: UsageRecord = { ...entry.r, ...figures };
      this.amendQueued(entry, next);
      entry.r = next;
      // on disk before this returns, as the row itself was; a failed append leaves the estimate for a replay
      if (this.journal && !this.journal.append(next)) this.report(this.journal.lastError);
      return 'queued';
    }
    const next = toFigureColumns(figures);
    const was = this.writer.amend(key, next);
    if (!was) return 'missing';
    this.amendWritten(key, was.costUsd, next.cost_usd);
    return 'written';
  }

  /**
   * Why requests must not be served now (usage cannot be recorded: the disk is full or read-only), or
   * null. Lifted by itself once writes succeed again.
   */
  refusal(): string | null {
    const blocked = this.blocked();
    if (blocked) return `Switchboard cannot record usage: ${blocked}`;
    const err = this.failures > 0 ? this.lastError : null;
    const problem = err ? storageProblem(err.code) : null;
    if (!err || !problem) return null;
    return `Switchboard cannot record usage: ${storageProblemMessage(problem, this.storageLabel(), err.code)}`;
  }

  /** rows found in the journal at start and written to SQLite (a crash left them there) */
  get replayed(): number {
    return this.replayedRows;
  }

  capturingBodies(): boolean {
    return !this.closed && this.bodies.active();
  }

  /** How much of a streamed answer body capture needs (it stores less: see serialise). */
  bodyCaptureWindow(): number {
    return this.bodies.window();
  }

  /** The pipeline's body-capture hook: stores nothing unless capture is switched on (redacted, size-bounded). */
  captureBodies(requestId: string, request: unknown, response: unknown): void {
    if (!this.closed) this.bodies.capture(requestId, request, response);
  }

  /** Writes everything queued now, synchronously. Never throws: failures show in health() and onError. */
  flush(): void {
    this.clock.clear();
    this.flushUpTo(Infinity);
    if ((this.queue.length > 0 || this.blocked()) && !this.closed) this.clock.after(this.retryDelay());
  }

  /** Final flush; stops the timer. Rows that could not be written are reported in health() (and stay in the journal). */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.bodies.close();
    this.clock.clear();
    this.unsubscribe();
    this.journal?.close();
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

  /** The time retention measures age from: now, never more than a day past the newest written row (see retentionNow). */
  retentionNow(now: Date | number = this.now()): number {
    return retentionNow(this.db, +now);
  }

  /** Deletes raw rows older than `retentionDays` (daily aggregates stay), by retentionNow. Returns rows deleted. */
  prune(retentionDays: number, now: Date | number = this.now()): number {
    const at = this.retentionNow(now);
    this.bodies.prune(at);
    return pruneUsageLog(this.db, retentionDays, at);
  }

  private flushUpTo(limit: number): void {
    let left = limit;
    while (this.queue.length > 0 && left > 0) {
      const n = Math.min(this.queue.length, this.maxBatchRows, left);
      const batch = this.queue.peek(n);
      if (!this.writeBatch(batch)) return;
      left -= n;
    }
    if (this.queue.length === 0) this.journal?.clear();
  }

  /** true when the batch left the queue (written, or its poison rows rejected). */
  private writeBatch(batch: Entry[]): boolean {
    try {
      this.writer.write(batch.map((e) => toUsageRow(e.r)));
    } catch (e) {
      if (isRowError(e) && batch.length > 1) return this.writeOneByOne(batch);
      if (isRowError(e)) {
        this.rejected++;
        this.queue.shift(1);
        this.uncount(batch[0]!);
        this.reloadCredits();
        this.report(e);
        return true;
      }
      this.failures++;
      this.report(e);
      return false;
    }
    this.queue.shift(batch.length);
    for (const entry of batch) this.rowWritten(entry);
    this.reloadCredits();
    this.written += batch.length;
    this.failures = 0;
    this.lastError = null;
    this.lastFlushAt = this.now();
    return true;
  }

  // A row the database refuses on its own (a constraint) must not hold the whole queue hostage.
  private writeOneByOne(batch: Entry[]): boolean {
    for (const entry of batch) if (!this.writeBatch([entry])) return false;
    return true;
  }

  /** The newest queued entry of this request, if it is still queued. */
  private findQueued(key: UsageRowKey): Entry | undefined {
    let found: Entry | undefined;
    for (const entry of this.queue) if (entry.r.requestId === key.requestId && entry.r.userId === key.userId) found = entry;
    return found;
  }

  /** Opens the journal and writes what an earlier process left in it to SQLite. */
  private openJournal(file: string): void {
    const left = unwrittenRows(file, this.db);
    this.journal = new UsageJournal(file);
    if (left.length === 0) return;
    for (const r of left) {
      const entry: Entry = { r, counted: false };
      this.count(entry);
      this.queue.push(entry);
    }
    const before = this.written;
    this.flushUpTo(Infinity);
    this.replayedRows = this.written - before;
    if (this.queue.length > 0) this.clock.after(this.retryDelay());
  }

  /** true when the row is durable in the journal (or there is no journal: the old in-memory accounting). */
  private appendToJournal(r: UsageRecord): boolean {
    if (!this.journal) return true;
    if (this.journal.append(r)) return true;
    this.report(this.journal.lastError);
    return false;
  }

  /** why the journal's disk takes no rows now, or null */
  private blocked(): string | null {
    return this.journal?.problem ?? null;
  }

  private storageLabel(): string {
    return this.journal?.dir ?? 'the data dir';
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
    this.journal?.check();
    this.flushUpTo(this.maxBatchRows);
    if (this.closed) return;
    if (this.failures > 0 || this.blocked()) this.clock.after(this.retryDelay());
    else if (this.queue.length > 0) this.clock.soon();
  }

  private retryDelay(): number {
    if (this.failures === 0) return this.blocked() ? RETRY_MAX_MS / 2 : this.flushIntervalMs;
    return Math.min(RETRY_MAX_MS, this.flushIntervalMs * 2 ** Math.min(this.failures, 10));
  }
}
