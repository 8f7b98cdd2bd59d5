// Capabilities as bit masks: whether a model has every capability a request needs is one AND.
import type { Capability } from '../../shared/types';

export const CAPABILITY_BIT: Readonly<Record<Capability, number>> = {
  chat: 1, tools: 2, vision: 4, json: 8, embeddings: 16, reasoning: 32, documents: 64,
};

export function capabilityMask(caps: Iterable<Capability>): number {
  let mask = 0;
  for (const c of caps) mask |= CAPABILITY_BIT[c] ?? 0;
  return mask;
}
