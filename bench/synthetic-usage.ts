// Synthetic usage for benchmarks and load tests: plausible rows spread evenly over the last `days` days,
// written through the real writer so usage_daily matches usage_log exactly. Deterministic (seeded).
import type Database from 'better-sqlite3';
import type { UsageRow } from '../src/node/usage/usage-row';
import { UsageWriter } from '../src/node/usage/usage-writer';
import { DAY_MS, utcDay } from '../src/node/usage/time-keys';

export interface SyntheticOptions {
  /** the window ends here; default now */
  now?: Date;
  seed?: number;
  users?: readonly string[];
}

/** provider, model, $/1M input, $/1M output */
const MODELS: readonly [string, string, number, number][] = [
  ['openai', 'openai/gpt-4o-mini', 0.15, 0.6],
  ['openai', 'openai/gpt-4o', 2.5, 10],
  ['anthropic', 'anthropic/claude-sonnet-4-5', 3, 15],
  ['anthropic', 'anthropic/claude-haiku-4-5', 1, 5],
  ['gemini', 'gemini/gemini-2.5-flash', 0.3, 2.5],
  ['groq', 'groq/llama-3.3-70b-versatile', 0.59, 0.79],
  ['ollama', 'ollama/llama3.2', 0, 0],
];
const EMBEDDING: [string, string, number, number] = ['openai', 'openai/text-embedding-3-small', 0.02, 0];
const BATCH = 50_000;

/** Inserts `rows` rows; returns the total cost inserted (USD). */
export function insertSyntheticUsage(
  db: Database.Database,
  rows: number,
  days: number,
  opts: SyntheticOptions = {},
): number {
  const writer = new UsageWriter(db);
  const random = mulberry32(opts.seed ?? 42);
  const users = opts.users ?? ['default', 'alice', 'bob'];
  const end = (opts.now ?? new Date()).getTime();
  const start = end - days * DAY_MS;
  const step = (end - start) / Math.max(1, rows);
  let total = 0;
  let batch: UsageRow[] = [];
  for (let i = 0; i < rows; i++) {
    const row = syntheticRow(i, Math.floor(start + i * step), random, users);
    total += row.cost_usd ?? 0;
    batch.push(row);
    if (batch.length === BATCH) {
      writer.write(batch);
      batch = [];
    }
  }
  writer.write(batch);
  return total;
}

function syntheticRow(i: number, at: number, random: () => number, users: readonly string[]): UsageRow {
  const embedding = random() < 0.05;
  const [provider, model, inPrice, outPrice] = embedding ? EMBEDDING : pick(MODELS, random);
  const failed = random() < 0.02;
  const input = failed ? 0 : 50 + Math.floor(random() * random() * 20_000);
  const cached = random() < 0.3 ? Math.floor(input * random()) : 0;
  const output = failed || embedding ? 0 : 10 + Math.floor(random() * 1_500);
  const latency = 150 + Math.floor(random() * 4_000);
  const openai = random() < 0.6;
  return {
    request_id: `syn-${i.toString(36)}`,
    started_at: at,
    day: utcDay(at),
    user_id: pick(users, random),
    token_id: null,
    client: null,
    inbound_api: openai ? 'openai' : 'anthropic',
    endpoint: embedding ? 'embeddings' : openai ? 'chat' : 'messages',
    requested_model: random() < 0.5 ? 'auto' : model,
    model_id: model,
    provider_id: provider,
    stream: random() < 0.7 ? 1 : 0,
    failed_attempts: null,
    dropped: null,
    input_tokens: input,
    cached_input_tokens: cached,
    cache_creation_input_tokens: 0,
    cache_write_1h_input_tokens: 0,
    output_tokens: output,
    reasoning_tokens: 0,
    cost_usd: (input * inPrice + output * outPrice) / 1_000_000,
    price_unknown: 0,
    price_basis: null,
    provider_cost_usd: null,
    cost_drift_usd: null,
    web_search_calls: 0,
    estimated: 0,
    ttfb_ms: failed ? null : Math.floor(latency / 4),
    latency_ms: latency,
    status: failed ? 502 : 200,
    error_kind: failed ? 'server' : null,
    // a chat request's needs, or an embeddings request's (core/routing/needs-code.ts: CAPABILITY_BIT)
    route_needs: embedding ? 16 : 1,
    route_max_output: null,
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
