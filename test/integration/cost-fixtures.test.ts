// Exact costs (to 1e-9 USD) of recorded provider responses, streamed and not, in all three wire formats:
// the adapter's usage parsing, the bundled catalog's prices per token class and core pricing together.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SseEvent, StreamPart, UpstreamAdapter, Usage } from '../../src/core/canonical';
import { priceUsage, type UsageCost } from '../../src/core/pricing';
import { anthropicAdapter } from '../../src/core/providers/anthropic';
import { geminiAdapter } from '../../src/core/providers/gemini';
import { openaiAdapter } from '../../src/core/providers/openai';
import { createSseParser } from '../../src/core/sse';
import { bundledPrices, loadBundledCatalog } from '../../src/node/catalog';
import { pricedModel } from '../../src/node/catalog/model-prices';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const catalog = loadBundledCatalog(join(ROOT, 'resources/catalog.json'));
const fixture = (path: string): string => readFileSync(join(ROOT, 'test/fixtures', path), 'utf8');

/** The bundled catalog's prices for a model, as the router and proxy see them. */
function card(type: string, name: string) {
  const entry = catalog.models.find((m) => m.provider_type === type && m.model_name === name);
  if (!entry) throw new Error(`${type}/${name} is not in the bundled catalog`);
  return pricedModel(bundledPrices(entry));
}

function streamUsage(adapter: UpstreamAdapter, events: SseEvent[]): Usage {
  const decoder = adapter.createStreamDecoder();
  const parts: StreamPart[] = [...events.flatMap((e) => decoder.push(e)), ...decoder.end()];
  const usage = parts.filter((p) => p.type === 'usage');
  expect(usage).toHaveLength(1);
  return (usage[0] as { usage: Usage }).usage;
}

/** Anthropic chunks files hold one event's data a line; the event name is its type. */
const anthropicEvents = (name: string): SseEvent[] => fixture(`anthropic/${name}.chunks.txt`).split('\n')
  .filter((l) => l.trim() !== '').map((data) => ({ event: (JSON.parse(data) as { type: string }).type, data }));
/** OpenAI and Gemini chunks files are the SSE stream, one line an event: through the real parser. */
const sseEvents = (path: string): SseEvent[] => {
  const parser = createSseParser();
  const text = fixture(path).split('\n').filter((l) => l !== '').map((l) => `${l}\n\n`).join('');
  return [...parser.push(text), ...parser.end()];
};

const ADAPTERS: Record<string, UpstreamAdapter> = { anthropic: anthropicAdapter, openai: openaiAdapter, gemini: geminiAdapter };

/** A recording's format (its fixture folder) gives its adapter and how its chunks file reads. */
function recording(path: string): { adapter: UpstreamAdapter; response: string; events: () => SseEvent[] } {
  const [format, name] = path.split('/') as [string, string];
  const events = format === 'anthropic' ? () => anthropicEvents(name) : () => sseEvents(`${path}.chunks.txt`);
  return { adapter: ADAPTERS[format]!, response: `${path}.response.json`, events };
}

interface Case {
  name: string;
  model: [type: string, name: string];
  /** the recording, `<format>/<case>` under test/fixtures */
  fixture: string;
  usage: Usage;
  /** the stream's usage where it differs (a recording whose chunks do not repeat the answer's service_tier) */
  streamedUsage?: Usage;
  cost: Partial<UsageCost> & { costUsd: number };
}

