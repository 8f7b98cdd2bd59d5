// Per-snapshot lookup tables the router reuses across requests. Snapshots are immutable and rebuilt
// on every admin change, so a WeakMap keyed by the snapshot never goes stale.
import type { Capability } from '../../shared/types';
import type { CatalogSnapshot, ModelEntry, ProviderEntry } from '../catalog';

export const CAPABILITY_BIT: Readonly<Record<Capability, number>> = {
  chat: 1, tools: 2, vision: 4, json: 8, embeddings: 16, reasoning: 32, documents: 64,
};

export function capabilityMask(caps: Iterable<Capability>): number {
  let mask = 0;
  for (const c of caps) mask |= CAPABILITY_BIT[c] ?? 0;
  return mask;
}

export interface SnapshotIndex {
  /**
   * snapshot.models indexes in tie-break order: provider priority ascending (lower number preferred;
   * a missing provider last), then model id ascending.
   */
  tieOrder: Int32Array;
  /** the snapshot's providers, in map order */
  providers: ProviderEntry[];
  /** per model: its provider's position in `providers`, or -1 when the provider is missing */
  providerSlot: Int32Array;
  /** per model: CAPABILITY_BIT mask of its capabilities */
  capMask: Int32Array;
}

const cache = new WeakMap<CatalogSnapshot, SnapshotIndex>();

export function snapshotIndex(snapshot: CatalogSnapshot): SnapshotIndex {
  const hit = cache.get(snapshot);
  if (hit !== undefined) return hit;
  const providers = [...snapshot.providers.values()];
  const slotOf = new Map(providers.map((p, i) => [p.id, i]));
  const models = snapshot.models;
  const providerSlot = new Int32Array(models.length);
  const capMask = new Int32Array(models.length);
  models.forEach((m, i) => {
    providerSlot[i] = slotOf.get(m.providerId) ?? -1;
    capMask[i] = capabilityMask(m.capabilities);
  });
  const priority = (m: ModelEntry | undefined): number => {
    const p = m === undefined ? undefined : snapshot.providers.get(m.providerId)?.priority;
    return p === undefined || !Number.isFinite(p) ? Number.MAX_SAFE_INTEGER : p;
  };
  const order = Array.from({ length: models.length }, (_, i) => i);
  order.sort((a, b) => {
    const ma = models[a];
    const mb = models[b];
    const d = priority(ma) - priority(mb);
    if (d !== 0) return d;
    const ia = ma?.id ?? '';
    const ib = mb?.id ?? '';
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  const index: SnapshotIndex = { tieOrder: Int32Array.from(order), providers, providerSlot, capMask };
  cache.set(snapshot, index);
  return index;
}
