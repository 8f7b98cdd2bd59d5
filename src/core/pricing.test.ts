import { describe, expect, it } from 'vitest';
import { billedTokens, catalogCostUsd, computeCostUsd, hasKnownPrice, priceUsage, tierFor, type PricedModel, type ServedModel } from './pricing';

// Sonnet-4.5-like: $3 in, $15 out, $0.30 read, $3.75 / $6 writes; $6 / $22.50 ... above 200k
const SONNET: PricedModel = {
  inputCostPer1m: 3, outputCostPer1m: 15, cachedInputCostPer1m: 0.3, cacheWrite5mCostPer1m: 3.75, cacheWrite1hCostPer1m: 6,
  longContext: [{
    abovePromptTokens: 200_000, inputCostPer1m: 6, outputCostPer1m: 22.5, cachedInputCostPer1m: 0.6,
    cacheWrite5mCostPer1m: 7.5, cacheWrite1hCostPer1m: 12,
  }],
};
const BARE: PricedModel = { inputCostPer1m: 2, outputCostPer1m: 8, cachedInputCostPer1m: null };
const UNKNOWN: PricedModel = { inputCostPer1m: null, outputCostPer1m: null, cachedInputCostPer1m: null };
const close = (got: number | null, want: number) => expect(Math.abs((got ?? NaN) - want)).toBeLessThan(1e-12);

describe('catalogCostUsd', () => {
  it('prices every class at its own rate', () => {
    const r = catalogCostUsd(SONNET, {
      inputTokens: 1_000 + 2_000 + 300 + 400, outputTokens: 50, cachedInputTokens: 2_000,
      cacheCreationInputTokens: 700, cacheWrite5mInputTokens: 300, cacheWrite1hInputTokens: 400,
    });
    close(r.costUsd, (1_000 * 3 + 2_000 * 0.3 + 300 * 3.75 + 400 * 6 + 50 * 15) / 1e6);
    expect(r.basis).toEqual([]);
  });

  it('bills a class with no price at the input rate and says so, never silently', () => {
    const r = catalogCostUsd(BARE, { inputTokens: 1_000, outputTokens: 10, cachedInputTokens: 600, cacheCreationInputTokens: 100 });
    close(r.costUsd, (1_000 * 2 + 10 * 8) / 1e6);
    expect(r.basis).toEqual(['cache_read_at_input_rate', 'cache_write_at_input_rate']);
    expect(catalogCostUsd(BARE, { inputTokens: 1_000, outputTokens: 10 }).basis).toEqual([]);
  });

  it('takes writes without a lifetime as 5-minute ones, and says so where the lifetimes cost differently', () => {
    const r = catalogCostUsd(SONNET, { inputTokens: 1_000, outputTokens: 0, cacheCreationInputTokens: 1_000 });
    close(r.costUsd, (1_000 * 3.75) / 1e6);
    expect(r.basis).toEqual(['cache_write_ttl_assumed_5m']);
    // the split alone (no total) is enough
    close(catalogCostUsd(SONNET, { inputTokens: 1_000, outputTokens: 0, cacheWrite1hInputTokens: 1_000 }).costUsd, 0.006);
  });

  it('is unknown (null) when a class the request used has no price, and known when it used none', () => {
    expect(catalogCostUsd(UNKNOWN, { inputTokens: 10, outputTokens: 1 }).costUsd).toBeNull();
    expect(catalogCostUsd({ ...BARE, outputCostPer1m: null }, { inputTokens: 10, outputTokens: 1 }).costUsd).toBeNull();
    close(catalogCostUsd({ ...BARE, outputCostPer1m: null }, { inputTokens: 10, outputTokens: 0 }).costUsd, 20 / 1e6);
    expect(catalogCostUsd(UNKNOWN, { inputTokens: 0, outputTokens: 0 }).costUsd).toBe(0);
  });

  it('never counts more cached or written tokens than the prompt holds', () => {
    const r = catalogCostUsd(SONNET, { inputTokens: 100, outputTokens: 0, cachedInputTokens: 80, cacheCreationInputTokens: 500 });
    close(r.costUsd, (80 * 0.3 + 20 * 3.75) / 1e6);
    close(catalogCostUsd(BARE, { inputTokens: -5, outputTokens: Number.NaN }).costUsd, 0);
  });
});

