import { describe, expect, it } from 'vitest';
import { CAPABILITY_BIT } from './capability-mask';
import { routingOrder } from './routing-order';
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
