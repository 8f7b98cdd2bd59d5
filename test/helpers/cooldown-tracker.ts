// A CooldownTracker for the router's unit tests: the rules, the model and provider they trip, and a start time.
import { CooldownTracker } from '../../src/core/routing/cooldown';

export const RULES = { cooldown_failures: 3, cooldown_ms: 30_000, timeout_ms: 10_000 };
export const M = 'openai/gpt-4.1-mini';
export const P = 'openai';
export const T0 = 1_000_000;

export function tracker(): CooldownTracker {
  return new CooldownTracker(RULES);
}
