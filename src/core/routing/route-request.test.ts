import { describe, expect, it } from 'vitest';
import type { ProfileEntry } from '../catalog';
import { computeCostUsd } from '../pricing';
import { makeSyntheticSnapshot } from '../../../test/helpers/synthetic-snapshot';
import { CooldownTracker } from './cooldown';
import { routeError } from '../../../test/helpers/route-error';
import { EXPECTED_OUTPUT_TOKENS, routeRequest } from './route-request';
import { ALWAYS_HEALTHY, assembleSnapshot, chatNeedsOf, makeModel, makeProfile, makeProvider, makeRules } from '../../../test/helpers/snapshot-builders';
import type { RouteInput } from './types';

const providers = [
  makeProvider({ id: 'openai', priority: 1 }),
  makeProvider({ id: 'groq', priority: 2 }),
  makeProvider({ id: 'ollama', priority: 3, hasKey: false, keyless: true, local: true }),
  makeProvider({ id: 'voyage', priority: 4 }),
];
const models = [
  makeModel({ providerId: 'openai', modelName: 'big', inputCostPer1m: 5, outputCostPer1m: 20, quality: 90, avgLatencyMs: 900 }),
  makeModel({ providerId: 'openai', modelName: 'small', inputCostPer1m: 0.2, outputCostPer1m: 0.8, quality: 60, avgLatencyMs: 400 }),
  makeModel({ providerId: 'groq', modelName: 'fast', inputCostPer1m: 0.6, outputCostPer1m: 0.8, quality: 70, avgLatencyMs: 150 }),
  makeModel({ providerId: 'ollama', modelName: 'llama', inputCostPer1m: 0, outputCostPer1m: 0, quality: 45, avgLatencyMs: 1200 }),
  makeModel({ providerId: 'voyage', modelName: 'embed', capabilities: ['embeddings'], inputCostPer1m: 0.02, outputCostPer1m: 0, quality: null }),
];
const rules = makeRules({
  aliases: { quick: ['groq/fast', 'openai/small'] },
  fallbacks: { 'openai/big': ['groq/fast', 'ollama/llama'] },
  budget_step_down_at: 0.8,
});
const snapshot = assembleSnapshot(providers, models, rules);

function input(over: Partial<RouteInput> = {}, profile: Partial<ProfileEntry> = {}): RouteInput {
  return {
    snapshot, profile: makeProfile(profile), requestedModel: 'auto', needs: chatNeedsOf(),
    health: ALWAYS_HEALTHY, monthSpentUsd: 0, now: Date.UTC(2026, 10, 27), ...over,
  };
}
const ids = (i: RouteInput) => routeRequest(i).candidates.map((c) => c.model.id);