describe('long-context tiers', () => {
  it('apply to the whole request only above the threshold', () => {
    expect(tierFor(SONNET, 200_000)).toBe(SONNET);
    expect(tierFor(SONNET, 200_001)).toBe(SONNET.longContext?.[0]);
    const above = catalogCostUsd(SONNET, { inputTokens: 250_000, outputTokens: 100, cachedInputTokens: 50_000 });
    close(above.costUsd, (200_000 * 6 + 50_000 * 0.6 + 100 * 22.5) / 1e6);
    expect(above.basis).toEqual(['long_context']);
  });

  it('pick the highest threshold passed, whatever the order they are listed in', () => {
    const tiers: PricedModel = {
      ...BARE,
      longContext: [
        { abovePromptTokens: 128_000, inputCostPer1m: 6, outputCostPer1m: 20, cachedInputCostPer1m: null },
        { abovePromptTokens: 32_000, inputCostPer1m: 4, outputCostPer1m: 12, cachedInputCostPer1m: null },
      ],
    };
    expect(tierFor(tiers, 1_000).inputCostPer1m).toBe(2);
    expect(tierFor(tiers, 64_000).inputCostPer1m).toBe(4);
    expect(tierFor(tiers, 500_000).inputCostPer1m).toBe(6);
  });
});

describe('priceUsage', () => {
  it('takes the provider-reported cost over the catalog, keeping the drift', () => {
    const r = priceUsage(BARE, { inputTokens: 1_000, outputTokens: 100, providerCostUsd: 0.003 });
    expect(r).toEqual({
      costUsd: 0.003, priceUnknown: false, priceBasis: ['provider_reported'], providerCostUsd: 0.003,
      costDriftUsd: 0.003 - (1_000 * 2 + 100 * 8) / 1e6,
    });
  });

  it("gives the provider's figure no note of the catalog's: not its class at the input price, not a lower bound", () => {
    // cache reads on a model without a cache-read price, on a tier whose prices the catalog lacks (a lower bound)
    const usage = { inputTokens: 1_000, outputTokens: 100, cachedInputTokens: 600, serviceTier: 'priority', providerCostUsd: 0.0123 };
    expect(catalogCostUsd(BARE, usage, 'openai')).toMatchObject({ basis: ['cache_read_at_input_rate', 'priority_unpriced'], lowerBound: true });
    const r = priceUsage(BARE, usage, 'openai');
    expect(r).toEqual({
      costUsd: 0.0123, priceUnknown: false, priceBasis: ['provider_reported'], providerCostUsd: 0.0123,
      costDriftUsd: 0.0123 - (1_000 * 2 + 100 * 8) / 1e6,
    });
  });

  it('prices a model without catalog prices from the provider figure alone', () => {
    expect(priceUsage(UNKNOWN, { inputTokens: 10, outputTokens: 5, providerCostUsd: 0.0001 }))
      .toMatchObject({ costUsd: 0.0001, priceUnknown: false, costDriftUsd: null });
  });

  it('marks an unpriced request unknown, never $0, and ignores a nonsense provider figure', () => {
    for (const providerCostUsd of [undefined, -1, Number.NaN, Infinity]) {
      expect(priceUsage(UNKNOWN, { inputTokens: 10, outputTokens: 5, providerCostUsd })).toEqual({
        costUsd: null, priceUnknown: true, priceBasis: [], providerCostUsd: null, costDriftUsd: null,
      });
    }
  });
});

