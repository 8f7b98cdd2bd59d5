// The refusals CooldownTracker (cooldown.ts) remembers: a provider that refused a key, or a model it does not
// have, is tried last for REFUSAL_MS, or until it serves again or the provider's settings change.

/** how long a refusal (a key refused, a model the provider does not have) puts a model last */
export const REFUSAL_MS = 10 * 60_000;

interface Refusal {
  until: number;
  reason: string;
  providerId: string;
  /** a provider's refusal is the key's that was sent: the profile whose own (BYOK) key it was; absent: the shared key */
  keyOwner?: string;
}

export class Refusals {
  private readonly models = new Map<string, Refusal>();
  private readonly providers = new Map<string, Refusal>();

  record(modelId: string, providerId: string, scope: 'provider' | 'model', reason: string, now: number, keyOwner?: string): void {
    const refusal: Refusal = { until: now + REFUSAL_MS, reason, providerId };
    if (scope === 'provider') this.providers.set(providerId, keyOwner === undefined ? refusal : { ...refusal, keyOwner });
    else this.models.set(modelId, refusal);
  }

  /** Why the router should try this model last, or null (see CooldownTracker.refusal). */
  reason(modelId: string, providerId: string, now: number, keyOwner?: string): string | null {
    // called for every candidate of every route: skip the lookups when nothing was refused
    if (this.providers.size > 0) {
      const r = this.providers.get(providerId);
      if (r !== undefined && r.until > now) {
        if (r.keyOwner === keyOwner) return r.reason;
      } else if (r !== undefined) this.providers.delete(providerId);
    }
    if (this.models.size > 0) {
      const r = this.models.get(modelId);
      if (r !== undefined && r.until > now) return r.reason;
      if (r !== undefined) this.models.delete(modelId);
    }
    return null;
  }

  /** The shared key served: the refusals of the model and of its provider's shared key are over. */
  served(modelId: string, providerId: string): void {
    if (this.models.size > 0) this.models.delete(modelId);
    if (this.providers.size > 0) this.providers.delete(providerId);
  }

  forgetModel(modelId: string): void {
    this.models.delete(modelId);
  }

  /** The provider's refusals and its models'. */
  forgetProvider(providerId: string): void {
    this.providers.delete(providerId);
    for (const [id, r] of this.models) if (r.providerId === providerId) this.models.delete(id);
  }

  /** The clock was set back by `ms`: each refusal lasts as long as it was meant to. */
  shift(ms: number): void {
    for (const r of [...this.models.values(), ...this.providers.values()]) r.until -= ms;
  }
}