describe('routeRequest: levels', () => {
  it('auto routes with the profile\'s level and scores every eligible model', () => {
    const plan = routeRequest(input({}, { powerLevel: 'precision' }));
    expect(plan.powerLevel).toBe('precision');
    expect(plan.candidates[0]?.model.id).toBe('openai/big');
    expect(plan.candidates).toHaveLength(4);
    expect(plan.excluded).toEqual([{ model: 'voyage/embed', reason: 'embeddings model', kind: 'endpoint' }]);
  });

  it('eco prefers the free local model, precision the best', () => {
    expect(ids(input({ requestedModel: 'eco' }))[0]).toBe('ollama/llama');
    expect(ids(input({ requestedModel: 'precision' }))[0]).toBe('openai/big');
  });

  it('candidates come best first with estimated costs for this request', () => {
    const plan = routeRequest(input({ requestedModel: 'balanced', needs: chatNeedsOf({ estimatedInputTokens: 3000 }) }));
    const scores = plan.candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const c of plan.candidates) {
      expect(c.estimatedCostUsd).toBeCloseTo(computeCostUsd(c.model, { inputTokens: 3000, outputTokens: EXPECTED_OUTPUT_TOKENS }), 15);
      expect(c.provider.id).toBe(c.model.providerId);
    }
    const big = plan.candidates.find((c) => c.model.id === 'openai/big');
    expect(big?.estimatedCostUsd).toBeCloseTo((3000 * 5 + 500 * 20) / 1e6, 12);
  });

  it('a max output under the typical answer drives the cost estimate, a larger one is priced at the typical answer', () => {
    const cost = (maxOutputTokens: number) => routeRequest(input({ requestedModel: 'eco', needs: chatNeedsOf({ estimatedInputTokens: 0, maxOutputTokens }) }))
      .candidates.find((c) => c.model.id === 'openai/small')?.estimatedCostUsd;
    expect(cost(200)).toBeCloseTo(200 * 0.8 / 1e6, 12);
    expect(cost(2000)).toBeCloseTo(EXPECTED_OUTPUT_TOKENS * 0.8 / 1e6, 12);
  });

  it('a large max output prices every model at the same answer, so a small output limit does not look cheap', () => {
    // Claude Code's and Codex's max_tokens 32000: priced up to each model's own limit, B ($0.0829) went before
    // A ($0.1610) though B's output costs twice as much a token
    const snapshot = assembleSnapshot([makeProvider({ id: 'p' })], [
      makeModel({ providerId: 'p', modelName: 'a', inputCostPer1m: 1, outputCostPer1m: 5, maxOutputTokens: 64_000, quality: 50 }),
      makeModel({ providerId: 'p', modelName: 'b', inputCostPer1m: 1, outputCostPer1m: 10, maxOutputTokens: 8_192, quality: 50 }),
      makeModel({ providerId: 'p', modelName: 'unlimited', inputCostPer1m: 1, outputCostPer1m: 20, maxOutputTokens: null, quality: 50 }),
    ]);
    for (const requestedModel of ['eco', 'balanced']) {
      const plan = routeRequest(input({ snapshot, requestedModel, needs: chatNeedsOf({ estimatedInputTokens: 1000, maxOutputTokens: 32_000 }) }));
      expect(plan.candidates.map((c) => c.model.id)).toEqual(['p/a', 'p/b', 'p/unlimited']);
      const cost = (id: string) => plan.candidates.find((c) => c.model.id === id)?.estimatedCostUsd;
      expect(cost('p/a')).toBeCloseTo((1000 * 1 + EXPECTED_OUTPUT_TOKENS * 5) / 1e6, 12);
      expect(cost('p/b')).toBeCloseTo((1000 * 1 + EXPECTED_OUTPUT_TOKENS * 10) / 1e6, 12);
    }
  });

  it("the profile's preferred models go first when eligible, in its order", () => {
    const plan = routeRequest(input({ requestedModel: 'precision' }, { preferredModels: ['groq/fast', 'voyage/embed', 'ollama/llama'] }));
    expect(plan.candidates.map((c) => c.model.id)).toEqual(['groq/fast', 'ollama/llama', 'openai/big', 'openai/small']);
    expect(plan.notes.join(' ')).toContain('preferred models first: groq/fast, ollama/llama');
  });

  it('an alias among the preferred models stands for its members, in its place, aliases within it too', () => {
    const plan = routeRequest(input({ requestedModel: 'precision' }, { preferredModels: ['quick'] }));
    expect(plan.candidates.map((c) => c.model.id)).toEqual(['groq/fast', 'openai/small', 'openai/big', 'ollama/llama']);
    expect(plan.notes.join(' ')).toContain('preferred models first: groq/fast, openai/small');
    const nested = assembleSnapshot(providers, models, makeRules({ aliases: { outer: ['inner', 'openai/small'], inner: ['ollama/llama', 'outer'] } }));
    expect(ids(input({ snapshot: nested, requestedModel: 'precision' }, { preferredModels: ['outer'] })))
      .toEqual(['ollama/llama', 'openai/small', 'openai/big', 'groq/fast']);
  });
});

