import { describe, expect, it } from 'vitest';
import type { Capability } from '../../shared/types';
import type { ModelEntry, ProviderEntry } from '../catalog';
import { REASON, eligibilityContext, exclusionReason } from './eligibility';
import { ALWAYS_HEALTHY, chatNeedsOf, makeModel, makeProfile, makeProvider } from '../../../test/helpers/snapshot-builders';
import type { HealthView, RequestNeeds } from './types';

const provider = makeProvider({ id: 'p' });
const model = makeModel({ providerId: 'p', modelName: 'm', capabilities: ['chat'], contextLength: 8192, maxOutputTokens: 4096 });

function reason(
  m: Partial<Parameters<typeof makeModel>[0]> = {},
  p: Partial<ProviderEntry> | null = {},
  needs: Partial<RequestNeeds> = {},
  opts: { byok?: string[]; localOnly?: boolean; health?: HealthView; rankedByCost?: boolean } = {},
): string | null {
  const entry: ModelEntry = makeModel({ providerId: 'p', modelName: 'm', capabilities: ['chat'], contextLength: 8192, maxOutputTokens: 4096, ...m });
  const prov = p === null ? undefined : { ...provider, ...p };
  const ctx = eligibilityContext(chatNeedsOf(needs), makeProfile({ byokProviders: new Set(opts.byok ?? []) }), opts.health ?? ALWAYS_HEALTHY, 0, opts.localOnly ?? false, opts.rankedByCost);
  return exclusionReason(entry, prov, ctx)?.reason ?? null;
}

