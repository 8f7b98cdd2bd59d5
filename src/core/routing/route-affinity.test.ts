// Conversation affinity in the router: the model that served the conversation last goes first while it is a
// candidate, for the names routing chooses among; the level it is asked for is the one routing resolved to.
import { describe, expect, it } from 'vitest';
import type { PowerLevel } from '../../shared/types';
import { routeRequest } from './route-request';
import { ALWAYS_HEALTHY, assembleSnapshot, chatNeedsOf, makeModel, makeProfile, makeProvider, makeRules } from '../../../test/helpers/snapshot-builders';
import type { HealthView, RouteInput } from './types';

const providers = [makeProvider({ id: 'openai', priority: 1 }), makeProvider({ id: 'groq', priority: 2 })];
const models = [
  makeModel({ providerId: 'openai', modelName: 'big', inputCostPer1m: 5, outputCostPer1m: 20, quality: 90, avgLatencyMs: 900 }),
  makeModel({ providerId: 'openai', modelName: 'small', inputCostPer1m: 0.2, outputCostPer1m: 0.8, quality: 60, avgLatencyMs: 400 }),
  makeModel({ providerId: 'groq', modelName: 'fast', inputCostPer1m: 0.6, outputCostPer1m: 0.8, quality: 70, avgLatencyMs: 150 }),
];
const rules = makeRules({ aliases: { quick: ['groq/fast', 'openai/small'], solo: ['openai/big'] }, fallbacks: { 'openai/big': ['groq/fast'] } });
const snapshot = assembleSnapshot(providers, models, rules);

function route(requestedModel: string, sticky: string, over: Partial<RouteInput> = {}) {
  const asked: (PowerLevel | null)[] = [];
  const plan = routeRequest({
    snapshot, profile: makeProfile({ powerLevel: 'balanced' }), requestedModel, needs: chatNeedsOf(), health: ALWAYS_HEALTHY,
    monthSpentUsd: 0, now: Date.UTC(2026, 10, 27), affinity: (level) => { asked.push(level); return sticky; }, ...over,
  });
  return { plan, asked, ids: plan.candidates.map((c) => c.model.id) };
}

describe('routeRequest: conversation affinity', () => {
  it('a level: the conversation model goes first, asked for the level resolved, and is said', () => {
    const plain = routeRequest({ snapshot, profile: makeProfile(), requestedModel: 'precision', needs: chatNeedsOf(), health: ALWAYS_HEALTHY, monthSpentUsd: 0, now: 0 });
    expect(plain.candidates[0]!.model.id).toBe('openai/big');
    const r = route('precision', 'openai/small');
    expect(r.ids[0]).toBe('openai/small');
    expect(r.asked).toEqual(['precision']);
    expect(r.plan.affinityLevel).toBe('precision');
    expect(r.plan.affinityModel).toBe('openai/small');
    expect(r.plan.notes.join(' ')).toMatch(/conversation affinity: openai\/small/);
    expect(route('auto', 'groq/fast').asked).toEqual(['balanced']);
  });

  it('ranked past the attempt budget, it still goes first, and the reserves follow the same order', () => {
    const r = route('precision', 'openai/small', { maxCandidates: 1 });
    expect(r.ids).toEqual(['openai/small']);
    expect(r.plan.reserves?.().map((c) => c.model.id)).toEqual(['openai/big', 'groq/fast']);
  });

  it('no longer a candidate (cooling down, refused, gone): routing as without it', () => {
    const cooling: HealthView = { isCoolingDown: (id) => id === 'openai/small' };
    expect(route('precision', 'openai/small', { health: cooling }).ids[0]).toBe('openai/big');
    const refused: HealthView = { isCoolingDown: () => false, refusal: (id) => (id === 'openai/small' ? 'model not found' : null) };
    expect(route('precision', 'openai/small', { health: refused }).ids).toEqual(['openai/big', 'groq/fast', 'openai/small']);
    const gone = route('precision', 'openai/deleted');
    expect(gone.ids[0]).toBe('openai/big');
    expect(gone.plan.affinityModel).toBeUndefined();
    expect(gone.plan.affinityLevel).toBe('precision');
  });

  it('an alias of several models is asked with no level; a model named outright, or an alias of one, never', () => {
    const alias = route('quick', 'openai/small');
    expect(alias.ids).toEqual(['openai/small', 'groq/fast']);
    expect(alias.asked).toEqual([null]);
    for (const name of ['openai/big', 'solo']) {
      const named = route(name, 'groq/fast');
      expect(named.ids).toEqual(['openai/big', 'groq/fast']);
      expect(named.asked).toEqual([]);
      expect(named.plan.affinityLevel).toBeUndefined();
    }
  });
});
