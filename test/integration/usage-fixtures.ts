// Shared set-up for the usage integration tests: a real migrated database in a temp dir, records and a
// hand-built catalog snapshot.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogSnapshot, ModelEntry, ProviderEntry } from '../../src/core/catalog';
import type { UsageRecord } from '../../src/core/usage-record';
import { routingOrder } from '../../src/core/routing/routing-order';
import { MIGRATIONS, openDatabase, type Database } from '../../src/node/db';
import { DEFAULT_ROUTING_RULES } from '../../src/shared/defaults';
import type { Capability } from '../../src/shared/types';

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

export function usageRecord(over: Partial<UsageRecord> = {}): UsageRecord {
  seq++;
  return {
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
