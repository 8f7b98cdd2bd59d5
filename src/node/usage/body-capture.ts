// Opt-in capture of request and response bodies for the activity log. Off unless the user switched it on
// (a setting with an end time); keys and tokens are redacted before anything is stored (the keys Switchboard
// holds in any spelling, whatever their shape, and anything shaped like a key); a timer writes the queue in
// one transaction; old bodies are pruned.
import type Database from 'better-sqlite3';
import { redactSecrets } from '../../core/redact';
import { DAY_MS } from './time-keys';

/** Bodies are kept this long after capture, whatever the capture window was. */
export const BODY_RETENTION_DAYS = 7;
/** Longest stored body, in characters: a 32 MB image upload is cut, not stored whole. */
export const MAX_BODY_CHARS = 256 * 1024;
const MAX_QUEUED = 500;
const SECRET_FIELD = /^(?:authorization|api[_-]?key|x-api-key|x-goog-api-key|key|token|secret|password|access[_-]?token)$/i;

interface Pending {
  requestId: string;
  at: number;
  request: string | null;
  response: string | null;
}

export interface CapturedBodies {
  request: string | null;
  response: string | null;
}

export class BodyCapture {
  private untilMs: number | null = null;
  private readonly queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly writeTx: (rows: Pending[]) => void;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
    /** the provider keys held now: a key of no known shape (Mistral, Together, a gateway's) is found only by its value */
    private readonly heldKeys: () => readonly string[] = () => [],
  ) {
    this.insert = db.prepare(`INSERT INTO request_bodies (request_id, captured_at, request, response) VALUES (?, ?, ?, ?)
      ON CONFLICT (request_id) DO UPDATE SET captured_at = excluded.captured_at,
        request = COALESCE(excluded.request, request), response = COALESCE(excluded.response, response)`);
    this.select = db.prepare('SELECT request, response FROM request_bodies WHERE request_id = ?');
    this.writeTx = db.transaction((rows: Pending[]) => {
      for (const r of rows) this.insert.run(r.requestId, r.at, r.request, r.response);
    });
  }

  /** Capture until this time (epoch ms); null switches it off. */
  setUntil(untilMs: number | null): void {
    this.untilMs = untilMs;
  }

  active(now: number = this.now()): boolean {
    return this.untilMs !== null && now < this.untilMs;
  }

  /**
   * The pipeline's hook: call once per request with its body as parsed and its answer (a JSON value,
   * or the streamed text). Does nothing unless capture is on; never throws.
   */
  capture(requestId: string, request: unknown, response: unknown): void {
    const at = this.now();
    if (!this.active(at)) return;
    try {
      if (this.queue.length >= MAX_QUEUED) this.queue.shift();
      const keys = this.heldKeys();
      this.queue.push({ requestId, at, request: serialise(request, keys), response: serialise(response, keys) });
      this.timer ??= setTimeout(() => this.flush(), 100).unref();
    } catch {
      // a body that cannot be serialised is not worth a failed request
    }
  }

  /** Writes what is queued. Failures drop the batch: captured bodies are a debugging aid, not a record. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0 || !this.db.open) return;
    const rows = this.queue.splice(0);
    try {
      this.writeTx(rows);
    } catch {
      // see above
    }
  }

  get(requestId: string): CapturedBodies | undefined {
    this.flush();
    return this.select.get(requestId) as CapturedBodies | undefined;
  }

  /** Deletes bodies captured more than BODY_RETENTION_DAYS ago. Returns rows deleted. */
  prune(nowMs: number = this.now()): number {
    return this.db.prepare('DELETE FROM request_bodies WHERE captured_at < ?').run(nowMs - BODY_RETENTION_DAYS * DAY_MS).changes;
  }

  close(): void {
    this.flush();
    this.untilMs = null;
  }
}

/** JSON text (strings stay as they are), secret-looking fields blanked, these keys and key patterns redacted, length bounded. */
export function serialise(body: unknown, keys: readonly string[] = []): string | null {
  if (body === undefined || body === null) return null;
  const text = typeof body === 'string'
    ? body
    : JSON.stringify(body, (k, v: unknown) => (SECRET_FIELD.test(k) && v !== null && v !== undefined ? '[REDACTED]' : v), 2);
  if (text === undefined) return null;
  // redact before cutting: a cut through a key could leave a fragment no pattern matches
  const clean = redactSecrets(text, keys);
  return clean.length > MAX_BODY_CHARS ? `${clean.slice(0, MAX_BODY_CHARS)}\n… (cut at ${MAX_BODY_CHARS} characters)` : clean;
}
