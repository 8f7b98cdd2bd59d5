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

function route(requestedModel: string, sticky: string | string[], over: Partial<RouteInput> = {}) {
  const asked: (PowerLevel | null)[] = [];
  const plan = routeRequest({
    snapshot, profile: makeProfile({ powerLevel: 'balanced' }), requestedModel, needs: chatNeedsOf(), health: ALWAYS_HEALTHY,
    monthSpentUsd: 0, now: Date.UTC(2026, 10, 27), affinity: (level) => { asked.push(level); return typeof sticky === 'string' ? [sticky] : sticky; }, ...over,
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

  it('an alias (a chain in the user\'s order), a model named outright, or an alias of one: never asked', () => {
    const alias = route('quick', 'openai/small');
    expect(alias.ids).toEqual(['groq/fast', 'openai/small']);
    expect(alias.asked).toEqual([]);
    expect(alias.plan.affinityLevel).toBeUndefined();
    for (const name of ['openai/big', 'solo']) {
      const named = route(name, 'groq/fast');
      expect(named.ids).toEqual(['openai/big', 'groq/fast']);
      expect(named.asked).toEqual([]);
      expect(named.plan.affinityLevel).toBeUndefined();
    }
  });

  it('the model that stood in for it goes second, and first when the one kept to is no candidate; both kept within the attempt budget', () => {
    expect(route('precision', ['openai/small', 'groq/fast']).ids).toEqual(['openai/small', 'groq/fast', 'openai/big']);
    const r = route('precision', ['openai/small', 'groq/fast'], { maxCandidates: 2 });
    expect(r.ids).toEqual(['openai/small', 'groq/fast']);
    expect(r.plan.affinityModel).toBe('openai/small');
    expect(r.plan.reserves?.().map((c) => c.model.id)).toEqual(['openai/big']);
    const cooling: HealthView = { isCoolingDown: (id) => id === 'openai/small' };
    const stood = route('precision', ['openai/small', 'groq/fast'], { health: cooling });
    expect(stood.ids).toEqual(['groq/fast', 'openai/big']);
    expect(stood.plan.affinityModel).toBe('groq/fast');
  });

  it('no model has room by the conservative estimate: largest context first decides, not the conversation', () => {
    const sized = assembleSnapshot(providers, [
      makeModel({ providerId: 'openai', modelName: 'big', contextLength: 200_000, quality: 90 }),
      makeModel({ providerId: 'groq', modelName: 'fast', contextLength: 190_000, quality: 70 }),
    ], makeRules());
    const r = route('precision', 'groq/fast', { snapshot: sized, needs: chatNeedsOf({ estimatedInputTokens: 202_113, lenientInputTokens: 185_000 }) });
    expect(r.ids).toEqual(['openai/big', 'groq/fast']);
    expect(r.asked).toEqual([]);
    expect(r.plan.affinityModel).toBeUndefined();
  });

  describe('a request only its own API carries all of (Claude Code: cache_control)', () => {
    const own = assembleSnapshot(
      [makeProvider({ id: 'anthropic', priority: 1, type: 'anthropic', format: 'anthropic' }), makeProvider({ id: 'openai', priority: 2 })],
      [
        makeModel({ providerId: 'anthropic', modelName: 'opus', quality: 95, inputCostPer1m: 5 }),
        makeModel({ providerId: 'anthropic', modelName: 'sonnet', quality: 85, inputCostPer1m: 3 }),
        makeModel({ providerId: 'openai', modelName: 'gpt', quality: 90, inputCostPer1m: 2 }),
      ],
      makeRules(),
    );
    const needs = chatNeedsOf({ preferApi: 'messages' });
    it('a model of another API that served it (standing in at a 529) does not go before the own API\'s models', () => {
      const r = route('precision', 'openai/gpt', { snapshot: own, needs });
      expect(r.ids).toEqual(['anthropic/opus', 'anthropic/sonnet', 'openai/gpt']);
      expect(r.plan.affinityModel).toBeUndefined();
      // the own API's model it keeps to goes first, the stand-in of another API first after the own API's
      const kept = route('precision', ['anthropic/sonnet', 'openai/gpt'], { snapshot: own, needs });
      expect(kept.ids).toEqual(['anthropic/sonnet', 'anthropic/opus', 'openai/gpt']);
      expect(kept.plan.affinityModel).toBe('anthropic/sonnet');
    });
    it('no own-API model a candidate: the conversation\'s model goes first as without the rule', () => {
      const cooling: HealthView = { isCoolingDown: (id) => id.startsWith('anthropic/') };
      const r = route('precision', 'openai/gpt', { snapshot: own, needs, health: cooling });
      expect(r.ids).toEqual(['openai/gpt']);
      expect(r.plan.affinityModel).toBe('openai/gpt');
    });
  });
});
