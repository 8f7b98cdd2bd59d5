// Migration 021 (route-needs): upgrades a schema-20 database in place; its usage rows read NULL needs (unknown),
// and what-if at a power level prices those only on a model with every capability, of the API each came in on
// (before the needs were kept, every row was routed as a plain chat request: the cheapest chat-only model).
import { afterEach, expect, it } from 'vitest';
import { routingOrder } from '../../src/core/routing/routing-order';
import { MIGRATIONS, schemaVersion } from '../../src/node/db';
import { UsageRecorder } from '../../src/node/usage/recorder';
import { whatIf } from '../../src/node/usage/what-if';
import { DAY, model, NOW, snapshotOf, upgradedTempDb, usageRecord, type TempDb } from './usage-fixtures';

let t: TempDb;
afterEach(() => t?.cleanup());

const EVERY = ['chat', 'tools', 'vision', 'json', 'reasoning', 'documents'] as const;

function catalog() {
  const built = snapshotOf([
    model('oa/plain', { inputCostPer1m: 0.01, outputCostPer1m: 0.02 }),
    model('oa/every', { inputCostPer1m: 2, outputCostPer1m: 8, caps: [...EVERY] }),
    model('an/claude', { inputCostPer1m: 3, outputCostPer1m: 15, caps: ['chat', 'tools', 'vision', 'json'] }),
    model('an/every', { inputCostPer1m: 5, outputCostPer1m: 25, caps: [...EVERY] }),
    model('oa/embed', { inputCostPer1m: 0.02, outputCostPer1m: 0, caps: ['embeddings'] }),
  ]);
  const providers = new Map(built.providers);
  providers.set('an', { ...providers.get('an')!, type: 'anthropic', format: 'anthropic' });
  return { ...built, providers, routingOrder: routingOrder(providers, built.models) };
}

it('upgrades a schema-20 database: old rows keep their figures, their needs unknown, priced at a level only where nothing they needed can be missing', async () => {
  const insert = `INSERT INTO usage_log (request_id, started_at, day, user_id, inbound_api, endpoint, requested_model, model_id, stream,
    input_tokens, cached_input_tokens, cache_creation_input_tokens, output_tokens, reasoning_tokens, cost_usd, estimated, latency_ms, status)
    VALUES (?, ${NOW - DAY}, '2026-05-14', 'default', ?, ?, 'auto', ?, 0, 1000, 0, 0, 100, 0, ?, 0, 40, 200)`;
  t = upgradedTempDb(20, (v20) => {
    const add = v20.prepare(insert);
    add.run('turn', 'messages', 'messages', 'an/claude', 0.0045);
    add.run('call', 'chat', 'chat', 'oa/plain', 0.000012);
    add.run('embed', 'chat', 'embeddings', 'oa/embed', 0.00002);
    add.run('gem', 'gemini', 'generate_content', 'oa/plain', 0.000012);
  });
  expect(schemaVersion(t.db)).toBe(MIGRATIONS.length);
  expect(t.db.prepare('SELECT request_id, route_needs, route_max_output, cost_usd FROM usage_log ORDER BY id').all()).toEqual([
    { request_id: 'turn', route_needs: null, route_max_output: null, cost_usd: 0.0045 },
    { request_id: 'call', route_needs: null, route_max_output: null, cost_usd: 0.000012 },
    { request_id: 'embed', route_needs: null, route_max_output: null, cost_usd: 0.00002 },
    { request_id: 'gem', route_needs: null, route_max_output: null, cost_usd: 0.000012 },
  ]);
  const eco = await whatIf(t.db, catalog(), { days: 30, power_level: 'eco' }, new Date(NOW));
  // the turn on an/every (the Messages API's one with every capability), the chat call on oa/every, the
  // embeddings request on the embeddings model as before; no Gemini model: kept at its actual cost
  // (before: all three generate requests on oa/plain)
  expect(eco).toMatchObject({ requests: 4, unpriced_requests: 1, needs_unknown_requests: 3 });
  const on = (inP: number, outP: number) => (1000 * inP + 100 * outP) / 1e6;
  expect(eco.hypothetical_cost_usd).toBeCloseTo(on(5, 25) + on(2, 8) + 0.00002 + 0.000012, 12);
});

it('a row recorded after the upgrade keeps its needs and max_tokens, and is routed with them', async () => {
  t = upgradedTempDb(20, () => {});
  const recorder = new UsageRecorder(t.db, { now: () => NOW, flushIntervalMs: 60_000 });
  // tools and JSON (2 | 8 with chat's 1), put first on the Messages API (2 << 12)
  recorder.record(usageRecord({ startedAt: NOW - DAY, inboundApi: 'messages', endpoint: 'messages', modelId: 'an/claude', routeNeeds: 1 | 2 | 8 | (2 << 12), routeMaxOutput: 4096, inputTokens: 1000, outputTokens: 100, costUsd: 0.0045 }));
  recorder.record(usageRecord({ startedAt: NOW - DAY, inputTokens: 1000, outputTokens: 100, costUsd: 0.0045 }));
  recorder.flush();
  expect(t.db.prepare('SELECT route_needs, route_max_output FROM usage_log ORDER BY id').all()).toEqual([
    { route_needs: 1 | 2 | 8 | (2 << 12), route_max_output: 4096 },
    { route_needs: 1, route_max_output: null },
  ]);
  const eco = await whatIf(t.db, catalog(), { days: 30, power_level: 'eco' }, new Date(NOW));
  // the first on the model it ran on (what it cost), the plain one on oa/plain
  expect(eco).toMatchObject({ requests: 2, unpriced_requests: 0, needs_unknown_requests: 0 });
  expect(eco.hypothetical_cost_usd).toBeCloseTo(0.0045 + (1000 * 0.01 + 100 * 0.02) / 1e6, 12);
  recorder.close();
});