describe('the router estimate', () => {
  it('is the catalog cost for a priced model and 0 (excluded from cost ranking elsewhere) for an unpriced one', () => {
    close(computeCostUsd(SONNET, { inputTokens: 1_000, outputTokens: 500 }), (1_000 * 3 + 500 * 15) / 1e6);
    expect(computeCostUsd(UNKNOWN, { inputTokens: 1_000, outputTokens: 500 })).toBe(0);
    expect(hasKnownPrice(SONNET)).toBe(true);
    expect(hasKnownPrice({ inputCostPer1m: 1, outputCostPer1m: null })).toBe(false);
    expect(hasKnownPrice({ inputCostPer1m: 0, outputCostPer1m: 0 })).toBe(true);
  });
});

describe('paid tool calls', () => {
  // Haiku 4.5: $1 in, $5 out
  const HAIKU: PricedModel = { inputCostPer1m: 1, outputCostPer1m: 5, cachedInputCostPer1m: 0.1 };

  it('adds $10 per 1,000 web searches to the tokens, and says so', () => {
    const r = priceUsage(HAIKU, { inputTokens: 1_000, outputTokens: 200, webSearchCalls: 3 });
    close(r.costUsd, 0.002 + 0.03);
    expect(r.priceBasis).toEqual(['web_search']);
    expect(catalogCostUsd(HAIKU, { inputTokens: 1_000, outputTokens: 200, webSearchCalls: 0 }).basis).toEqual([]);
  });

  it('adds $2.50 per 1,000 file searches to the tokens, beside web searches, and says so', () => {
    const r = priceUsage(HAIKU, { inputTokens: 1_000, outputTokens: 200, fileSearchCalls: 4 }, 'openai');
    close(r.costUsd, 0.002 + 0.01);
    expect(r.priceBasis).toEqual(['file_search']);
    const both = priceUsage(HAIKU, { inputTokens: 1_000, outputTokens: 200, webSearchCalls: 1, fileSearchCalls: 2 }, 'openai');
    close(both.costUsd, 0.002 + 0.01 + 0.005);
    expect(both.priceBasis).toEqual(['web_search', 'file_search']);
  });

  it('leaves a cost unknown when the tokens have no price, and a provider-reported cost wins', () => {
    expect(priceUsage(UNKNOWN, { inputTokens: 10, outputTokens: 1, webSearchCalls: 2 }).costUsd).toBeNull();
    const reported = priceUsage(HAIKU, { inputTokens: 1_000, outputTokens: 200, webSearchCalls: 3, providerCostUsd: 0.04 });
    expect(reported.costUsd).toBe(0.04);
    close(reported.costDriftUsd, 0.04 - 0.032);
  });
});

describe('OpenAI service tiers', () => {
  // GPT-5.4-like: $2.50 in, $15 out, $0.25 cached
  const GPT: PricedModel = { inputCostPer1m: 2.5, outputCostPer1m: 15, cachedInputCostPer1m: 0.25 };
  const usage = { inputTokens: 10_000, outputTokens: 3_000, cachedInputTokens: 4_000 };
  const standard = (6_000 * 2.5 + 4_000 * 0.25 + 3_000 * 15) / 1e6;

  it('flex bills every token class at half price (Batch API rates), searches at full price', () => {
    const r = priceUsage(GPT, { ...usage, serviceTier: 'flex' }, 'openai');
    close(r.costUsd, standard / 2);
    expect(r.priceBasis).toEqual(['flex']);
    expect(r.estimated).toBeUndefined();
    close(priceUsage(GPT, { ...usage, serviceTier: 'flex', webSearchCalls: 1 }, 'openai').costUsd, standard / 2 + 0.01);
  });

  it('priority is priced at standard as a lower bound, said and marked estimated', () => {
    const r = priceUsage(GPT, { ...usage, serviceTier: 'priority' }, 'openai');
    close(r.costUsd, standard);
    expect(r.priceBasis).toEqual(['priority_unpriced']);
    expect(r.estimated).toBe(true);
  });

  it("Gemini's Flex is half price too, its Priority standard as a lower bound", () => {
    const flex = priceUsage(GPT, { ...usage, serviceTier: 'flex' }, 'gemini');
    close(flex.costUsd, standard / 2);
    expect(flex.priceBasis).toEqual(['flex']);
    expect(flex.estimated).toBeUndefined();
    const priority = priceUsage(GPT, { ...usage, serviceTier: 'priority' }, 'gemini');
    close(priority.costUsd, standard);
    expect(priority.priceBasis).toEqual(['priority_unpriced']);
    expect(priority.estimated).toBe(true);
    expect(priceUsage(GPT, { ...usage, serviceTier: 'standard' }, 'gemini').priceBasis).toEqual([]);
  });

  it("means nothing from another provider (Groq's flex is its on-demand price) or with default", () => {
    for (const [tier, type] of [['flex', 'groq'], ['priority', 'openai-compatible'], ['default', 'openai'], ['flex', undefined]] as const) {
      const r = priceUsage(GPT, { ...usage, serviceTier: tier }, type);
      close(r.costUsd, standard);
      expect(r.priceBasis).toEqual([]);
      expect(r.estimated).toBeUndefined();
    }
  });
});

