// The candidate loop's bookkeeping, shared by chat and embeddings: which attempt is current,
// what failed and why, when to stop, and the one error the client gets at the end.
import { UpstreamFailure, type UpstreamError } from '../../core/canonical';
import { redactSecrets } from '../../core/redact';
import type { ModelEntry, ProviderEntry } from '../../core/catalog';
import { setupHint, type RoutePlan } from '../../core/routing';
import type { FailedAttempt } from '../../core/usage-record';
import { asUpstreamError } from './upstream-call';
import { exhausted, requestFault } from './failover';
import { ProxyError } from './respond';
import type { ProxyCall } from './proxy-call';

export class Attempts {
  private readonly failures: FailedAttempt[] = [];
  private readonly errors: UpstreamError[] = [];
  private readonly maxAttempts: number;
  private readonly deadline: number;
  private attemptStartedAt = 0;

  constructor(private readonly call: ProxyCall, rules: { max_retries: number; timeout_ms: number }) {
    this.maxAttempts = Math.max(1, rules.max_retries + 1);
    this.deadline = call.startedAt + rules.timeout_ms;
    call.usage.failedAttempts = this.failures;
  }

  /**
   * The time the next candidate may take, or null when none may start: the attempt budget is
   * spent, the client is gone, or the request's deadline has passed.
   */
  nextBudgetMs(): number | null {
    if (this.failures.length >= this.maxAttempts || this.call.signal.aborted) return null;
    const remaining = this.deadline - Date.now();
    if (remaining > 0) return remaining;
    this.errors.push({ kind: 'timeout', retryable: true, message: 'request deadline passed' });
    return null;
  }

  begin(model: ModelEntry, provider: ProviderEntry): void {
    this.attemptStartedAt = Date.now();
    this.call.usage.modelId = model.id;
    this.call.usage.providerId = provider.id;
    this.call.deps.health.beginAttempt(model.id, provider.id, Date.now());
  }

  /** Record a failed attempt; throws the client's error when the request itself is at fault. */
  fail(model: ModelEntry, provider: ProviderEntry, err: unknown, sentKeys: readonly (string | undefined)[]): void {
    if (!(err instanceof UpstreamFailure)) {
      this.call.deps.log(`proxy: unexpected error from ${model.id}: ${redactSecrets(String((err as Error)?.stack ?? err), sentKeys)}`);
    }
    const e = asUpstreamError(err, sentKeys);
    this.failures.push({ model: model.id, kind: e.kind, status: e.status ?? null, message: e.message, latencyMs: Date.now() - this.attemptStartedAt });
    this.errors.push(e);
    this.call.deps.health.recordFailure(model.id, provider.id, e.kind, Date.now(), e.retryAfterMs);
    if (!e.retryable) throw requestFault(e);
  }

  /** Nothing served the request: the error to answer with. */
  finalError(plan: RoutePlan, what: string): ProxyError {
    if (this.call.signal.aborted) return new ProxyError(499, 'api_error', 'client closed the request', {}, 'client_disconnect');
    if (plan.candidates.length === 0) {
      const why = plan.excluded.slice(0, 10).map((x) => `${x.model}: ${x.reason}`).join('; ');
      const hint = setupHint(plan.excluded);
      const message = hint === null ? `No ${what} can serve this request. ${why}` : `No ${what} can serve this request: ${hint}. Details: ${why}`;
      return new ProxyError(503, 'overloaded_error', message, { 'x-should-retry': 'false' }, 'no_candidate');
    }
    return exhausted(this.failures, this.errors);
  }
}