describe('routeRequest: explicit names', () => {
  it('a model id keeps its fallback order, not the score order', () => {
    const plan = routeRequest(input({ requestedModel: 'openai/big' }, { powerLevel: 'eco' }));
    expect(plan.candidates.map((c) => c.model.id)).toEqual(['openai/big', 'groq/fast', 'ollama/llama']);
    expect(plan.notes.join(' ')).toContain('falling back to groq/fast -> ollama/llama');
  });

  it('an alias keeps its order; preferred models do not reorder an explicit chain', () => {
    expect(ids(input({ requestedModel: 'quick' }, { preferredModels: ['openai/small'] }))).toEqual(['groq/fast', 'openai/small']);
  });

  it('ineligible chain members are skipped and reported', () => {
    const health = { isCoolingDown: (m: string) => m === 'groq/fast' };
    const plan = routeRequest(input({ requestedModel: 'openai/big', health }));
    expect(plan.candidates.map((c) => c.model.id)).toEqual(['openai/big', 'ollama/llama']);
    expect(plan.excluded).toEqual([{ model: 'groq/fast', reason: 'cooling down', kind: 'cooling' }]);
  });

  it('a bare unique name routes to its model', () => {
    expect(ids(input({ requestedModel: 'llama' }))).toEqual(['ollama/llama']);
  });

  it('unknown names throw unknown_model (404)', () => {
    const e = routeError(input({ requestedModel: 'nope' }));
    expect(e.kind).toBe('unknown_model');
    expect(e.status).toBe(404);
  });
});

describe('routeRequest: budget', () => {
  it('refuses when the monthly cap is spent (402)', () => {
    const e = routeError(input({ monthSpentUsd: 10 }, { monthlyCapUsd: 10 }));
    expect(e.kind).toBe('budget_exhausted');
    expect(e.status).toBe(402);
    expect(e.message).toContain('$10.00');
  });

  it('refuses when the credit balance is used up', () => {
    expect(routeError(input({}, { creditBalanceUsd: 0 })).kind).toBe('budget_exhausted');
  });

  it("says sub-cent amounts and a negative balance in the UI's money format", () => {
    expect(routeError(input({ monthSpentUsd: 0.0042 }, { monthlyCapUsd: 0.004 })).message)
      .toContain('monthly budget of $0.004 reached (spent $0.0042 this month)');
    expect(routeError(input({}, { creditBalanceUsd: -0.0031 })).message).toContain('credit balance used up (-$0.0031)');
  });

  it('auto steps down one level past the step-down fraction, with a note', () => {
    const plan = routeRequest(input({ monthSpentUsd: 8.5 }, { powerLevel: 'precision', monthlyCapUsd: 10 }));
    expect(plan.powerLevel).toBe('balanced');
    expect(plan.notes.join(' ')).toMatch(/stepped down from precision to balanced/);
    expect(routeRequest(input({ monthSpentUsd: 8.5 }, { powerLevel: 'balanced', monthlyCapUsd: 10 })).powerLevel).toBe('eco');
    expect(routeRequest(input({ monthSpentUsd: 7.9 }, { powerLevel: 'precision', monthlyCapUsd: 10 })).powerLevel).toBe('precision');
  });

  it('explicit levels and models are not stepped down', () => {
    const plan = routeRequest(input({ requestedModel: 'precision', monthSpentUsd: 9 }, { monthlyCapUsd: 10 }));
    expect(plan.powerLevel).toBe('precision');
    expect(plan.notes).toEqual([]);
  });

  it('no step-down when the rules disable it', () => {
    const noStep = assembleSnapshot(providers, models, makeRules({ budget_step_down_at: null }));
    expect(routeRequest(input({ snapshot: noStep, monthSpentUsd: 9.9 }, { powerLevel: 'precision', monthlyCapUsd: 10 })).powerLevel).toBe('precision');
  });
});

