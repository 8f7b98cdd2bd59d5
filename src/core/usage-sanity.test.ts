import { describe, expect, it } from 'vitest';
import { checkReportedUsage, isSaneUsage, MAX_TOKENS_PER_REQUEST, scrubUsageJson } from './usage-sanity';

describe('checkReportedUsage', () => {
  it('accepts whole, non-negative counts below the bound, optional parts absent or present', () => {
    expect(checkReportedUsage({ inputTokens: 0, outputTokens: 0 })).toEqual({ ok: true });
    expect(isSaneUsage({ inputTokens: 120_000, outputTokens: 9_000, cachedInputTokens: 100_000, cacheCreationInputTokens: 0, reasoningTokens: 4_000 })).toBe(true);
    expect(isSaneUsage({ inputTokens: MAX_TOKENS_PER_REQUEST - 1, outputTokens: 1 })).toBe(true);
    expect(isSaneUsage({ inputTokens: 10, outputTokens: 1, providerCostUsd: 0.0042 })).toBe(true);
    expect(isSaneUsage({ inputTokens: 10, outputTokens: 1, compactions: [{ inputTokens: 180_000, outputTokens: 3_500 }] })).toBe(true);
  });

  it.each([
    ['huge', { inputTokens: 1e300, outputTokens: 1 }, /inputTokens = 1e\+300/],
    ['infinite', { inputTokens: 1, outputTokens: Infinity }, /outputTokens = Infinity/],
    ['NaN', { inputTokens: Number.NaN, outputTokens: 1 }, /inputTokens = NaN/],
    ['negative', { inputTokens: -5, outputTokens: 1 }, /inputTokens = -5/],
    ['fractional', { inputTokens: 1.5, outputTokens: 1 }, /inputTokens = 1\.5/],
    ['at the bound', { inputTokens: 1, outputTokens: MAX_TOKENS_PER_REQUEST }, /outputTokens/],
    ['a bad optional part', { inputTokens: 1, outputTokens: 1, cachedInputTokens: -1 }, /cachedInputTokens = -1/],
    ['a string', { inputTokens: '12' as unknown as number, outputTokens: 1 }, /inputTokens = string/],
    ['missing', { outputTokens: 1 } as never, /inputTokens = undefined/],
    ['a bad cache-write split', { inputTokens: 1, outputTokens: 1, cacheWrite1hInputTokens: 1e25 }, /cacheWrite1hInputTokens = 1e\+25/],
    ['an absurd reported cost', { inputTokens: 1, outputTokens: 1, providerCostUsd: 2e294 }, /providerCostUsd = 2e\+294/],
    ['a negative reported cost', { inputTokens: 1, outputTokens: 1, providerCostUsd: -3 }, /providerCostUsd = -3/],
    ['a NaN reported cost', { inputTokens: 1, outputTokens: 1, providerCostUsd: Number.NaN }, /providerCostUsd = NaN/],
    ['a compaction with a huge count', { inputTokens: 1, outputTokens: 1, compactions: [{ inputTokens: 1e300, outputTokens: 1 }] }, /a compaction's inputTokens = 1e\+300/],
  ])('refuses %s counts, naming the field', (_what, usage, problem) => {
    const r = checkReportedUsage(usage);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });
});

describe('scrubUsageJson', () => {
  it('zeroes the impossible counts inside usage objects and keeps everything else', () => {
    const openai = { id: 'x', choices: [{ index: 0, delta: {} }], usage: { prompt_tokens: 1e300, completion_tokens: -5, total_tokens: 12, prompt_tokens_details: { cached_tokens: 1.5 } } };
    expect(JSON.parse(scrubUsageJson(JSON.stringify(openai)))).toEqual({
      id: 'x', choices: [{ index: 0, delta: {} }], usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 12, prompt_tokens_details: { cached_tokens: 0 } },
    });
    const anthropic = { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2e9 } };
    expect(JSON.parse(scrubUsageJson(JSON.stringify(anthropic)))).toEqual({ ...anthropic, usage: { output_tokens: 0 } });
    const gemini = { candidates: [{ index: 0 }], usageMetadata: { promptTokenCount: -1, candidatesTokenCount: 3 } };
    expect(JSON.parse(scrubUsageJson(JSON.stringify(gemini)))).toEqual({ ...gemini, usageMetadata: { promptTokenCount: 0, candidatesTokenCount: 3 } });
  });

  it('leaves text that is not JSON alone', () => {
    expect(scrubUsageJson('[DONE]')).toBe('[DONE]');
  });
});
