// Background responses settle whether or not a client asks for them. The POST of a `background: true`
// request ends with the response queued and a usage row holding only what it is expected to cost; a
// client that never polls would leave that estimate standing. So Switchboard asks the provider itself,
// soon after the POST and then less and less often, until the response has ended (its row amended to
// what the provider says it used: responses-background.ts), the provider no longer knows it, or the
// provider is deleted, disabled or no longer of a type speaking the Responses API (the row keeps its
// estimate). The pending ones are in the database: a restart resumes them.
import { CallAbort } from '../http/call-signal';
import { logSafe } from '../../core/log-safe';
import { RESPONSE_RETENTION_DAYS } from '../responses/response-store';
import type { ProxyDeps } from './deps';
import { ProxyError } from './respond';
import { askLatest, isPending } from './responses-background';
import { providerIdOf } from './responses-at-provider';

export interface SettleTiming {
  /** the first ask, this long after the POST (or the start) */
  firstMs: number;
  /** each next ask waits twice as long as the last, up to this */
  maxMs: number;
}

const DEFAULT_TIMING: SettleTiming = { firstMs: 5_000, maxMs: 60_000 };
/** asks in flight at once, whatever the number pending */
const CONCURRENCY = 4;
const RETENTION_MS = RESPONSE_RETENTION_DAYS * 86_400_000;

interface Pending {
  userId: string;
  /** when to ask next (epoch ms) */
  at: number;
  delayMs: number;
  /** a failed ask was logged: the next ones are not (a revoked key would log every minute for a month) */
  warned?: true;
}

export class BackgroundSettler {
  private readonly pending = new Map<string, Pending>();
  private readonly signal = new CallAbort();
  private deps: ProxyDeps | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly timing: SettleTiming = DEFAULT_TIMING) {}

  /** A background response just stored still pending: asked about from `firstMs` on. */
  track(id: string, userId: string): void {
    if (this.signal.aborted) return;
    this.pending.set(id, { userId, at: Date.now() + this.timing.firstMs, delayMs: this.timing.firstMs });
    this.arm();
  }

  /** Begins settling, with the responses a previous run left pending. */
  start(deps: ProxyDeps, leftPending: readonly { id: string; userId: string }[]): void {
    this.deps = deps;
    for (const { id, userId } of leftPending) if (!this.pending.has(id)) this.track(id, userId);
    this.arm();
  }

  /** Stops asking; an ask in flight is aborted (its response is asked about again after the next start). */
  close(): void {
    this.signal.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  private arm(): void {
    if (!this.deps || this.running || this.signal.aborted) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let next = Infinity;
    for (const p of this.pending.values()) next = Math.min(next, p.at);
    if (next === Infinity) return;
    this.timer = setTimeout(() => void this.run(), Math.max(0, next - Date.now()));
    this.timer.unref();
  }

  /** Asks about every response now due, CONCURRENCY at a time, then waits for the next one due. */
  private async run(): Promise<void> {
    this.timer = null;
    this.running = true;
    try {
      const now = Date.now();
      const due = [...this.pending].filter(([, p]) => p.at <= now);
      for (let i = 0; i < due.length && !this.signal.aborted; i += CONCURRENCY) {
        await Promise.all(due.slice(i, i + CONCURRENCY).map(([id, p]) => this.settle(id, p)));
      }
    } finally {
      this.running = false;
      this.arm();
    }
  }

  private async settle(id: string, p: Pending): Promise<void> {
    const deps = this.deps!;
    try {
      const stored = deps.responses.get(id, p.userId);
      // ended meanwhile (a client's GET or cancel amended it), deleted, or past what the provider keeps
      if (!stored || !stored.native || !isPending(stored.response) || Date.now() - stored.createdAt > RETENTION_MS) {
        this.pending.delete(id);
        return;
      }
      const unaskable = whyNotAsked(deps, stored.modelId);
      if (unaskable) {
        // asking on would reach a provider the user turned off, or one that cannot answer, every minute for a month
        deps.log(`responses: ${logSafe(id)} is no longer asked about (${unaskable}); its usage row keeps its estimate`);
        this.pending.delete(id);
        return;
      }
      const latest = await askLatest({ deps, userId: p.userId, signal: this.signal }, stored, 'GET');
      // ended, and kept so: settled. Ended but not kept, the database refused to amend its row or keep it (another
      // program's lock, a full disk: keepEnded logged it): asked again later, and amended then
      if (latest.kept) {
        this.pending.delete(id);
        return;
      }
    } catch (err) {
      if (this.signal.aborted) return;
      if (err instanceof ProxyError && err.status === 404) {
        deps.log(`responses: ${logSafe(id)} is no longer known to its provider; its usage row keeps its estimate`);
        this.pending.delete(id);
        return;
      }
      if (!p.warned) deps.log(`responses: could not ask about ${logSafe(id)}: ${logSafe((err as Error)?.message ?? err)}; asking again later`);
      p.warned = true;
    }
    // still being worked on (or the ask failed): asked again later, less often
    p.delayMs = Math.min(p.delayMs * 2, this.timing.maxMs);
    p.at = Date.now() + p.delayMs;
  }
}

/**
 * Why the provider holding a response is not to be asked about it: deleted, disabled, or now of a type
 * that does not speak OpenAI's Responses API. Undefined: it may be asked. A restart tries again (one
 * re-enabled is asked then).
 */
function whyNotAsked(deps: ProxyDeps, modelId: string): string | undefined {
  const providerId = providerIdOf(modelId);
  const provider = deps.catalog.snapshot().providers.get(providerId);
  if (!provider) return `its provider ${providerId} is gone`;
  if (!provider.enabled) return `its provider ${providerId} is disabled`;
  if (provider.format !== 'openai') return `its provider ${providerId} no longer speaks the Responses API`;
  return undefined;
}