// Each expected cost is worked out by hand from the provider's published prices, class by class.
const CASES: Case[] = [
  {
    // Claude Code turn on Sonnet 4.5: 3 fresh + 150k cache reads + 4k 5-minute writes + 8k 1-hour writes, 850 out
    // 3 x $3 + 150,000 x $0.30 + 4,000 x $3.75 + 8,000 x $6 + 850 x $15 = $120,759 per 1M tokens
    name: 'anthropic cache writes 5m and 1h, cache reads', model: ['anthropic', 'claude-sonnet-4-5'], fixture: 'anthropic/cache-ttl',
    usage: {
      inputTokens: 162_003, outputTokens: 850, cachedInputTokens: 150_000, cacheCreationInputTokens: 12_000,
      cacheWrite5mInputTokens: 4_000, cacheWrite1hInputTokens: 8_000,
    },
    cost: { costUsd: 0.120759, priceUnknown: false, priceBasis: [] },
  },
  {
    // 215,000 prompt tokens > 200k with the 1M context: every token at the long-context prices
    // 5,000 x $6 + 190,000 x $0.60 + 20,000 x $7.50 + 1,200 x $22.50 = $321,000 per 1M
    name: 'anthropic above the long-context threshold, with thinking', model: ['anthropic', 'claude-sonnet-4-5'], fixture: 'anthropic/long-context',
    usage: {
      inputTokens: 215_000, outputTokens: 1_200, cachedInputTokens: 190_000, cacheCreationInputTokens: 20_000,
      cacheWrite5mInputTokens: 20_000, cacheWrite1hInputTokens: 0,
    },
    cost: { costUsd: 0.321, priceBasis: ['long_context'] },
  },
  {
    // GPT-5.4, 45k prompt (40k cached), 3,000 out of which 2,500 reasoning (billed as output)
    // 5,000 x $2.50 + 40,000 x $0.25 + 3,000 x $15 = $67,500 per 1M
    name: 'openai cached input and reasoning tokens', model: ['openai', 'gpt-5.4'], fixture: 'openai/cached-reasoning',
    // served on the default tier, as the answer and every chunk say: standard prices
    usage: { inputTokens: 45_000, outputTokens: 3_000, cachedInputTokens: 40_000, reasoningTokens: 2_500, serviceTier: 'default' },
    cost: { costUsd: 0.0675, priceBasis: [] },
  },
  {
    // 300k prompt > 272k: 50,000 x $5 + 250,000 x $0.50 + 2,000 x $22.50 = $420,000 per 1M
    name: 'openai above the long-context threshold', model: ['openai', 'gpt-5.4'], fixture: 'openai/long-context',
    usage: { inputTokens: 300_000, outputTokens: 2_000, cachedInputTokens: 250_000, reasoningTokens: 1_500, serviceTier: 'default' },
    streamedUsage: { inputTokens: 300_000, outputTokens: 2_000, cachedInputTokens: 250_000, reasoningTokens: 1_500 },
    cost: { costUsd: 0.42, priceBasis: ['long_context'] },
  },
  {
    // OpenRouter bills $0.01613; the catalog says 500 x $3 + 10,000 x $0.30 + 1,500 x $3.75 (writes of unknown
    // lifetime, taken as 5-minute) + 400 x $15 = $16,125 per 1M: the provider's figure wins, the drift is kept, and
    // the estimate's assumption is no basis of the billed cost
    name: 'openrouter usage.cost', model: ['openrouter', 'anthropic/claude-sonnet-4.5'], fixture: 'openai/openrouter-cost',
    usage: {
      inputTokens: 12_000, outputTokens: 400, cachedInputTokens: 10_000, cacheCreationInputTokens: 1_500,
      reasoningTokens: 0, providerCostUsd: 0.01613,
    },
    cost: {
      costUsd: 0.01613, providerCostUsd: 0.01613, costDriftUsd: 0.01613 - 0.016125,
      priceBasis: ['provider_reported'],
    },
  },
  {
    // Grok 4: xAI counts the 736 reasoning tokens outside completion_tokens (total 3,108 = 2,341 + 31 + 736) and bills
    // them as output: 1,893 x $3 + 448 x $0.75 + 767 x $15 = $17,520 per 1M
    name: 'xai reasoning tokens apart from completion_tokens', model: ['xai', 'grok-4'], fixture: 'openai/xai-reasoning',
    usage: { inputTokens: 2_341, outputTokens: 767, cachedInputTokens: 448, reasoningTokens: 736 },
    cost: { costUsd: 0.01752, priceBasis: [] },
  },
  {
    // Grok 4 above 128k: 50,000 x $6 + 100,000 x $1.50 + (500 + 1,500 reasoning) x $30 = $510,000 per 1M
    name: 'xai above the long-context threshold', model: ['xai', 'grok-4'], fixture: 'openai/xai-long-context',
    usage: { inputTokens: 150_000, outputTokens: 2_000, cachedInputTokens: 100_000, reasoningTokens: 1_500 },
    cost: { costUsd: 0.51, priceBasis: ['long_context'] },
  },
  {
    // Gemini 2.5 Pro, 120k prompt (100k cached), 800 out + 1,200 thoughts (billed as output)
    // 20,000 x $1.25 + 100,000 x $0.125 + 2,000 x $10 = $57,500 per 1M
    name: 'gemini cached content and thoughts, below the threshold', model: ['gemini', 'gemini-2.5-pro'], fixture: 'gemini/cached-pro',
    usage: { inputTokens: 120_000, outputTokens: 2_000, cachedInputTokens: 100_000, reasoningTokens: 1_200 },
    cost: { costUsd: 0.0575, priceBasis: [] },
  },
  {
    // 250k prompt > 200k: 50,000 x $2.50 + 200,000 x $0.25 + 4,000 x $15 = $235,000 per 1M
    name: 'gemini above the long-context threshold', model: ['gemini', 'gemini-2.5-pro'], fixture: 'gemini/long-context',
    usage: { inputTokens: 250_000, outputTokens: 4_000, cachedInputTokens: 200_000, reasoningTokens: 3_000 },
    cost: { costUsd: 0.235, priceBasis: ['long_context'] },
  },
];

describe.each(CASES)('$name', (c) => {
  const { adapter, response, events } = recording(c.fixture);
  const price = (usage: Usage) => priceUsage(card(...c.model), usage);
  const expectCost = (got: UsageCost) => {
    expect(Math.abs((got.costUsd ?? NaN) - c.cost.costUsd)).toBeLessThan(1e-9);
    const { costUsd: _, costDriftUsd, ...rest } = c.cost;
    expect(got).toMatchObject(rest);
    if (typeof costDriftUsd === 'number') expect(Math.abs((got.costDriftUsd ?? NaN) - costDriftUsd)).toBeLessThan(1e-9);
  };

  it('non-streamed: parses every token class and prices it exactly', () => {
    const usage = adapter.parseChatResponse(JSON.parse(fixture(response))).usage;
    expect(usage).toEqual(c.usage);
    expectCost(price(usage as Usage));
  });

  it('streamed: the same usage, the same cost', () => {
    const usage = streamUsage(adapter, events());
    expect(usage).toEqual(c.streamedUsage ?? c.usage);
    expectCost(price(usage));
  });
});

it('a long-context prompt one token under the threshold is billed at the base prices', () => {
  const sonnet = card('anthropic', 'claude-sonnet-4-5');
  const at = { inputTokens: 200_000, outputTokens: 1_000 };
  // 200,000 x $3 + 1,000 x $15 vs 200,001 x $6 + 1,000 x $22.50
  expect(priceUsage(sonnet, at).costUsd).toBeCloseTo(0.615, 9);
  expect(priceUsage(sonnet, { ...at, inputTokens: 200_001 }).costUsd).toBeCloseTo(1.222506, 9);
});
