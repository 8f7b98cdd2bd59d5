// A deterministic synthetic catalog of any size, for the routing benchmark and scale tests.
import type { Capability, ProviderType } from '../../src/shared/types';
import type { CatalogSnapshot, ModelEntry, ProviderEntry } from '../../src/core/catalog';
import { assembleSnapshot, makeModel, makeProvider, makeRules } from './snapshot-builders';

const TYPES: readonly ProviderType[] = ['openai', 'anthropic', 'gemini', 'openrouter', 'together', 'groq', 'mistral', 'deepseek', 'xai', 'ollama'];

/** Park-Miller LCG: same seed, same catalog, on every machine. */
function rng(seed: number): () => number {
  let s = seed % 2147483647;
  if (s <= 0) s += 2147483646;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

/**
 * n models over 10 providers (one disabled, one without a key, one local and keyless). About 5% of
 * models are disabled, 3% embeddings-only, 20% have no latency measure, 10% no quality; prices are
 * log-uniform from $0.05 to $30 per 1M input tokens. Aliases `fast` and `smart` and a few fallbacks
 * are defined so explicit-chain routing can be measured too.
 */
export function makeSyntheticSnapshot(n: number, seed = 42): CatalogSnapshot {
  const rand = rng(seed);
  const providers: ProviderEntry[] = TYPES.map((type, i) => makeProvider({
    id: `p${i}-${type}`, type, priority: (i % 4) + 1,
    enabled: i !== 7, hasKey: i !== 8 && type !== 'ollama', keyless: type === 'ollama', local: type === 'ollama',
  }));
  const models: ModelEntry[] = [];
  for (let i = 0; i < n; i++) {
    const provider = providers[i % providers.length] as ProviderEntry;
    const input = 0.05 * Math.pow(600, rand());
    const embeddingsOnly = rand() < 0.03;
    const caps: Capability[] = embeddingsOnly ? ['embeddings'] : ['chat'];
    if (!embeddingsOnly) {
      if (rand() < 0.8) caps.push('tools');
      if (rand() < 0.5) caps.push('vision');
      if (rand() < 0.7) caps.push('json');
      if (rand() < 0.3) caps.push('reasoning');
    }
    models.push(makeModel({
      providerId: provider.id,
      modelName: `model-${i}`,
      inputCostPer1m: provider.local ? 0 : Math.round(input * 1000) / 1000,
      outputCostPer1m: provider.local ? 0 : Math.round(input * (2 + rand() * 4) * 1000) / 1000,
      cachedInputCostPer1m: rand() < 0.5 ? Math.round(input * 100) / 1000 : null,
      contextLength: [8_192, 32_768, 128_000, 200_000, 1_000_000][Math.floor(rand() * 5)] as number,
      maxOutputTokens: rand() < 0.9 ? 8_192 : null,
      capabilities: caps,
      quality: rand() < 0.9 ? Math.round(30 + rand() * 65) : null,
      enabled: rand() >= 0.05,
      avgLatencyMs: rand() < 0.8 ? Math.round(200 + rand() * 2800) : null,
    }));
  }
  const ids = models.map((m) => m.id);
  const pick = (k: number): string => ids[k % Math.max(1, ids.length)] as string;
  const rules = makeRules({
    aliases: { fast: [pick(1), pick(2), pick(3)], smart: [pick(4), pick(5)] },
    fallbacks: { [pick(1)]: [pick(6), pick(7)], [pick(6)]: [pick(8), pick(1)] },
  });
  return assembleSnapshot(providers, models, rules);
}
