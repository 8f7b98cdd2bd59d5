// A prompt the conservative estimate (prose counted at 4 characters a token) finds too long for every model,
// but a lenient one fits: the models it fits are tried, largest context first, and their providers decide.
import { describe, expect, it } from 'vitest';
import { routeError } from '../../../test/helpers/route-error';
import { ALWAYS_HEALTHY, assembleSnapshot, chatNeedsOf, makeModel, makeProfile, makeProvider, makeRules } from '../../../test/helpers/snapshot-builders';
import { routeRequest } from './route-request';
import type { RequestNeeds, RouteInput } from './types';

const snapshot = assembleSnapshot(
  [makeProvider({ id: 'p', priority: 1 }), makeProvider({ id: 'q', priority: 2 })],
  [
    makeModel({ providerId: 'p', modelName: 'mid', contextLength: 190_000, quality: 90 }),
    makeModel({ providerId: 'p', modelName: 'small', contextLength: 32_000, quality: 95 }),
    makeModel({ providerId: 'q', modelName: 'large', contextLength: 200_000, quality: 40 }),
  ],
  makeRules({ fallbacks: { 'p/small': ['p/mid', 'q/large'] } }),
);

const input = (needs: Partial<RequestNeeds>, requestedModel = 'auto'): RouteInput => ({
  snapshot, profile: makeProfile({ powerLevel: 'precision' }), requestedModel, needs: chatNeedsOf(needs),
  health: ALWAYS_HEALTHY, monthSpentUsd: 0, now: Date.UTC(2026, 11, 5),
});
const ids = (i: RouteInput) => routeRequest(i).candidates.map((c) => c.model.id);

describe('routing a prompt only the lenient estimate fits', () => {
  it('orders by context within the groups that go first: preferred models, and the request\'s own API', () => {
    const preferred = routeRequest({ ...input({ estimatedInputTokens: 202_113, lenientInputTokens: 185_000 }), profile: makeProfile({ powerLevel: 'precision', preferredModels: ['p/mid'] }) });
    expect(preferred.candidates.map((c) => c.model.id)).toEqual(['p/mid', 'q/large']);
    const own = assembleSnapshot(
      [makeProvider({ id: 'a', priority: 1, type: 'anthropic', format: 'anthropic' }), makeProvider({ id: 'q', priority: 2 })],
      [makeModel({ providerId: 'a', modelName: 'claude', contextLength: 190_000, quality: 90 }), makeModel({ providerId: 'q', modelName: 'large', contextLength: 200_000, quality: 40 })],
      makeRules(),
    );
    const plan = routeRequest({ ...input({ estimatedInputTokens: 202_113, lenientInputTokens: 185_000, preferApi: 'messages' }), snapshot: own });
    expect(plan.candidates.map((c) => c.model.id)).toEqual(['a/claude', 'q/large']);
  });

  it('tries the models the lenient estimate fits, largest context first, when the conservative one fits none', () => {
    // the hunter's case: 808 KB of prose, 202,113 tokens at 4 characters a token, ~189K at its sampled ratio
    const plan = routeRequest(input({ estimatedInputTokens: 202_113, lenientInputTokens: 185_000 }));
    expect(plan.candidates.map((c) => c.model.id)).toEqual(['q/large', 'p/mid']);
    expect(plan.excluded).toEqual([expect.objectContaining({ model: 'p/small', kind: 'context', tokens: { needs: 186_024, output: 1024, has: 32_000, reserved: true } })]);
    expect(plan.notes.join(' ')).toMatch(/202113 tokens by the conservative estimate leave no model room, 185000 by a lenient one/);
    // a named model's chain too: its order gives way to the largest context
    expect(ids(input({ estimatedInputTokens: 202_113, lenientInputTokens: 185_000 }, 'p/small'))).toEqual(['q/large', 'p/mid']);
  });

  it('keeps the conservative choice while some model fits by it', () => {
    expect(ids(input({ estimatedInputTokens: 195_000, lenientInputTokens: 150_000 }))).toEqual(['q/large']);
  });

  it('refuses a prompt the lenient estimate finds too long too, naming the lenient figure', () => {
    const err = routeError(input({ estimatedInputTokens: 260_000, lenientInputTokens: 230_000 }));
    expect(err.kind).toBe('no_candidate');
    expect(err.excluded.map((e) => e.tokens?.needs)).toEqual([231_024, 231_024, 231_024]);
    // without a lenient estimate, the conservative one decides alone
    expect(routeError(input({ estimatedInputTokens: 202_113 })).excluded.map((e) => e.tokens?.needs)).toEqual([203_137, 203_137, 203_137]);
  });
});
