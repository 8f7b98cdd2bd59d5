import { describe, expect, it } from 'vitest';
import { defaultMaxTokens } from './output-cap';

describe('defaultMaxTokens: the output room of a request that set no limit', () => {
  it("is the model's own limit when streamed, within what the context leaves beside the prompt", () => {
    expect(defaultMaxTokens(64_000, 200_000, 20_000, true)).toBe(64_000);
    expect(defaultMaxTokens(64_000, 200_000, 180_000, true)).toBe(20_000);
    expect(defaultMaxTokens(64_000, 200_000, 199_900, true)).toBe(1024);
    expect(defaultMaxTokens(undefined, 200_000, 1_000, true)).toBe(4096);
  });

  it('is at most 8,192 unstreamed, whose first byte waits for the whole answer', () => {
    expect(defaultMaxTokens(64_000, 200_000, 20_000, false)).toBe(8192);
  });
});
