import { describe, expect, it } from 'vitest';
import { boundWebSearches, checkReportedUsage, isSaneUsage, MAX_TOKENS_PER_REQUEST, MAX_WEB_SEARCHES_PER_ANSWER, scrubUsageJson } from './usage-sanity';

describe('checkReportedUsage', () => {
  it('accepts whole, non-negative counts up to the bound, optional parts absent or present', () => {
    expect(checkReportedUsage({ inputTokens: 0, outputTokens: 0 })).toEqual({ ok: true });
    expect(isSaneUsage({ inputTokens: 120_000, outputTokens: 9_000, cachedInputTokens: 100_000, cacheCreationInputTokens: 0, reasoningTokens: 4_000 })).toBe(true);
    // README: whole numbers from 0 to 10 million, the bound itself included
    expect(isSaneUsage({ inputTokens: MAX_TOKENS_PER_REQUEST, outputTokens: 1 })).toBe(true);
    expect(MAX_TOKENS_PER_REQUEST).toBe(10_000_000);
    expect(isSaneUsage({ inputTokens: 10, outputTokens: 1, providerCostUsd: 0.0042 })).toBe(true);
    expect(isSaneUsage({ inputTokens: 10, outputTokens: 1, compactions: [{ inputTokens: 180_000, outputTokens: 3_500 }] })).toBe(true);
  });

  it.each([
    ['huge', { inputTokens: 1e300, outputTokens: 1 }, /inputTokens = 1e\+300/],
    ['infinite', { inputTokens: 1, outputTokens: Infinity }, /outputTokens = Infinity/],
    ['NaN', { inputTokens: Number.NaN, outputTokens: 1 }, /inputTokens = NaN/],
    ['negative', { inputTokens: -5, outputTokens: 1 }, /inputTokens = -5/],
    ['fractional', { inputTokens: 1.5, outputTokens: 1 }, /inputTokens = 1\.5/],
    ['past the bound', { inputTokens: 1, outputTokens: MAX_TOKENS_PER_REQUEST + 1 }, /outputTokens = 10000001 \(not a whole number of tokens from 0 to 10000000\)/],
    ['a bad optional part', { inputTokens: 1, outputTokens: 1, cachedInputTokens: -1 }, /cachedInputTokens = -1/],
    ['a string', { inputTokens: '12' as unknown as number, outputTokens: 1 }, /inputTokens = string/],
    ['missing', { outputTokens: 1 } as never, /inputTokens = undefined/],
    ['a bad cache-write split', { inputTokens: 1, outputTokens: 1, cacheWrite1hInputTokens: 1e25 }, /cacheWrite1hInputTokens = 1e\+25/],
    ['an absurd reported cost', { inputTokens: 1, outputTokens: 1, providerCostUsd: 2e294 }, /providerCostUsd = 2e\+294/],
    ['a negative reported cost', { inputTokens: 1, outputTokens: 1, providerCostUsd: -3 }, /providerCostUsd = -3/],
    ['a NaN reported cost', { inputTokens: 1, outputTokens: 1, providerCostUsd: Number.NaN }, /providerCostUsd = NaN/],
    ['a fractional web search count', { inputTokens: 1, outputTokens: 1, webSearchCalls: 2.5 }, /webSearchCalls = 2\.5/],
    ['a negative web search count', { inputTokens: 1, outputTokens: 1, webSearchCalls: -1 }, /webSearchCalls = -1/],
    ['a compaction with a huge count', { inputTokens: 1, outputTokens: 1, compactions: [{ inputTokens: 1e300, outputTokens: 1 }] }, /a compaction's inputTokens = 1e\+300/],
  ])('refuses %s counts, naming the field', (_what, usage, problem) => {
    const r = checkReportedUsage(usage);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });
});

describe('boundWebSearches', () => {
  it('leaves a count within what the request allowed, its tokens believed either way', () => {
    const usage = { inputTokens: 10, outputTokens: 5, webSearchCalls: 8 };
    expect(boundWebSearches(usage, 8)).toEqual({ usage, over: false });
    expect(boundWebSearches({ inputTokens: 10, outputTokens: 5 }, 0)).toEqual({ usage: { inputTokens: 10, outputTokens: 5 }, over: false });
    // a large count is no reason to distrust the tokens: the sanity check leaves it to the bound
    expect(isSaneUsage({ inputTokens: 10, outputTokens: 5, webSearchCalls: 9_999_999 })).toBe(true);
  });

  it('bills a count above it as the bound, and says so: none without a search tool, else max_uses or the ceiling', () => {
    expect(boundWebSearches({ inputTokens: 10, outputTokens: 5, webSearchCalls: 9_999_999 }, MAX_WEB_SEARCHES_PER_ANSWER))
      .toEqual({ usage: { inputTokens: 10, outputTokens: 5, webSearchCalls: MAX_WEB_SEARCHES_PER_ANSWER }, over: true });
    expect(boundWebSearches({ inputTokens: 10, outputTokens: 5, webSearchCalls: 9 }, 8).usage.webSearchCalls).toBe(8);
    expect(boundWebSearches({ inputTokens: 10, outputTokens: 5, webSearchCalls: 3 }, 0)).toEqual({ usage: { inputTokens: 10, outputTokens: 5 }, over: true });
    expect(MAX_WEB_SEARCHES_PER_ANSWER).toBe(100);
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

  it("keeps OpenRouter's cost, a fraction of a dollar, beside the counts it zeroes; an impossible cost is zeroed", () => {
    const usage = {
      prompt_tokens: 1e300, completion_tokens: 7, total_tokens: 7, cost: 0.00123, is_byok: false,
      cost_details: { upstream_inference_cost: 0.0011, upstream_inference_prompt_cost: 0.0004 },
      completion_tokens_details: { reasoning_tokens: 0.5 },
    };
    expect(JSON.parse(scrubUsageJson(JSON.stringify({ id: 'gen-1', usage })))).toEqual({ id: 'gen-1', usage: {
      ...usage, prompt_tokens: 0, completion_tokens_details: { reasoning_tokens: 0 },
    } });
    const dear = { usage: { prompt_tokens: 3, completion_tokens: 1, cost: 1e12, cost_details: { upstream_inference_cost: -1 } } };
    expect(JSON.parse(scrubUsageJson(JSON.stringify(dear)))).toEqual({ usage: { prompt_tokens: 3, completion_tokens: 1, cost: 0, cost_details: { upstream_inference_cost: 0 } } });
  });

  it('leaves text that is not JSON alone', () => {
    expect(scrubUsageJson('[DONE]')).toBe('[DONE]');
  });
});
