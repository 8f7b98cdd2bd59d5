// Shared set-up for the usage integration tests: a real migrated database in a temp dir, records and a
// hand-built catalog snapshot.
import { mkdtempSync, rmSync } from 'node:fs';
import { expect } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogSnapshot, ModelEntry, ProviderEntry } from '../../src/core/catalog';
import type { UsageRecord } from '../../src/core/usage-record';
import { routingOrder } from '../../src/core/routing/routing-order';
import { CAPABILITY_BIT } from '../../src/core/routing/capability-mask';
import { MIGRATIONS, openDatabase, type Database } from '../../src/node/db';
import { createUsageMethods, type UsageMethods } from '../../src/node/service/usage-methods';
import { UsageRecorder } from '../../src/node/usage/recorder';
import { AdminError } from '../../src/shared/contract';
import { DEFAULT_ROUTING_RULES } from '../../src/shared/defaults';
import type { Capability } from '../../src/shared/types';

export const DAY = 86_400_000;
/** The usage tests' clock: 15 May 2026, noon UTC. */
export const NOW = Date.UTC(2026, 4, 15, 12, 0, 0);
export const dayKey = (daysAgo: number): string => new Date(NOW - daysAgo * DAY).toISOString().slice(0, 10);

export interface TempDb {
  dir: string;
  file: string;
  db: Database;
  cleanup(): void;
}

export function tempDb(): TempDb {
  return tempDbFrom(null, () => {});
}

/**
 * A temp database an older build made: created by the first `schema` migrations, `seed` writing its rows
 * there, then opened with every migration.
 */
export function upgradedTempDb(schema: number, seed: (old: Database) => void): TempDb {
  return tempDbFrom(schema, seed);
}

function tempDbFrom(schema: number | null, seed: (old: Database) => void): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'sb-usage-'));
  const file = join(dir, 'switchboard.db');
  if (schema !== null) {
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, schema) });
    try {
      seed(old);
    } finally {
      old.close();
    }
  }
  const db = openDatabase(file);
  return {
    dir,
    file,
    db,
    cleanup() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let seq = 0;

/**
 * A row as the proxy records it; its route needs, unless given, a plain request's of its endpoint (give
 * `routeNeeds: undefined` for a row whose needs are unknown, as rows logged before migration 21).
 */
export function usageRecord(over: Partial<UsageRecord> = {}): UsageRecord {
  seq++;
  const embeddings = over.endpoint === 'embeddings';
  return {
    routeNeeds: embeddings ? CAPABILITY_BIT.embeddings : CAPABILITY_BIT.chat,
    requestId: `req-${seq}`,
    startedAt: Date.now(),
    userId: 'default',
    tokenId: 'tok-1',
    inboundApi: 'chat',
    endpoint: 'chat',
    client: null,
    dropped: [],
    requestedModel: 'auto',
    modelId: 'openai/gpt-4o-mini',
    providerId: 'openai',
    stream: false,
    failedAttempts: [],
    inputTokens: 100,
    cachedInputTokens: 0,
    cacheCreationInputTokens: 0,
    outputTokens: 50,
    reasoningTokens: 0,
    costUsd: 0.001,
    estimated: false,
    ttfbMs: 120,
    latencyMs: 400,
    status: 200,
    errorKind: null,
    ...over,
  };
}

export function addUser(db: Database, id: string, over: { cap?: number | null; balance?: number | null } = {}): void {
  const at = new Date().toISOString();
  db.prepare(
    `INSERT INTO users (id, name, power_level, monthly_cap_usd, credit_balance_usd, created_at, updated_at)
     VALUES (?, ?, 'balanced', ?, ?, ?, ?)`,
  ).run(id, id.toUpperCase(), over.cap ?? null, over.balance ?? null, at, at);
}

export function model(id: string, over: Partial<Omit<ModelEntry, 'capabilities'>> & { caps?: Capability[] } = {}): ModelEntry {
  const [providerId = '', modelName = ''] = id.split('/');
  const { caps, ...rest } = over;
  return {
    id,
    providerId,
    modelName,
    inputCostPer1m: 1,
    outputCostPer1m: 2,
    cachedInputCostPer1m: null,
    contextLength: 128_000,
    maxOutputTokens: null,
    capabilities: new Set(caps ?? ['chat']),
    quality: 50,
    enabled: true,
    avgLatencyMs: null,
    ...rest,
  };
}

export function snapshotOf(models: ModelEntry[], disabledProviders: string[] = []): CatalogSnapshot {
  const providers = new Map<string, ProviderEntry>();
  for (const m of models) {
    providers.set(m.providerId, {
      id: m.providerId, name: m.providerId.toUpperCase(), type: 'openai-compatible', format: 'openai',
      baseUrl: 'http://127.0.0.1:1/v1', enabled: !disabledProviders.includes(m.providerId), priority: 0,
      hasKey: true, keyless: false, local: false,
    });
  }
  const modelsByName = new Map<string, string[]>();
  for (const m of models) modelsByName.set(m.modelName, [...(modelsByName.get(m.modelName) ?? []), m.id]);
  return {
    version: 1,
    providers,
    models,
    routingOrder: routingOrder(providers, models),
    modelsById: new Map(models.map((m) => [m.id, m])),
    modelsByName,
    rules: { ...DEFAULT_ROUTING_RULES },
  };
}

/** Polls `check` until it holds; returns the ms it took, or throws after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 3_000, stepMs = 5): Promise<number> {
  const t0 = performance.now();
  while (!check()) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return performance.now() - t0;
}

export interface UsageApi {
  t: TempDb;
  recorder: UsageRecorder;
  api: UsageMethods;
}

/**
 * A temp database, a recorder on it (flushed when the methods read, not on a timer) and the admin usage
 * methods over a catalog of these models, all at NOW. The caller closes the recorder and cleans up `t`.
 */
export function usageApi(models: ModelEntry[], disabledProviders: string[] = []): UsageApi {
  const t = tempDb();
  const recorder = new UsageRecorder(t.db, { now: () => NOW, flushIntervalMs: 60_000 });
  const api = createUsageMethods({ db: t.db, catalog: { snapshot: () => snapshotOf(models, disabledProviders) }, now: () => new Date(NOW) }, recorder);
  return { t, recorder, api };
}

/** The AdminError a call is refused with. */
export async function rejection(p: Promise<unknown>): Promise<AdminError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(AdminError);
  return e as AdminError;
}

/** The usage analytics tests' catalog: three chat models at three prices, an embeddings model, a disabled one, one on provider `gone`. */
export const ANALYTICS_MODELS = [
  model('cheap/small', { inputCostPer1m: 0.1, outputCostPer1m: 0.2, contextLength: 8_000, quality: 30 }),
  model('mid/medium', { inputCostPer1m: 1, outputCostPer1m: 2, contextLength: 128_000, quality: 60,
    cachedInputCostPer1m: 0.25 }),
  model('best/large', { inputCostPer1m: 10, outputCostPer1m: 30, contextLength: 200_000, quality: 90 }),
  model('cheap/embed', { inputCostPer1m: 0.02, outputCostPer1m: 0, contextLength: 8_000, caps: ['embeddings'] }),
  model('off/tiny', { inputCostPer1m: 0.001, outputCostPer1m: 0.001, contextLength: 1_000_000, enabled: false }),
  model('gone/free', { inputCostPer1m: 0, outputCostPer1m: 0, contextLength: 1_000_000 }),
];