describe('exclusionReason', () => {
  it('accepts an enabled, keyed, capable model that fits', () => {
    expect(reason()).toBeNull();
    expect(model.enabled).toBe(true);
  });

  it('a model without a known price is left out of rankings that weigh cost, and only of those', () => {
    expect(reason({ inputCostPer1m: null }, {}, {}, { rankedByCost: true })).toBe(REASON.priceUnknown.reason);
    expect(reason({ outputCostPer1m: null }, {}, {}, { rankedByCost: true })).toBe(REASON.priceUnknown.reason);
    expect(reason({ inputCostPer1m: null, outputCostPer1m: null })).toBeNull();
    expect(reason({ inputCostPer1m: 0, outputCostPer1m: 0 }, {}, {}, { rankedByCost: true })).toBeNull();
  });

  it('model and provider state', () => {
    expect(reason({ enabled: false })).toBe(REASON.modelDisabled.reason);
    expect(reason({}, null)).toBe(REASON.providerMissing.reason);
    expect(reason({}, { enabled: false })).toBe(REASON.providerDisabled.reason);
  });

  it('a key comes from the provider, keylessness, or the profile\'s BYOK key', () => {
    expect(reason({}, { hasKey: false })).toBe('provider has no key');
    expect(reason({}, { hasKey: false, keyless: true })).toBeNull();
    expect(reason({}, { hasKey: false }, {}, { byok: ['p'] })).toBeNull();
    expect(reason({}, { hasKey: false }, {}, { byok: ['other'] })).toBe(REASON.noKey.reason);
  });

  it.each<[Capability, string]>([
    ['tools', 'no tools support'],
    ['vision', 'no vision support'],
    ['json', 'no JSON mode'],
    ['reasoning', 'no reasoning support'],
  ])('a request needing %s skips models without it', (cap, why) => {
    expect(reason({}, {}, { capabilities: ['chat', cap] })).toBe(why);
    expect(reason({ capabilities: ['chat', cap] }, {}, { capabilities: ['chat', cap] })).toBeNull();
  });

  it('chat never goes to an embeddings-only model; embeddings only to embeddings models', () => {
    expect(reason({ capabilities: ['embeddings'] })).toBe('embeddings model');
    expect(reason({ capabilities: ['chat', 'embeddings'] })).toBeNull();
    expect(reason({}, {}, { capabilities: ['embeddings'] })).toBe('not an embeddings model');
    expect(reason({ capabilities: ['embeddings'] }, {}, { capabilities: ['embeddings'] })).toBeNull();
  });

  it('context must hold the input plus the requested output', () => {
    const unknownMax = { maxOutputTokens: null };
    expect(reason(unknownMax, {}, { estimatedInputTokens: 4000, maxOutputTokens: 4192 })).toBeNull();
    expect(reason(unknownMax, {}, { estimatedInputTokens: 4000, maxOutputTokens: 4193 })).toBe('context too small (needs 8193, has 8192)');
  });

  it('counts no more output than the model writes (a larger max_tokens is lowered to its limit)', () => {
    // Claude Code asks 32,000 of any model; this one writes at most 4,096
    expect(reason({}, {}, { estimatedInputTokens: 4000, maxOutputTokens: 32_000 })).toBeNull();
    expect(reason({}, {}, { estimatedInputTokens: 4097, maxOutputTokens: 32_000 })).toBe('context too small (needs 8193, has 8192)');
  });

  it('without a requested max, reserves min(model max output, 1024)', () => {
    expect(reason({}, {}, { estimatedInputTokens: 8192 - 1024 })).toBeNull();
    expect(reason({}, {}, { estimatedInputTokens: 8192 - 1023 })).toBe('context too small (needs 8193, has 8192)');
    expect(reason({ maxOutputTokens: 100 }, {}, { estimatedInputTokens: 8092 })).toBeNull();
    expect(reason({ maxOutputTokens: null }, {}, { estimatedInputTokens: 8192 - 1023 })).toBe('context too small (needs 8193, has 8192)');
  });

  it('reserved output room is marked so, the output a client asked is not', () => {
    const excluded = (needs: Partial<RequestNeeds>) => exclusionReason(model, provider, eligibilityContext(chatNeedsOf(needs), makeProfile(), ALWAYS_HEALTHY, 0, false))?.tokens;
    expect(excluded({ estimatedInputTokens: 7500 })).toEqual({ needs: 8524, output: 1024, has: 8192, reserved: true });
    expect(excluded({ estimatedInputTokens: 7500, maxOutputTokens: 1024 })).toEqual({ needs: 8524, output: 1024, has: 8192 });
  });

  it('Ollama and LM Studio need room for the prompt alone: they end the answer at their context, refusing no max_tokens', () => {
    // Ollama's default context of 4,096, Continue's max_tokens 4,096, Claude Code's 32,000
    for (const type of ['ollama', 'lmstudio'] as const) {
      const local = { type, local: true, keyless: true };
      expect(reason({ contextLength: 4096 }, local, { estimatedInputTokens: 3306 })).toBeNull();
      expect(reason({ contextLength: 4096 }, local, { estimatedInputTokens: 7, maxOutputTokens: 8000 })).toBeNull();
      expect(reason({ contextLength: 4096, maxOutputTokens: null }, local, { estimatedInputTokens: 4096, maxOutputTokens: 32_000 })).toBeNull();
      expect(reason({ contextLength: 4096 }, local, { estimatedInputTokens: 4097 })).toBe('context too small (needs 4097, has 4096)');
    }
    // a vLLM or llama.cpp server refuses a prompt and max_tokens past its context, as the cloud does
    expect(reason({ contextLength: 4096 }, { type: 'openai-compatible', local: true, keyless: true }, { estimatedInputTokens: 7, maxOutputTokens: 8000 }))
      .toBe('context too small (needs 4103, has 4096)');
  });

  it('embeddings requests check the longest input against the context, reserving no output', () => {
    const embed = { capabilities: ['embeddings'] as Capability[] };
    expect(reason(embed, {}, { ...embed, estimatedInputTokens: 50_000, longestInputTokens: 8192 })).toBeNull();
    expect(reason(embed, {}, { ...embed, estimatedInputTokens: 50_000, longestInputTokens: 8193 })).toBe('context too small (needs 8193, has 8192)');
  });

  it("a request standing on a web search takes a Gemini model only if it grounds with Google Search", () => {
    const gemini = { format: 'gemini' as const, type: 'gemini' as const };
    const search = { servableBy: ['messages', 'gemini'] as const, webSearch: true as const };
    for (const name of ['gemini-2.5-flash', 'gemini-3-pro-preview', 'gemini-2.0-flash', 'gemini-flash-latest']) {
      expect(reason({ modelName: name }, gemini, search), name).toBeNull();
    }
    for (const name of ['gemma-3-27b-it', 'gemini-2.0-flash-lite', 'gemini-2.5-flash-preview-tts', 'gemini-1.5-pro', 'gemini-2.5-flash-image']) {
      expect(reason({ modelName: name }, gemini, search), name).toBe(REASON.noGrounding.reason);
      // the same model serves a request that asks no search
      expect(reason({ modelName: name }, gemini, { servableBy: ['messages', 'gemini'] }), name).toBeNull();
    }
    // an Anthropic model runs Anthropic's own search, whatever its name
    expect(reason({ modelName: 'gemma-like' }, { format: 'anthropic', type: 'anthropic' }, search)).toBeNull();
  });

  it("on the Responses API, only OpenAI's own models with the web_search tool take a request standing on a web search", () => {
    const search = { servableBy: ['messages', 'gemini', 'responses'] as const, webSearch: true as const };
    const openai = { format: 'openai' as const, type: 'openai' as const };
    for (const name of ['gpt-5.4', 'gpt-4o-mini', 'o3', 'gpt-4.1']) expect(reason({ modelName: name, api: 'responses' }, openai, search), name).toBeNull();
    for (const name of ['gpt-4.1-nano', 'o1', 'o3-mini', 'gpt-4-turbo', 'gpt-4o-realtime-preview']) {
      expect(reason({ modelName: name, api: 'responses' }, openai, search), name).toBe(REASON.noOpenAISearch.reason);
    }
    // another server of the Responses API has no hosted search; a model on Chat Completions cannot carry it at all
    expect(reason({ modelName: 'gpt-5.4', api: 'responses' }, { format: 'openai', type: 'openai-compatible' }, search)).toBe(REASON.noOpenAISearch.reason);
    expect(reason({ modelName: 'gpt-5.4' }, openai, search)).toBe(REASON.otherFormat.reason);
  });

  it('the privacy guard keeps only local providers', () => {
    expect(reason({}, {}, {}, { localOnly: true })).toBe('privacy guard: only local providers');
    expect(reason({}, { local: true }, {}, { localOnly: true })).toBeNull();
  });

  it("the privacy guard leaves out a local provider's cloud model (Ollama's -cloud), and only under local_only", () => {
    const ollama = { local: true, type: 'ollama' as const, keyless: true };
    expect(reason({ modelName: 'gpt-oss:120b-cloud', remote: true }, ollama, {}, { localOnly: true })).toBe(REASON.privacyRemoteModel.reason);
    expect(reason({ modelName: 'qwen3:8b' }, ollama, {}, { localOnly: true })).toBeNull();
    expect(reason({ modelName: 'gpt-oss:120b-cloud', remote: true }, ollama)).toBeNull();
  });

  it('a model or provider cooling down is skipped', () => {
    const seen: string[] = [];
    const health: HealthView = { isCoolingDown: (m, p) => { seen.push(`${m}@${p}`); return true; } };
    expect(reason({}, {}, {}, { health })).toBe('cooling down');
    expect(seen).toEqual(['p/m@p']);
  });

  it('the cooldown lookup is not made for models excluded anyway', () => {
    let calls = 0;
    const health: HealthView = { isCoolingDown: () => { calls++; return false; } };
    reason({ enabled: false }, {}, {}, { health });
    reason({}, { hasKey: false }, {}, { health });
    reason({}, {}, { estimatedInputTokens: 1e9 }, { health });
    expect(calls).toBe(0);
  });
});

