// A provider key near its rate limit, read from the headers providers send with every answer:
// OpenAI, Groq, Together and friends `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`,
// OpenRouter `x-ratelimit-{limit,remaining,reset}`, Anthropic `anthropic-ratelimit-<kind>-{limit,remaining,reset}`.
import type { Alert } from '../../shared/types';

type Headers = Record<string, string | string[] | undefined>;

interface Reading {
  dimension: string;
  limit: number;
  remaining: number;
  /** the reset header as sent; null when the provider did not say */
  reset: string | null;
  seenAt: number;
}

export interface RateLimitState extends Omit<Reading, 'reset'> {
  /** epoch ms when the window resets; null when the provider did not say */
  resetAt: number | null;
}

/**
 * Whose key an answer was for: a profile's own (BYOK) key, or the provider's shared key when absent.
 * Readings are kept apart by it, so one key's near-limit never stands for (or clears) another's; it is
 * the profile, never anything of the key itself.
 */
export interface KeyOwner {
  id: string;
  name: string;
}

/** At or below this share of the limit left, the key is "near its limit". */
export const NEAR_LIMIT_SHARE = 0.1;
/** Readings older than this say nothing about now. */
const STALE_MS = 15 * 60_000;

const OPENAI = /^x-ratelimit-(limit|remaining|reset)(?:-(requests|tokens))?$/;
const ANTHROPIC = /^anthropic-ratelimit-(requests|tokens|input-tokens|output-tokens)-(limit|remaining|reset)$/;

export class RateLimitTracker {
  /** per provider and key (its BYOK owner, or none for the shared key): the readings by dimension */
  private readonly byKey = new Map<string, { providerId: string; owner: KeyOwner | undefined; states: Map<string, Reading> }>();

  /** Reads the rate-limit headers of one upstream answer (any status); other headers are ignored. */
  observe(providerId: string, headers: Headers, now: number, owner?: KeyOwner): void {
    // on every upstream answer: most carry none of these, so the common case is one prefix test per header
    let parts: Map<string, { limit?: number; remaining?: number; reset?: string }> | undefined;
    for (const name in headers) {
      // header names arrive lower-cased (undici, node:http)
      if (!name.startsWith('x-ratelimit-') && !name.startsWith('anthropic-ratelimit-')) continue;
      const rawValue = headers[name];
      let field: string | undefined;
      let dimension: string | undefined;
      const o = OPENAI.exec(name);
      if (o) [field, dimension] = [o[1], o[2] ?? 'requests'];
      const a = o ? null : ANTHROPIC.exec(name);
      if (a) [dimension, field] = [a[1]?.replace('-', ' '), a[2]];
      if (field === undefined || dimension === undefined) continue;
      const value = Array.isArray(rawValue) ? rawValue[0] : rawValue;
      if (value === undefined) continue;
      parts ??= new Map();
      const entry = parts.get(dimension) ?? {};
      // the reset is read only when the key is near its limit (nearLimit): most answers never need it
      if (field === 'reset') entry.reset = value;
      else if (value.trim() !== '') {
        // Number('') is 0: an empty header is no reading, not "none left"
        const n = Number(value);
        if (Number.isFinite(n) && n >= 0) entry[field as 'limit' | 'remaining'] = n;
      }
      parts.set(dimension, entry);
    }
    if (parts === undefined) return;
    const slot = owner === undefined ? providerId : `${providerId}\0${owner.id}`;
    let entry = this.byKey.get(slot);
    if (!entry) {
      entry = { providerId, owner, states: new Map() };
      this.byKey.set(slot, entry);
    }
    entry.owner = owner;
    const states = entry.states;
    for (const [dimension, p] of parts) {
      if (p.limit === undefined || p.remaining === undefined || p.limit <= 0) continue;
      states.set(dimension, { dimension, limit: p.limit, remaining: p.remaining, reset: p.reset ?? null, seenAt: now });
    }
  }

  /**
   * Drops the readings of a provider's keys: every one (its shared key changed, the provider was deleted, its
   * id perhaps given to a new one), or only `ownerId`'s own (BYOK) key's. A new key's limits are not the old one's.
   */
  forget(providerId: string, ownerId?: string): void {
    for (const [slot, entry] of this.byKey) {
      if (entry.providerId !== providerId) continue;
      if (ownerId === undefined || entry.owner?.id === ownerId) this.byKey.delete(slot);
    }
  }

  /** Fresh readings at or below NEAR_LIMIT_SHARE of the limit, per provider and key. */
  nearLimit(now: number): { providerId: string; owner?: KeyOwner; state: RateLimitState }[] {
    const out: { providerId: string; owner?: KeyOwner; state: RateLimitState }[] = [];
    for (const { providerId, owner, states } of this.byKey.values()) {
      for (const r of states.values()) {
        if (now - r.seenAt >= STALE_MS || r.remaining > r.limit * NEAR_LIMIT_SHARE) continue;
        const { reset, ...rest } = r;
        const resetAt = reset === null ? null : parseReset(reset, r.seenAt);
        if (resetAt === null || resetAt > now) out.push({ providerId, ...(owner ? { owner } : {}), state: { ...rest, resetAt } });
      }
    }
    return out;
  }

  alerts(now: number, nameOf: (providerId: string) => string | undefined): Alert[] {
    const at = new Date(now).toISOString();
    return this.nearLimit(now).map(({ providerId, owner, state: s }) => {
      const resetIn = s.resetAt === null ? '' : `; it resets in ${Math.max(1, Math.ceil((s.resetAt - now) / 1000))} s`;
      const provider = nameOf(providerId) ?? providerId;
      const whose = owner ? `${owner.name}'s ${provider} key` : `The ${provider} key`;
      return {
        id: `rate_limit_near:${providerId}:${owner ? `byok-${owner.id}:` : ''}${s.dimension}`,
        kind: 'rate_limit_near' as const,
        severity: s.remaining === 0 ? 'critical' as const : 'warning' as const,
        subject: providerId,
        message: `${whose} is near its rate limit: ${s.remaining} of ${s.limit} ${s.dimension} left${resetIn}`,
        created_at: at,
      };
    });
  }
}

/** `6m0s`, `1.5s`, `120ms` (OpenAI), an RFC 3339 time (Anthropic) or epoch ms / seconds (OpenRouter). */
export function parseReset(value: string, now: number): number | null {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    if (n > 1e12) return n; // epoch ms
    if (n > 1e9) return n * 1000; // epoch s
    return now + n * 1000; // seconds from now
  }
  const units = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let matched = '';
  for (const m of v.matchAll(units)) {
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
    matched += m[0];
  }
  if (matched.length > 0 && matched === v) return now + total;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}
