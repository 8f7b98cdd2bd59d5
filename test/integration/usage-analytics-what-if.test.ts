// Usage analytics' what-if: every logged request re-priced on one model, or on the model the router would
// pick at a power level, over a day window.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeCostUsd } from '../../src/core/pricing';
import { routeRequest } from '../../src/core/routing';
import type { UsageRecord } from '../../src/core/usage-record';
import type { UsageMethods } from '../../src/node/service/usage-methods';
import type { UsageRecorder } from '../../src/node/usage/recorder';
import { ANALYTICS_MODELS as MODELS, DAY, NOW, rejection, snapshotOf, usageApi, usageRecord, type TempDb } from './usage-fixtures';

let t: TempDb, recorder: UsageRecorder, api: UsageMethods;
beforeEach(() => { ({ t, recorder, api } = usageApi(MODELS, ['gone'])); });
afterEach(() => { recorder.close(); t.cleanup(); });

describe('whatIf', () => {
  beforeEach(() => {
    const r = (input: number, output: number, over: Partial<UsageRecord> = {}) =>
      recorder.record(usageRecord({ startedAt: NOW - DAY, inputTokens: input, outputTokens: output, costUsd: 1, ...over }));
    r(1_000, 100);
    r(100_000, 1_000, { cachedInputTokens: 40_000 });
    r(300_000, 10);
    r(500, 0, { endpoint: 'embeddings' });
    r(50, 0, { endpoint: 'count_tokens', costUsd: 0 });
    r(1_000, 100, { startedAt: NOW - 40 * DAY, costUsd: 50 });
  });
  const cost = (input: number, output: number, inP: number, outP: number) => (input * inP + output * outP) / 1e6;

  it('prices every request on one model, counting those it cannot serve', async () => {
    const res = await api.whatIf({ days: 30, model: 'cheap/small' });
    expect(res).toMatchObject({ days: 30, requests: 4, unpriced_requests: 3, scenario: 'model cheap/small' });
    expect(res.actual_cost_usd).toBeCloseTo(4, 12);
    expect(res.hypothetical_cost_usd).toBeCloseTo(cost(1_000, 100, 0.1, 0.2) + 3, 12);
  });

  it('uses the cached-input price where the model has one', async () => {
    const res = await api.whatIf({ days: 30, model: 'mid/medium' });
    expect(res.unpriced_requests).toBe(2);
    const cached = (60_000 * 1 + 40_000 * 0.25 + 1_000 * 2) / 1e6;
    expect(res.hypothetical_cost_usd).toBeCloseTo(cost(1_000, 100, 1, 2) + cached + 2, 12);
  });

  it('prices each request on the model the router would pick at a power level', async () => {
    const emb = cost(500, 0, 0.02, 0);
    const eco = await api.whatIf({ days: 30, power_level: 'eco' });
    expect(eco).toMatchObject({ requests: 4, unpriced_requests: 1, scenario: 'power level eco' });
    expect(eco.hypothetical_cost_usd).toBeCloseTo(
      cost(1_000, 100, 0.1, 0.2) + (60_000 + 40_000 * 0.25 + 1_000 * 2) / 1e6 + 1 + emb, 12);
    const precision = await api.whatIf({ days: 30, power_level: 'precision' });
    expect(precision.hypothetical_cost_usd).toBeCloseTo(
      cost(1_000, 100, 10, 30) + cost(100_000, 1_000, 10, 30) + 1 + emb, 12);
    // balanced: whatever the router itself ranks first for each logged request size
    const balanced = await api.whatIf({ days: 30, power_level: 'balanced' });
    const pick = (input: number) => routeRequest({
      snapshot: snapshotOf(MODELS, ['gone']), requestedModel: 'balanced', monthSpentUsd: 0, now: NOW,
      profile: { id: 'p', name: 'p', powerLevel: 'balanced', monthlyCapUsd: null, creditBalanceUsd: null,
        preferredModels: [], privacyGuard: 'off', byokProviders: new Set(), createdAt: '' },
      health: { isCoolingDown: () => false },
      needs: { estimatedInputTokens: input, maxOutputTokens: undefined, capabilities: ['chat'], secretsFound: [] },
    }).candidates[0]?.model;
    const [m1, m2] = [pick(1_000), pick(100_000)];
    expect(m1 && m2).toBeTruthy();
    if (!m1 || !m2) return;
    expect(balanced.hypothetical_cost_usd).toBeCloseTo(
      computeCostUsd(m1, { inputTokens: 1_000, outputTokens: 100 }) +
      computeCostUsd(m2, { inputTokens: 100_000, outputTokens: 1_000, cachedInputTokens: 40_000 }) + 1 + emb, 12);
    expect(balanced.unpriced_requests).toBe(1);
  });

  it('honours the day window', async () => {
    const res = await api.whatIf({ days: 366, model: 'best/large' });
    expect(res.requests).toBe(5);
    expect(res.actual_cost_usd).toBeCloseTo(54, 12);
  });

  it('validates its input', async () => {
    expect((await rejection(api.whatIf({ days: 30, model: 'nope/nope' }))).field).toBe('model');
    expect((await rejection(api.whatIf({ days: 30 }))).field).toBe('model');
    expect((await rejection(api.whatIf({ days: 30, model: 'cheap/small', power_level: 'eco' }))).field).toBe('model');
    expect((await rejection(api.whatIf({ days: 30, power_level: 'turbo' as never }))).field).toBe('power_level');
    expect((await rejection(api.whatIf({ days: 0, power_level: 'eco' }))).field).toBe('days');
    expect((await api.whatIf({ days: 30, model: 'small' })).scenario).toBe('model cheap/small');
  });
});