describe('Anthropic fast mode', () => {
  // Opus 4.6: $5 in, $25 out, $0.50 read, $6.25 5-minute write
  const OPUS = { modelName: 'claude-opus-4-6', inputCostPer1m: 5, outputCostPer1m: 25, cachedInputCostPer1m: 0.5, cacheWrite5mCostPer1m: 6.25 };
  const usage = { inputTokens: 10_000, outputTokens: 1_000, cachedInputTokens: 6_000, cacheWrite5mInputTokens: 2_000, cacheCreationInputTokens: 2_000 };
  const standard = (2_000 * 5 + 6_000 * 0.5 + 2_000 * 6.25 + 1_000 * 25) / 1e6;

  it('bills Opus 4.6 at 6x ($30 / $150 per MTok), cache classes included, whatever the provider type', () => {
    const r = priceUsage(OPUS, { ...usage, speed: 'fast' }, 'anthropic');
    close(r.costUsd, standard * 6);
    expect(r.priceBasis).toEqual(['fast']);
    expect(r.estimated).toBeUndefined();
    close(priceUsage(OPUS, { inputTokens: 1e6, outputTokens: 1e6, speed: 'fast' }).costUsd, 180);
    expect(priceUsage(OPUS, { ...usage, speed: 'standard' }, 'anthropic').priceBasis).toEqual([]);
  });

  it('bills Opus 4.8, 5 and 5.5 at 2x, 4.7 at 6x, dated names alike', () => {
    for (const [name, factor] of [['claude-opus-4-8', 2], ['claude-opus-5', 2], ['claude-opus-5-5', 2], ['claude-opus-5-20260723', 2], ['claude-opus-4-7', 6]] as const) {
      const r = priceUsage({ ...OPUS, modelName: name }, { ...usage, speed: 'fast' }, 'anthropic');
      close(r.costUsd, standard * factor);
      expect(r.priceBasis, name).toEqual(['fast']);
    }
  });

  it('prices fast mode on a model without a documented multiple at standard, a lower bound, estimated', () => {
    const r = priceUsage({ ...OPUS, modelName: 'claude-fable-5-2' }, { ...usage, speed: 'fast' }, 'anthropic');
    close(r.costUsd, standard);
    expect(r.priceBasis).toEqual(['fast_unpriced']);
    expect(r.estimated).toBe(true);
    expect(priceUsage({ ...OPUS, modelName: 'claude-opus-4-65' }, { ...usage, speed: 'fast' }).priceBasis).toEqual(['fast_unpriced']);
  });
});