describe('routeRequest: privacy guard', () => {
  const secretNeeds = chatNeedsOf({ secretsFound: ['aws_access_key', 'dotenv_secret'] });

  it('block refuses with privacy_blocked naming the kinds (400)', () => {
    const e = routeError(input({ needs: secretNeeds }, { privacyGuard: 'block' }));
    expect(e.kind).toBe('privacy_blocked');
    expect(e.status).toBe(400);
    expect(e.message).toContain('aws_access_key, dotenv_secret');
  });

  it('local_only keeps only local providers and says why', () => {
    const plan = routeRequest(input({ needs: secretNeeds }, { privacyGuard: 'local_only' }));
    expect(plan.candidates.map((c) => c.model.id)).toEqual(['ollama/llama']);
    expect(plan.excluded.filter((e) => e.reason === 'privacy guard: only local providers').map((e) => e.model).sort())
      .toEqual(['groq/fast', 'openai/big', 'openai/small', 'voyage/embed']); // a provider-wide reason, said first
    expect(plan.notes.join(' ')).toContain('only local providers');
  });

  it('off, or no secrets found, changes nothing', () => {
    expect(ids(input({ needs: secretNeeds }, { privacyGuard: 'off' }))).toHaveLength(4);
    expect(ids(input({}, { privacyGuard: 'block' }))).toHaveLength(4);
  });
});

