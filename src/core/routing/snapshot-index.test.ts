import { describe, expect, it } from 'vitest';
import { CAPABILITY_BIT, capabilityMask, snapshotIndex } from './snapshot-index';
import { assembleSnapshot, makeModel, makeProvider } from '../../../test/helpers/snapshot-builders';

describe('snapshotIndex', () => {
  const providers = [makeProvider({ id: 'b', priority: 2 }), makeProvider({ id: 'a', priority: 1 })];
  const models = [
    makeModel({ providerId: 'b', modelName: 'x', capabilities: ['chat', 'vision'] }),
    makeModel({ providerId: 'gone', modelName: 'y' }),
    makeModel({ providerId: 'a', modelName: 'z' }),
    makeModel({ providerId: 'a', modelName: 'c' }),
  ];
  const snapshot = assembleSnapshot(providers, models);

  it('orders models by provider priority, then id, missing providers last', () => {
    const { tieOrder } = snapshotIndex(snapshot);
    expect([...tieOrder].map((i) => models[i]?.id)).toEqual(['a/c', 'a/z', 'b/x', 'gone/y']);
  });

  it('maps each model to its provider slot and capability mask', () => {
    const index = snapshotIndex(snapshot);
    expect(index.providers[index.providerSlot[0] as number]?.id).toBe('b');
    expect(index.providerSlot[1]).toBe(-1);
    expect(index.capMask[0]).toBe(CAPABILITY_BIT.chat | CAPABILITY_BIT.vision);
    expect(capabilityMask(['embeddings', 'reasoning'])).toBe(CAPABILITY_BIT.embeddings | CAPABILITY_BIT.reasoning);
  });

  it('is computed once per snapshot', () => {
    expect(snapshotIndex(snapshot)).toBe(snapshotIndex(snapshot));
    expect(snapshotIndex(assembleSnapshot(providers, models))).not.toBe(snapshotIndex(snapshot));
  });
});
