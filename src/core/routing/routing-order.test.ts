import { describe, expect, it } from 'vitest';
import { CAPABILITY_BIT } from './capability-mask';
import { compareModelIds, routingOrder } from './routing-order';
import { assembleSnapshot, makeModel, makeProvider } from '../../../test/helpers/snapshot-builders';

describe('routingOrder', () => {
  const providers = [makeProvider({ id: 'b', priority: 2 }), makeProvider({ id: 'a', priority: 1 })];
  const models = [
    makeModel({ providerId: 'b', modelName: 'x', capabilities: ['chat', 'vision'] }),
    makeModel({ providerId: 'gone', modelName: 'y' }),
    makeModel({ providerId: 'a', modelName: 'z' }),
    makeModel({ providerId: 'a', modelName: 'c' }),
  ];
  const snapshot = assembleSnapshot(providers, models);

  it('orders models by provider priority, then id, missing providers last', () => {
    expect(routingOrder(snapshot.providers, models).map((e) => e.model.id)).toEqual(['a/c', 'a/z', 'b/x', 'gone/y']);
    expect(snapshot.routingOrder.map((e) => e.model.id)).toEqual(['a/c', 'a/z', 'b/x', 'gone/y']);
  });

  it('carries each model\'s provider and capability mask', () => {
    const byId = new Map(routingOrder(snapshot.providers, models).map((e) => [e.model.id, e]));
    expect(byId.get('b/x')?.provider?.id).toBe('b');
    expect(byId.get('gone/y')?.provider).toBeUndefined();
    expect(byId.get('b/x')?.capMask).toBe(CAPABILITY_BIT.chat | CAPABILITY_BIT.vision);
  });
});

describe('compareModelIds: the tie-break between models a level cannot tell apart', () => {
  const sorted = (ids: string[]) => [...ids].sort(compareModelIds);

  it('puts the newer version or date first', () => {
    expect(sorted(['anthropic/claude-opus-4-6', 'anthropic/claude-opus-4-7', 'anthropic/claude-opus-5-5']))
      .toEqual(['anthropic/claude-opus-5-5', 'anthropic/claude-opus-4-7', 'anthropic/claude-opus-4-6']);
    expect(sorted(['openai/gpt-4o-2024-05-13', 'openai/gpt-4o-2024-11-20', 'openai/gpt-4o-2024-08-06']))
      .toEqual(['openai/gpt-4o-2024-11-20', 'openai/gpt-4o-2024-08-06', 'openai/gpt-4o-2024-05-13']);
    expect(sorted(['x/model-9', 'x/model-10'])).toEqual(['x/model-10', 'x/model-9']);
  });

  it('orders the rest as text, a shorter id first', () => {
    expect(sorted(['b/m', 'a/z', 'a/c', 'a/c-mini'])).toEqual(['a/c', 'a/c-mini', 'a/z', 'b/m']);
    expect(compareModelIds('a/m', 'a/m')).toBe(0);
  });

  it('is the routing order within a provider priority', () => {
    const ps = [makeProvider({ id: 'anthropic', priority: 1 })];
    const ms = ['claude-opus-4-6', 'claude-opus-4-7'].map((modelName) => makeModel({ providerId: 'anthropic', modelName }));
    expect(routingOrder(assembleSnapshot(ps, ms).providers, ms).map((e) => e.model.id)).toEqual(['anthropic/claude-opus-4-7', 'anthropic/claude-opus-4-6']);
  });
});