describe('routeRequest: no candidate and embeddings', () => {
  it('throws no_candidate (503) carrying the exclusions', () => {
    const e = routeError(input({ requestedModel: 'quick', needs: chatNeedsOf({ capabilities: ['chat', 'vision'] }) }));
    expect(e.kind).toBe('no_candidate');
    expect(e.status).toBe(503);
    expect(e.excluded).toEqual([{ model: 'groq/fast', reason: 'no vision support', kind: 'capability' }, { model: 'openai/small', reason: 'no vision support', kind: 'capability' }]);
    expect(e.message).toContain('groq/fast: no vision support');
  });

  it('a request only some APIs can serve (a server web search) says so first, before the models not set up', () => {
    const needs = chatNeedsOf({ servableBy: ['messages'], servableWhy: 'web search tool (web_search_20250305)' });
    const e = routeError(input({ needs }));
    expect(e.excluded.filter((x) => x.kind === 'format').map((x) => x.model)).toEqual(['openai/big', 'openai/small', 'groq/fast', 'ollama/llama']);
    expect(e.message).toMatch(/^no model can serve this request: this request's web search tool \(web_search_20250305\) needs a model on the Anthropic API, and none set up here can take it \(openai\/big: its API cannot carry this request's web search tool/);
    const two = routeError(input({ needs: chatNeedsOf({ servableBy: ['messages', 'gemini'], servableWhy: 'x' }) }));
    expect(two.message).toContain('needs a model on the Anthropic or Gemini API');
    // held to no API by name: the message stays as it was
    expect(routeError(input({ needs: chatNeedsOf({ servableBy: ['messages'] }) })).message).toMatch(/^no model can serve this request \(/);
  });

  it('a named model whose chain has no model on the needed API: the message names the ones set up outside it, and what to do', () => {
    const fa = makeProvider({ id: 'fa', type: 'anthropic', format: 'anthropic', priority: 5 });
    const claude = (name: string, enabled = true) => makeModel({ providerId: 'fa', modelName: name, enabled });
    const withClaude = (...more: ReturnType<typeof makeModel>[]) => assembleSnapshot([...providers, fa], [...models, ...more], rules);
    const needs = chatNeedsOf({ servableBy: ['messages'], servableWhy: 'web search tool (web_search_20250305)' });
    const one = routeError(input({ snapshot: withClaude(claude('claude-fake')), requestedModel: 'openai/small', needs }));
    expect(one.message).toMatch(/^no model can serve this request: this request's web search tool \(web_search_20250305\) needs a model on the Anthropic API; fa\/claude-fake can: add it to openai\/small's fallbacks, or send auto \(openai\/small: its API cannot carry/);
    expect(one.message).not.toContain('none set up');
    // an alias; at most three named; a disabled model is not offered
    const many = withClaude(claude('a'), claude('b'), claude('c'), claude('d'), claude('off', false));
    const alias = routeError(input({ snapshot: many, requestedModel: 'quick', needs }));
    expect(alias.message).toContain('needs a model on the Anthropic API; fa/a, fa/b, fa/c and 1 more can: add one to the alias quick, or send auto (');
    expect(alias.message).not.toContain('fa/off');
    // none outside the chain: as before
    expect(routeError(input({ requestedModel: 'openai/small', needs })).message).toContain('needs a model on the Anthropic API, and none set up here can take it');
    expect(routeError(input({ snapshot: withClaude(claude('off', false)), requestedModel: 'openai/small', needs })).message).toContain('and none set up here can take it');
  });

  it('embeddings requests route only to embeddings models, priced on input alone', () => {
    const plan = routeRequest(input({ requestedModel: 'eco', needs: chatNeedsOf({ capabilities: ['embeddings'], estimatedInputTokens: 1_000_000 }) }));
    expect(plan.candidates.map((c) => c.model.id)).toEqual(['voyage/embed']);
    expect(plan.candidates[0]?.estimatedCostUsd).toBeCloseTo(0.02, 12);
  });
});

describe('routeRequest over a 1,000-model catalog', () => {
  const big = makeSyntheticSnapshot(1000);
  const health = new CooldownTracker(big.rules);
  const now = Date.UTC(2026, 10, 27);
  const first = big.models.find((m) => m.enabled);
  if (first) health.recordFailure(first.id, first.providerId, 'rate_limit', now, 60_000);
  const base: RouteInput = {
    snapshot: big, profile: makeProfile(), requestedModel: 'auto',
    needs: chatNeedsOf({ estimatedInputTokens: 2000, capabilities: ['chat', 'tools'] }), health, monthSpentUsd: 0, now,
  };

  it('accounts for every model exactly once, best first, ties broken deterministically', () => {
    const plan = routeRequest(base);
    const seen = [...plan.candidates.map((c) => c.model.id), ...plan.excluded.map((e) => e.model)];
    expect(new Set(seen).size).toBe(1000);
    expect(seen).toHaveLength(1000);
    const scores = plan.candidates.map((c) => c.score);
    for (let i = 1; i < scores.length; i++) expect(scores[i - 1]).toBeGreaterThanOrEqual((scores[i] as number) - 1e-6);
    expect(plan.excluded.find((e) => e.model === first?.id)?.reason).toBe('cooling down');
    expect(routeRequest(base).candidates.map((c) => c.model.id)).toEqual(plan.candidates.map((c) => c.model.id));
  });

  it('looks at each model\'s health once: one pass over the catalog, not one per comparison', () => {
    // how fast is `npm run bench`'s (bench/routing.ts: median and p95 per shape over 1,000 models); the pass is counted here
    const looks = new Map<string, number>();
    const look = (id: string) => looks.set(id, (looks.get(id) ?? 0) + 1);
    const counted: RouteInput['health'] = {
      isCoolingDown: (model, provider, at, owner) => { look(`cooling ${model}`); return health.isCoolingDown(model, provider, at, owner); },
      cooldownEndsAt: (model, provider, at, owner) => health.cooldownEndsAt(model, provider, at, owner),
      refusal: (model, provider, at) => { look(`refusal ${model}`); return health.refusal(model, provider, at); },
    };
    const plan = routeRequest({ ...base, health: counted });
    expect(plan.candidates.length).toBeGreaterThan(100);
    expect(Math.max(...looks.values())).toBe(1);
    expect([...looks.keys()].filter((k) => k.startsWith('refusal ')).length).toBeLessThanOrEqual(plan.candidates.length);
  });
});

describe('maxCandidates (the proxy asks only for its attempt budget)', () => {
  it('returns the same best candidates as the full plan, cut to the budget', () => {
    const snapshot = makeSyntheticSnapshot(300);
    const input: RouteInput = { snapshot, profile: makeProfile(), requestedModel: 'auto', needs: chatNeedsOf(), health: ALWAYS_HEALTHY, monthSpentUsd: 0, now: 0 };
    const full = routeRequest(input);
    const cut = routeRequest({ ...input, maxCandidates: 3 });
    expect(full.candidates.length).toBeGreaterThan(3);
    expect(cut.candidates.map((c) => c.model.id)).toEqual(full.candidates.slice(0, 3).map((c) => c.model.id));
    expect(cut.excluded).toEqual(full.excluded);
  });

  it('keeps the rest as reserves, in the full plan\'s order, ranked only when asked for (a chain and a level)', () => {
    const snapshot = makeSyntheticSnapshot(300);
    const auto: RouteInput = { snapshot, profile: makeProfile(), requestedModel: 'auto', needs: chatNeedsOf(), health: ALWAYS_HEALTHY, monthSpentUsd: 0, now: 0 };
    const full = routeRequest(auto);
    const cut = routeRequest({ ...auto, maxCandidates: 3 });
    expect(cut.reserves?.().map((c) => c.model.id)).toEqual(full.candidates.slice(3).map((c) => c.model.id));
    expect(cut.notes).toEqual(full.notes);
    const chain = routeRequest(input({ requestedModel: 'quick', maxCandidates: 1 }));
    const whole = routeRequest(input({ requestedModel: 'quick' }));
    expect(whole.candidates.length).toBeGreaterThan(1);
    expect([...chain.candidates, ...chain.reserves!()].map((c) => c.model.id)).toEqual(whole.candidates.map((c) => c.model.id));
    expect(routeRequest(input({ requestedModel: 'quick', maxCandidates: 5 })).reserves).toBeUndefined();
  });
});

describe('routeRequest: models their provider refused go last', () => {
  const refusing = (refused: Record<string, string>): RouteInput['health'] => ({
    isCoolingDown: () => false,
    refusal: (modelId, providerId) => refused[modelId] ?? refused[providerId] ?? null,
  });

  it('after the others, each group in its own order, with a note saying why', () => {
    const normal = ids(input({ requestedModel: 'precision' }));
    expect(normal[0]).toBe('openai/big');
    const plan = routeRequest(input({ requestedModel: 'precision', health: refusing({ openai: 'key or account refused, HTTP 401' }) }));
    const got = plan.candidates.map((c) => c.model.id);
    expect(got).toEqual([...normal.filter((id) => !id.startsWith('openai/')), ...normal.filter((id) => id.startsWith('openai/'))]);
    expect(plan.notes.join(' ')).toContain('openai/big (key or account refused, HTTP 401)');
  });

  it('an explicit chain too, and the attempt budget is taken after the reordering', () => {
    const plan = routeRequest(input({ requestedModel: 'quick', maxCandidates: 1, health: refusing({ 'groq/fast': 'model unknown to the provider, HTTP 404' }) }));
    expect(plan.candidates.map((c) => c.model.id)).toEqual(['openai/small']);
    const auto = routeRequest(input({ requestedModel: 'precision', maxCandidates: 2, health: refusing({ openai: 'x' }) }));
    expect(auto.candidates).toHaveLength(2);
    expect(auto.candidates.some((c) => c.provider.id === 'openai')).toBe(false);
  });

  it('a profile sending its own key for the provider is asked about that key: the shared key\'s refusal is not its', () => {
    const owners: (string | undefined)[] = [];
    const health: RouteInput['health'] = {
      isCoolingDown: () => false,
      refusal: (_m, providerId, _now, keyOwner) => {
        owners.push(keyOwner);
        return providerId === 'openai' && keyOwner === undefined ? 'key or account refused, HTTP 401' : null;
      },
    };
    const normal = ids(input({ requestedModel: 'precision' }));
    expect(ids(input({ requestedModel: 'precision', health }, { id: 'bob', byokProviders: new Set(['openai']) }))).toEqual(normal);
    expect(owners).toContain('bob');
    expect(ids(input({ requestedModel: 'precision', health }))[0]).not.toBe('openai/big');
  });

  it('when every candidate was refused the order stays as it was (one of them may serve again)', () => {
    const plan = routeRequest(input({ requestedModel: 'openai/big', health: refusing({ openai: 'x', groq: 'x', ollama: 'x' }) }));
    expect(plan.candidates.map((c) => c.model.id)).toEqual(['openai/big', 'groq/fast', 'ollama/llama']);
    expect(plan.notes.join(' ')).not.toContain('tried last');
  });
});