describe('Anthropic server-side compaction', () => {
  // the answer: 23,000 in, 1,000 out; the compaction run before it: 180,000 in (20,000 read), 3,500 out
  const usage = {
    inputTokens: 23_000, outputTokens: 1_000,
    compactions: [{ inputTokens: 180_000, outputTokens: 3_500, cachedInputTokens: 20_000 }],
  };
  const answer = (23_000 * 3 + 1_000 * 15) / 1e6;
  const compaction = (160_000 * 3 + 20_000 * 0.3 + 3_500 * 15) / 1e6;

  it('adds each compaction at the model prices, its tier by its own prompt, not the sum of both', () => {
    const r = priceUsage(SONNET, usage, 'anthropic');
    close(r.costUsd, answer + compaction);
    expect(r.priceBasis).toEqual([]);
    // two compactions of 150K each stay below the 200K threshold: each is a request of its own
    const two = priceUsage(SONNET, { ...usage, compactions: [{ inputTokens: 150_000, outputTokens: 0 }, { inputTokens: 150_000, outputTokens: 0 }] });
    close(two.costUsd, answer + (300_000 * 3) / 1e6);
  });

  it('is unknown when the model has no price, and the row counts the billed tokens of both', () => {
    expect(priceUsage(UNKNOWN, usage).costUsd).toBeNull();
    expect(billedTokens(usage)).toMatchObject({ inputTokens: 203_000, outputTokens: 4_500, cachedInputTokens: 20_000, cacheCreationInputTokens: 0 });
    const plain = { inputTokens: 5, outputTokens: 1 };
    expect(billedTokens(plain)).toBe(plain);
  });
});

describe('Anthropic US-only inference', () => {
  const OPUS = { modelName: 'claude-opus-4-6', inputCostPer1m: 5, outputCostPer1m: 25, cachedInputCostPer1m: 0.5 };
  const usage = { inputTokens: 10_000, outputTokens: 1_000, cachedInputTokens: 6_000, inferenceGeo: 'us' };
  const standard = (4_000 * 5 + 6_000 * 0.5 + 1_000 * 25) / 1e6;

  it('bills Opus 4.6, Sonnet 4.6 and every later model at 1.1x on every token class', () => {
    for (const name of ['claude-opus-4-6', 'claude-sonnet-4-6', 'claude-opus-4-7', 'claude-opus-5', 'claude-opus-5-5', 'claude-fable-5-20260723', 'claude-haiku-5-5']) {
      const r = priceUsage({ ...OPUS, modelName: name }, usage, 'anthropic');
      close(r.costUsd, standard * 1.1);
      expect(r.priceBasis, name).toEqual(['us_inference']);
      expect(r.estimated).toBeUndefined();
    }
  });

  it('bills the models before 4.6 at the standard rate, and global inference everywhere', () => {
    for (const name of ['claude-sonnet-4-5', 'claude-haiku-4-5-20251001', 'claude-sonnet-4-20250514', 'claude-3-5-sonnet-20241022', 'claude-3-opus-20240229']) {
      const r = priceUsage({ ...OPUS, modelName: name }, usage, 'anthropic');
      close(r.costUsd, standard);
      expect(r.priceBasis, name).toEqual([]);
    }
    expect(priceUsage(OPUS, { ...usage, inferenceGeo: 'global' }, 'anthropic').priceBasis).toEqual([]);
  });

  it('comes on top of fast mode', () => {
    const r = priceUsage(OPUS, { ...usage, speed: 'fast' }, 'anthropic');
    close(r.costUsd, standard * 6 * 1.1);
    expect(r.priceBasis).toEqual(['fast', 'us_inference']);
  });

  it('prices a model it cannot date at standard, a lower bound, estimated', () => {
    for (const name of ['claude-fake', 'my-alias', 'claude-opus-4-65']) {
      const r = priceUsage({ ...OPUS, modelName: name }, usage, 'anthropic');
      close(r.costUsd, standard);
      expect(r.priceBasis, name).toEqual(['us_inference_unpriced']);
      expect(r.estimated).toBe(true);
    }
  });
});

