// A price of $0 that a model has only because its provider ran on a local runtime (model-methods.ts
// freeWhereLocal, the bundled table's local entries) says nothing once the provider runs elsewhere: a
// request there may be billed. Such prices become unknown again, as for any cloud model nobody priced, so
// costs are recorded as unknown, never as $0. The user's own $0 stays theirs; the reverse move needs
// nothing (a model with an unknown price is free on a local runtime when it is created or priced).
import type { Repositories, ProviderRow } from '../catalog/repos/index';
import { isFreeProvider } from '../catalog/provider-locality';
import type { ServiceContext } from './context';

/** Runs inside the transaction that writes `next`; returns the ids of the models whose $0 became unknown. */
export function forgetLocalPrices(repos: Repositories, audit: ServiceContext['audit'], old: ProviderRow, next: ProviderRow, at: string): string[] {
  if (!isFreeProvider(old.type, old.base_url) || isFreeProvider(next.type, next.base_url)) return [];
  const ids: string[] = [];
  for (const m of repos.models.listByProvider(next.id)) {
    if (m.price_source === 'user' || m.input_cost_per_1m !== 0 || m.output_cost_per_1m !== 0) continue;
    repos.models.update({ ...m, input_cost_per_1m: null, output_cost_per_1m: null, price_source: null, price_as_of: null, updated_at: at });
    audit('model.price_unknown', m.id, { reason: `${next.id} no longer runs on a local runtime (${next.base_url}): its $0 was the runtime's, the price is unknown` });
    ids.push(m.id);
  }
  return ids;
}
