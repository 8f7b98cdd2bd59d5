// Provider keys held in memory, so that the request path never waits on the keychain: every
// account the catalog refers to is read at start and again after each change to it. A read that
// failed is "unavailable" (a locked keychain, a failing Secret Service), never "absent": it is
// retried at most every `retryMs`, when a request asks for the key.
import type { SecretStore } from '../secrets/secret-store';

export type KeyRead =
  | { kind: 'found'; value: string }
  | { kind: 'absent' }
  | { kind: 'unavailable'; reason: string };

interface Entry {
  /** the latest settled read; null until the first one settles */
  settled: KeyRead | null;
  /** the read in flight, if any; a newer read replaces it, and the older result is dropped */
  pending: Promise<KeyRead> | null;
  /** when `settled` became unavailable */
  failedAt: number;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class KeyCache {
  private readonly entries = new Map<string, Entry>();

  /** the reason of the failing read the store is reported by, while any tracked account cannot be read */
  private problem: string | null = null;

  constructor(
    private readonly secrets: Pick<SecretStore, 'get'>,
    private readonly now: () => number = Date.now,
    private readonly retryMs = 15_000,
    /** called when stored keys become unreadable (with the reason), and when they are all readable again (null) */
    private readonly onProblem: (reason: string | null) => void = () => undefined,
  ) {}

  /** Keeps exactly these accounts: the new ones are read now, the others forgotten. */
  track(accounts: ReadonlySet<string>): void {
    for (const account of this.entries.keys()) if (!accounts.has(account)) this.entries.delete(account);
    for (const account of accounts) if (!this.entries.has(account)) this.read(account);
    this.updateProblem();
  }

  /**
   * Why stored keys cannot be read (a locked keychain), or null. A store's own status may not see it: a
   * locked Secret Service answers "no such item" for a name it does not hold. Reads that failed are tried
   * again here (at most every `retryMs`), so this turns back to null once the store answers.
   */
  unreadable(): string | null {
    for (const [account, entry] of this.entries) {
      if (entry.pending === null && entry.settled?.kind === 'unavailable' && this.now() - entry.failedAt >= this.retryMs) this.read(account);
    }
    return this.problem;
  }

  private updateProblem(): void {
    let reason: string | null = null;
    for (const entry of this.entries.values()) {
      if (entry.settled?.kind === 'unavailable') {
        reason = entry.settled.reason;
        break;
      }
    }
    if (reason === this.problem || (reason !== null && this.problem !== null)) return;
    this.problem = reason;
    this.onProblem(reason);
  }

  /** Every key read so far (for redaction: body capture must not store one a client sent back in its text). */
  found(): string[] {
    const out: string[] = [];
    for (const entry of this.entries.values()) if (entry.settled?.kind === 'found') out.push(entry.settled.value);
    return out;
  }

  /** The account was written or deleted: read it again (when the catalog refers to it). */
  reload(account: string): void {
    if (this.entries.has(account)) this.read(account);
  }

  /**
   * The account's key as last read. A read still in flight (the first one, a reload, or a retry
   * after a failure) is waited for at most `waitMs`; past that the key is unavailable for this caller.
   */
  async get(account: string, waitMs = Infinity): Promise<KeyRead> {
    const entry = this.entries.get(account) ?? this.read(account);
    if (entry.pending === null && entry.settled?.kind === 'unavailable' && this.now() - entry.failedAt >= this.retryMs) this.read(account);
    return entry.pending === null ? (entry.settled as KeyRead) : waitFor(entry.pending, waitMs);
  }

  private read(account: string): Entry {
    const entry = this.entries.get(account) ?? { settled: null, pending: null, failedAt: 0 };
    this.entries.set(account, entry);
    const pending = this.secrets.get(account).then(
      (value): KeyRead => (value === null ? { kind: 'absent' } : { kind: 'found', value }),
      (e: unknown): KeyRead => ({ kind: 'unavailable', reason: errorText(e) }),
    );
    entry.pending = pending;
    void pending.then((result) => {
      if (entry.pending !== pending) return;
      entry.pending = null;
      entry.settled = result;
      if (result.kind === 'unavailable') entry.failedAt = this.now();
      this.updateProblem();
    });
    return entry;
  }
}

function waitFor(read: Promise<KeyRead>, waitMs: number): Promise<KeyRead> {
  if (!Number.isFinite(waitMs)) return read;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<KeyRead>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'unavailable', reason: `the secret store did not answer within ${Math.round(waitMs)} ms` }), Math.max(0, waitMs));
  });
  return Promise.race([read, late]).finally(() => clearTimeout(timer));
}
