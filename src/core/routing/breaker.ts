// One circuit breaker's state and the pure readings of it (closed, open, half-open with or without a probe out),
// for CooldownTracker (cooldown.ts), which holds one per model, provider and key and moves them along.

export type BreakerState = 'closed' | 'open' | 'half_open';

/**
 * While someone else's probe is out, how soon the others are told to come back (retry-after). The probe's
 * lease (timeout_ms and a second) only bounds a probe that never answers; a healthy model's probe gives its
 * verdict with its first content, within a second or two, and a client told the lease (121 s by default)
 * would be turned away that long (SDKs ignore a retry-after over 60 s and come back after about 1 s,
 * only to be turned away again). What is left of cooldown_ms says nothing here: the cooldown is over.
 */
export const PROBE_WAIT_MS = 2_000;

export interface Breaker {
  failures: number;
  /** while open: when the cooldown ends; 0 when closed */
  openUntil: number;
  /** when it last opened, and whether its length is a wait the provider named (a retry-after) rather than the rules' */
  openedAt: number;
  named: boolean;
  /** the length of the last (or current) cooldown; doubles on a failed probe */
  cooldownMs: number;
  /**
   * the rules' cooldown (cooldown_ms, at most MAX_COOLDOWN_MS) that cooldownMs comes from: the one in force when
   * failures opened it, kept through the doublings of failed probes, lowered with the rules (shortenForRules)
   */
  rulesMs: number;
  /** in half-open: when the claimed probe's lease ends; 0 = no probe out */
  probeUntil: number;
  /** closed by a probe whose stream has begun but not ended: a failure until the next success is the probe's */
  probation: boolean;
  /** a model's breaker: its last failure was its provider not answering (connect, timeout before headers) */
  unreached?: boolean;
  /** a key's breaker: whose key it is (forgetKeys) */
  key?: { providerId: string; keyOwner: string | undefined };
}

/** A probe's stream began: the breaker lets everyone through, and a failure before its end counts as the probe's. */
export function onProbation(b: Breaker | undefined, now: number): void {
  if (b !== undefined && breakerState(b, now) === 'half_open') {
    b.openUntil = 0;
    b.probeUntil = 0;
    b.probation = true;
  }
}

export function releaseProbe(b: Breaker | undefined, now: number): void {
  if (b !== undefined && breakerState(b, now) === 'half_open') b.probeUntil = 0;
}

export function breakerState(b: Breaker | undefined, now: number): BreakerState {
  if (b === undefined || b.openUntil === 0) return 'closed';
  return now < b.openUntil ? 'open' : 'half_open';
}

/**
 * When a breaker stops blocking: the end of its cooldown; while someone else's probe is out, PROBE_WAIT_MS
 * from now (its verdict is due by then), at most its lease's end; null if it does not block.
 */
export function blockedUntil(b: Breaker | undefined, now: number): number | null {
  if (b === undefined || b.openUntil === 0) return null;
  if (now < b.openUntil) return b.openUntil;
  return b.probeUntil > now ? Math.min(b.probeUntil, now + PROBE_WAIT_MS) : null;
}

/**
 * The rules' cooldown is now `after` (cooldown_ms, at most MAX_COOLDOWN_MS): a breaker they opened with a longer
 * one (rulesMs, whatever the rules said in between) ends when it would have under the new one, its doublings kept
 * (never later than it was to end). A wait the provider named is the provider's, and stays. True: with `after` 0
 * nothing sits out for failing, so the breaker is to be dropped.
 */
export function shortenForRules(b: Breaker, after: number): boolean {
  if (b.openUntil === 0 || b.named || b.rulesMs <= 0) return false;
  if (after === 0) return true;
  if (after >= b.rulesMs) return false;
  b.cooldownMs = Math.max(1, Math.round(b.cooldownMs * (after / b.rulesMs)));
  b.rulesMs = after;
  b.openUntil = Math.min(b.openUntil, b.openedAt + b.cooldownMs);
  return false;
}