describe('Gemini audio input', () => {
  // the catalog's prices: 2.5 Flash $0.30 in ($0.03 cached), $2.50 out
  const FLASH: ServedModel = { inputCostPer1m: 0.3, outputCostPer1m: 2.5, cachedInputCostPer1m: 0.03, modelName: 'gemini-2.5-flash' };

  it("bills a 1M-token audio prompt on gemini-2.5-flash at Google's $1.00, not the $0.30 text rate", () => {
    const r = priceUsage(FLASH, { inputTokens: 1_000_000, outputTokens: 1_000_000, audioInputTokens: 1_000_000 }, 'gemini');
    close(r.costUsd, 1 + 2.5);
    expect(r.priceBasis).toEqual(['audio_input']);
    expect(r.estimated).toBeUndefined();
  });

  it('bills cached audio at the cached audio price, the rest of the prompt at its own; flex halves it all', () => {
    const usage = { inputTokens: 1_000, outputTokens: 0, cachedInputTokens: 600, audioInputTokens: 500, cachedAudioInputTokens: 400 };
    const want = (100 * 1 + 400 * 0.1 + 300 * 0.3 + 200 * 0.03) / 1e6;
    close(priceUsage(FLASH, usage, 'gemini').costUsd, want);
    close(priceUsage(FLASH, { ...usage, serviceTier: 'flex' }, 'gemini').costUsd, want / 2);
    close(priceUsage({ ...FLASH, modelName: 'gemini-2.5-flash-lite-preview-09-2025', inputCostPer1m: 0.1, cachedInputCostPer1m: 0.01 },
      { inputTokens: 1_000_000, outputTokens: 0, audioInputTokens: 1_000_000 }, 'gemini').costUsd, 0.3);
    close(priceUsage({ ...FLASH, modelName: 'gemini-3-flash-preview', inputCostPer1m: 0.5 },
      { inputTokens: 1_000_000, outputTokens: 0, audioInputTokens: 1_000_000 }, 'gemini').costUsd, 1);
  });

  it('a model whose audio costs what its text does is priced as before; an unknown one at the text rate, a lower bound', () => {
    const pro: ServedModel = { inputCostPer1m: 1.25, outputCostPer1m: 10, cachedInputCostPer1m: 0.125, modelName: 'gemini-2.5-pro' };
    const r = priceUsage(pro, { inputTokens: 1_000, outputTokens: 0, audioInputTokens: 1_000 }, 'gemini');
    close(r.costUsd, 1_000 * 1.25 / 1e6);
    expect(r.priceBasis).toEqual([]);
    const unknown = priceUsage({ ...pro, modelName: 'gemini-9-ultra' }, { inputTokens: 1_000, outputTokens: 0, audioInputTokens: 1_000 }, 'gemini');
    close(unknown.costUsd, 1_000 * 1.25 / 1e6);
    expect(unknown.priceBasis).toEqual(['audio_unpriced']);
    expect(unknown.estimated).toBe(true);
    // no audio: nothing said
    expect(priceUsage({ ...pro, modelName: 'gemini-9-ultra' }, { inputTokens: 1_000, outputTokens: 0 }, 'gemini').priceBasis).toEqual([]);
  });
});

describe('Gemini Google Search grounding', () => {
  const usage = { inputTokens: 1_500, outputTokens: 1_000, webSearchCalls: 3 };

  it('bills a Gemini 3 model $14 per 1,000 search queries, each query', () => {
    const flash3: ServedModel = { inputCostPer1m: 0.5, outputCostPer1m: 3, cachedInputCostPer1m: 0.05, modelName: 'gemini-3-flash-preview' };
    const r = priceUsage(flash3, usage, 'gemini');
    close(r.costUsd, (1_500 * 0.5 + 1_000 * 3) / 1e6 + 3 * 0.014);
    expect(r.priceBasis).toEqual(['web_search']);
  });

  it('bills a Gemini 2.5 model $35 per 1,000 grounded prompts, once however many queries it ran', () => {
    const flash: ServedModel = { inputCostPer1m: 0.3, outputCostPer1m: 2.5, cachedInputCostPer1m: 0.03, modelName: 'gemini-2.5-flash' };
    const r = priceUsage(flash, usage, 'gemini');
    close(r.costUsd, (1_500 * 0.3 + 1_000 * 2.5) / 1e6 + 0.035);
    expect(r.priceBasis).toEqual(['web_search']);
    // another provider's searches stay $10 per 1,000
    close(priceUsage(flash, usage, 'anthropic').costUsd, (1_500 * 0.3 + 1_000 * 2.5) / 1e6 + 0.03);
  });
});
