// Opt-in capture of request and response bodies for the activity log. Off unless the user switched it on
// (a setting with an end time); keys and tokens are redacted before anything is stored (the keys Switchboard
// holds in any spelling, whatever their shape, anything shaped like a key, and every credential the privacy
// guard detects: capture-redact.ts); a timer writes the queue in one transaction; old bodies are pruned.
import type Database from 'better-sqlite3';
import { longestKeySpelling, redactSecrets } from '../../core/redact';
import { redactCaptured, redactedStart } from './capture-redact';
import { DAY_MS } from './time-keys';
import { isLockError } from '../data-dir/storage-errors';

/** Bodies are kept this long after capture, whatever the capture window was. */
export const BODY_RETENTION_DAYS = 7;
/** Longest stored body, in characters: a 32 MB image upload is cut, not stored whole. */
export const MAX_BODY_CHARS = 256 * 1024;
const MAX_QUEUED = 500;
/** how soon a batch another program's lock refused is tried again */
const LOCKED_RETRY_MS = 1_000;
/** Room past the window's keys for what redaction takes out (a key becomes `[REDACTED]`) before the final cut. */
const REDACTION_SLACK = 64 * 1024;
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

  /** The most characters of a body worth keeping to store MAX_BODY_CHARS of it redacted (a stream's transcript stops there). */
  window(): number {
    return captureWindow(this.heldKeys());
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

  /**
   * Writes what is queued. Failures drop the batch (captured bodies are a debugging aid, not a record),
   * but for another program's lock on the database: that batch goes back in the queue (capture keeps it
   * bounded) and is tried again shortly.
   */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0 || !this.db.open) return;
    const rows = this.queue.splice(0);
    try {
      this.writeTx(rows);
    } catch (e) {
      if (!isLockError(e)) return;
      this.queue.unshift(...rows);
      this.timer = setTimeout(() => this.flush(), LOCKED_RETRY_MS).unref();
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

/**
 * What serialise reads of a body: MAX_BODY_CHARS, and past it twice the longest spelling of a key
 * (a key cut at the window's end starts after the stored part) and room for what redaction shortens.
 */
export function captureWindow(keys: readonly string[] = []): number {
  return MAX_BODY_CHARS + 2 * longestKeySpelling(keys) + REDACTION_SLACK;
}

const redactField = (k: string, v: unknown): unknown => (SECRET_FIELD.test(k) && v !== null && v !== undefined ? '[REDACTED]' : v);

/**
 * JSON text (strings stay as they are but for the credentials in them), secret-looking fields blanked,
 * these keys and key patterns redacted, length bounded. Only the window's first characters are printed
 * and redacted: a 32 MB body is not pretty-printed whole to keep 256K of it.
 */
export function serialise(body: unknown, keys: readonly string[] = []): string | null {
  if (body === undefined || body === null) return null;
  const window = captureWindow(keys);
  // boundedJson redacts a body's strings as it prints them; a transcript's credentials are redacted here
  const scrub = (t: string): string => redactSecrets(typeof body === 'string' ? redactCaptured(t) : t, keys);
  const text = typeof body === 'string' ? body : boundedJson(body, window);
  if (text === undefined) return null;
  if (text.length <= window) {
    // redact before cutting: a cut through a key could leave a fragment no pattern matches
    const clean = scrub(text);
    return clean.length > MAX_BODY_CHARS ? cut(clean, MAX_BODY_CHARS) : clean;
  }
  // a key the window's end cuts starts within the longest spelling of its end, and a piece of it stays
  // in what is kept only when redaction before it shortened the text by more than the room left for it
  // (a key that became [REDACTED] lengthens the text by at most four characters, counted in the second spelling)
  const clean = scrub(text.slice(0, window));
  const shortened = Math.max(0, window - clean.length);
  return cut(clean, Math.min(MAX_BODY_CHARS, window - 2 * longestKeySpelling(keys) - shortened));
}

const cut = (text: string, at: number): string => `${text.slice(0, at)}\n… (cut at ${at} characters)`;

/**
 * JSON.stringify(value, redactField, 2) up to `limit` characters and a little past them (a longer body
 * stops there): what is printed is the start of the whole text.
 */
function boundedJson(value: unknown, limit: number): string | undefined {
  const out: string[] = [];
  let length = 0;
  const put = (s: string): void => {
    out.push(s);
    length += s.length;
  };
  /** writes `v` (held under `key`), or returns false when JSON leaves it out (undefined, a function) */
  const write = (key: string, raw: unknown, indent: string): boolean => {
    const own = raw !== null && typeof raw === 'object' && typeof (raw as { toJSON?: unknown }).toJSON === 'function' ? (raw as { toJSON: (k: string) => unknown }).toJSON(key) : raw;
    const v = redactField(key, own);
    if (typeof v === 'string') {
      // a long string is printed only as far as the limit; redacted as a string, the JSON stays whole
      put(JSON.stringify(redactedStart(v, Math.max(0, limit - length) + 1)));
      return true;
    }
    if (v === null || typeof v !== 'object') {
      const text = JSON.stringify(v) as string | undefined;
      if (text === undefined) return false;
      put(text);
      return true;
    }
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      if (v.length === 0) put('[]');
      else {
        put('[');
        for (let i = 0; i < v.length && length <= limit; i++) {
          put(`${i === 0 ? '' : ','}\n${inner}`);
          if (!write(String(i), v[i], inner)) put('null');
        }
        put(`\n${indent}]`);
      }
      return true;
    }
    let first = true;
    for (const k in v) {
      if (length > limit) break;
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      const mark = out.length;
      const before = length;
      put(`${first ? '{' : ','}\n${inner}${JSON.stringify(k)}: `);
      if (write(k, (v as Record<string, unknown>)[k], inner)) first = false;
      else {
        out.length = mark;
        length = before;
      }
    }
    put(first ? '{}' : `\n${indent}}`);
    return true;
  };
  return write('', value, '') ? out.join('') : undefined;
}
