import { describe, expect, it } from 'vitest';
import { UpstreamFailure } from '../../core/canonical';
import type { PlannedCandidate, RoutePlan } from '../../core/routing';
import { runCandidates } from './candidates';
import { newUsageRecord, type ProxyCall } from './proxy-call';

const candidate = (id: string): PlannedCandidate => ({ model: { id }, provider: { id: `p-${id}` }, score: 1, estimatedCostUsd: 0 }) as unknown as PlannedCandidate;
const plan = (...ids: string[]): RoutePlan => ({ powerLevel: 'balanced', strategy: 'balanced', candidates: ids.map(candidate), excluded: [], notes: [] });

interface Calls { coolingNow?: Set<string>; startedAt?: number; downNow?: Set<string>; cooled?: string[]; probed?: string[] }

function call(opts: Calls = {}): ProxyCall {
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
        cooldownEndsAt: () => null,
        beginAttempt: () => undefined,
        endAttempt: () => undefined,
        recordFailure: (modelId: string) => opts.cooled?.push(modelId),
        recordSuccess: () => undefined,
        isProviderDown: (providerId: string) => opts.downNow?.has(providerId) ?? false,
        // the probe after a refused connection: a server listed as down does not answer it
        async confirmLocalDown(providerId: string) {
          opts.probed?.push(providerId);
          return opts.downNow?.has(providerId) ?? false;
        },
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

  it("holds a failed try's billed web searches to what the request allowed that candidate: none without a search tool", async () => {
    const billedFail = (): never => { throw new UpstreamFailure({ kind: 'server', status: 500, message: 'boom', billed: { inputTokens: 10, outputTokens: 5, webSearchCalls: 7 } }); };
    const priced = (id: string): PlannedCandidate => ({ ...candidate(id), model: { id, inputCostPer1m: 1, outputCostPer1m: 1 }, provider: { id: `p-${id}`, type: 'anthropic' } }) as unknown as PlannedCandidate;
    const billsOf = async (allowed: (c: PlannedCandidate) => number) => {
      const c = call();
      await runCandidates(c, { ...plan(), candidates: [priced('a'), priced('b')] }, RULES, async (cand) => (cand.model.id === 'a' ? billedFail() : 'ok'), undefined, allowed);
      return c.usage.failedAttempts[0]?.billed;
    };
    // $10 per 1,000 searches beside 15 tokens at $1 per million
    const none = await billsOf(() => 0);
    expect(none).toMatchObject({ estimated: true, inputTokens: 10, outputTokens: 5 });
    expect(none?.costUsd).toBeCloseTo(0.000015, 9);
    const five = await billsOf(() => 5);
    expect(five?.estimated).toBe(true);
    expect(five?.costUsd).toBeCloseTo(0.05 + 0.000015, 9);
    const within = await billsOf(() => 100);
    expect(within?.estimated).toBeUndefined();
    expect(within?.costUsd).toBeCloseTo(0.07 + 0.000015, 9);
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

  describe('a local server that refuses the connection', () => {
    const local = (id: string): PlannedCandidate => ({ ...candidate(id), provider: { id: `p-${id}`, type: 'ollama', local: true } }) as unknown as PlannedCandidate;
    const refused = (): never => { throw new UpstreamFailure({ kind: 'connect', message: 'upstream connection failed: connect ECONNREFUSED 127.0.0.1:11434' }); };
    const localPlan = (...c: PlannedCandidate[]): RoutePlan => ({ ...plan(), candidates: c });

    it('found not running by the probe right then: not tried again nor cooled down, and the next model takes its place', async () => {
      const opts: Calls = { downNow: new Set(['p-a']), cooled: [], probed: [] };
      const tried: string[] = [];
      const cut = { ...localPlan(local('a'), candidate('b')), reserves: () => [candidate('c')] };
      const served = await runCandidates(call(opts), cut, { ...RULES, max_retries: 1, retries_per_model: 1 }, async (c) => {
        tried.push(c.model.id);
        return c.model.id === 'c' ? 'c' : c.model.id === 'a' ? refused() : fail();
      });
      // a once (no retry), uncounted: b (failing, retried) and c are the two models max_retries 1 allows
      expect(tried).toEqual(['a', 'b', 'b', 'c']);
      expect(opts.probed).toEqual(['p-a']);
      expect(opts.cooled).not.toContain('a');
      expect(served).toBe('c');
    });

    it("answers the router's own answer, asked again, when every model tried was on a server found not running", async () => {
      const opts: Calls = { downNow: new Set(['p-a', 'p-b']) };
      const tried: string[] = [];
      const notRunning = new Error('503: Ollama does not answer ... Start it');
      const err = await runCandidates(call(opts), localPlan(local('a'), local('b')), { ...RULES, retries_per_model: 1 }, async (c) => {
        tried.push(c.model.id);
        return refused();
      }, () => { throw notRunning; }).catch((e: unknown) => e);
      // b's server is found down as well (by the probe after a): passed over
      expect(tried).toEqual(['a']);
      expect(err).toBe(notRunning);
    });

    it('serves from the model the router finds when asked again', async () => {
      const opts: Calls = { downNow: new Set(['p-a']) };
      const served = await runCandidates(call(opts), localPlan(local('a')), RULES, async (c) => (c.model.id === 'a' ? refused() : c.model.id), () => plan('z'));
      expect(served).toBe('z');
    });

    it('a local server that answers the probe (it reset one connection) is retried and cooled down as before', async () => {
      const opts: Calls = { cooled: [], probed: [] };
      const tried: string[] = [];
      let asked = 0;
      const err = await runCandidates(call(opts), localPlan(local('a')), { ...RULES, retries_per_model: 1 }, async (c) => {
        tried.push(c.model.id);
        return refused();
      }, () => { asked++; return plan('z'); }).catch((e: unknown) => e);
      expect(tried).toEqual(['a', 'a']);
      expect(opts.cooled).toEqual(['a', 'a']);
      expect(asked).toBe(0);
      expect(err).toMatchObject({ status: 502, message: expect.stringMatching(/All 2 attempt\(s\) failed/) });
    });
  });
});