describe("Anthropic's 1M context beta", () => {
  const anthropic = { format: 'anthropic' as const, type: 'anthropic' as const };
  // Sonnet 4.5: 200K, and the catalog's tier above 200K, the 1M window's prices
  const sonnet = {
    contextLength: 200_000, maxOutputTokens: 64_000,
    longContext: [{ abovePromptTokens: 200_000, inputCostPer1m: 6, outputCostPer1m: 22.5, cachedInputCostPer1m: 0.6 }],
  };
  const big = { estimatedInputTokens: 300_000, maxOutputTokens: 32_000 };

  it('gives a model with a long-context tier the 1M window when the client sent the beta', () => {
    expect(reason(sonnet, anthropic, big)).toBe('context too small (needs 332000, has 200000)');
    expect(reason(sonnet, anthropic, { ...big, context1m: true })).toBeNull();
    expect(reason(sonnet, anthropic, { estimatedInputTokens: 990_000, maxOutputTokens: 32_000, context1m: true })).toBe('context too small (needs 1022000, has 1000000)');
  });

  it('opens nothing for a model without the tier, or served on another format', () => {
    expect(reason({ ...sonnet, longContext: [] }, anthropic, { ...big, context1m: true })).toBe('context too small (needs 332000, has 200000)');
    expect(reason(sonnet, {}, { ...big, context1m: true })).toBe('context too small (needs 332000, has 200000)');
  });
});

describe('local providers that are not running', () => {
  const down: HealthView = { isCoolingDown: () => false, isProviderDown: (id) => id === 'p' };

  it('excludes a local provider whose server did not answer, with the reason the preview shows', () => {
    expect(reason({}, { local: true, keyless: true, hasKey: false }, {}, { health: down })).toBe('not running');
    expect(REASON.notRunning.reason).toBe('not running');
  });

  it('leaves cloud providers and local ones that answer alone', () => {
    expect(reason({}, { local: false }, {}, { health: down })).toBeNull();
    expect(reason({}, { local: true, keyless: true }, {}, { health: { isCoolingDown: () => false, isProviderDown: () => false } })).toBeNull();
    expect(reason({}, { local: true, keyless: true })).toBeNull();
  });
});
