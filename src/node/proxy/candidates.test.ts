import { describe, expect, it } from 'vitest';
import { UpstreamFailure } from '../../core/canonical';
import type { PlannedCandidate, RoutePlan } from '../../core/routing';
import { runCandidates } from './candidates';
import { newUsageRecord, type ProxyCall } from './proxy-call';

const candidate = (id: string): PlannedCandidate => ({ model: { id }, provider: { id: `p-${id}` }, score: 1, estimatedCostUsd: 0 }) as unknown as PlannedCandidate;
const plan = (...ids: string[]): RoutePlan => ({ powerLevel: 'balanced', strategy: 'balanced', candidates: ids.map(candidate), excluded: [], notes: [] });

function call(opts: { coolingNow?: Set<string>; startedAt?: number } = {}): ProxyCall {
  const startedAt = opts.startedAt ?? Date.now();
  return {
    startedAt,
    signal: new AbortController().signal,
    profile: { id: 'u', name: 'U', byokProviders: new Set<string>() },
    usage: newUsageRecord({ requestId: 'r', startedAt, userId: 'u', tokenId: 't' }, 'chat', 'chat', undefined),
    deps: {
      log: () => undefined,
      health: {
        isCoolingDown: (modelId: string) => opts.coolingNow?.has(modelId) ?? false,
        beginAttempt: () => undefined,
        endAttempt: () => undefined,
        recordFailure: () => undefined,
        recordSuccess: () => undefined,
      },
    },
  } as unknown as ProxyCall;
}

const RULES = { max_retries: 3, retries_per_model: 0, timeout_ms: 120_000 };
const fail = (): never => { throw new UpstreamFailure({ kind: 'server', status: 500, message: 'boom' }); };

describe('runCandidates', () => {
  it('passes over a fallback that began cooling down after the plan was made', async () => {
    const tried: string[] = [];
    const served = await runCandidates(call({ coolingNow: new Set(['b']) }), plan('a', 'b', 'c'), RULES, async (c) => {
      tried.push(c.model.id);
      return c.model.id === 'a' ? fail() : c.model.id;
    });
    expect(tried).toEqual(['a', 'c']);
    expect(served).toBe('c');
  });

  it('a fallback passed over uses up no attempt: the next, past max_retries, takes its place', async () => {
    const tried: string[] = [];
    const cut = { ...plan('a', 'b'), reserves: () => [candidate('c'), candidate('d')] };
    const served = await runCandidates(call({ coolingNow: new Set(['b']) }), cut, { ...RULES, max_retries: 1 }, async (c) => {
      tried.push(c.model.id);
      return c.model.id === 'a' ? fail() : c.model.id;
    });
    expect(tried).toEqual(['a', 'c']);
    expect(served).toBe('c');
  });

  it('still tries at most max_retries + 1 models, the reserves asked for only when one was passed over', async () => {
    let asked = 0;
    const reserves = () => { asked++; return [candidate('c')]; };
    const tried: string[] = [];
    await runCandidates(call(), { ...plan('a', 'b'), reserves }, { ...RULES, max_retries: 1 }, async (c) => { tried.push(c.model.id); return fail(); }).catch(() => undefined);
    expect(tried).toEqual(['a', 'b']);
    expect(asked).toBe(0);
    tried.length = 0;
    await runCandidates(call({ coolingNow: new Set(['b', 'c']) }), { ...plan('a', 'b'), reserves }, { ...RULES, max_retries: 1 }, async (c) => { tried.push(c.model.id); return fail(); }).catch(() => undefined);
    expect(tried).toEqual(['a']);
    expect(asked).toBe(1);
  });

  it('tries the first candidate even so: the plan just found it ready', async () => {
    const tried: string[] = [];
    await runCandidates(call({ coolingNow: new Set(['a']) }), plan('a'), RULES, async (c) => { tried.push(c.model.id); return 1; });
    expect(tried).toEqual(['a']);
  });

  it('gives each try the whole timeout_ms, however long the tries before it took', async () => {
    const budgets: number[] = [];
    // 200 s into a request whose first model hung: the second still gets its whole 120 s
    await runCandidates(call({ startedAt: Date.now() - 200_000 }), plan('a', 'b'), RULES, async (c, attempt) => {
      budgets.push(attempt.budgetMs);
      return c.model.id === 'a' ? fail() : 1;
    });
    expect(budgets).toEqual([RULES.timeout_ms, RULES.timeout_ms]);
  });

  it('tries at most max_retries + 1 models', async () => {
    const tried: string[] = [];
    const err = await runCandidates(call(), plan('a', 'b', 'c'), { ...RULES, max_retries: 1 }, async (c) => {
      tried.push(c.model.id);
      return fail();
    }).catch((e: unknown) => e);
    expect(tried).toEqual(['a', 'b']);
    expect(err).toMatchObject({ message: expect.stringMatching(/All 2 attempt\(s\) failed/) });
  });
});
