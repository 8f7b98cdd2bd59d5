import { describe, expect, it } from 'vitest';
import { CAPABILITY_BIT, capabilityMask } from './capability-mask';

describe('capabilityMask', () => {
  it('sets one bit per capability', () => {
    expect(capabilityMask(['chat', 'vision'])).toBe(CAPABILITY_BIT.chat | CAPABILITY_BIT.vision);
    expect(capabilityMask(['embeddings', 'reasoning'])).toBe(CAPABILITY_BIT.embeddings | CAPABILITY_BIT.reasoning);
    expect(capabilityMask([])).toBe(0);
  });
});
