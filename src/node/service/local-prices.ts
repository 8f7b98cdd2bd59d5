// A price of $0 that a model has only because its provider ran on a local runtime (freeWhereLocal below,
// the bundled table's local entries) says nothing once the provider runs elsewhere: a request there may be
// billed. Such prices become unknown again, as for any cloud model nobody priced, so costs are recorded as
// unknown, never as $0. The user's own $0 stays theirs. The reverse move makes an unknown price $0, as
// freeWhereLocal does for a model created there: running it costs nothing now.
import type { ModelRow, Repositories, ProviderRow } from '../catalog/repos/index';
import { isFreeProvider } from '../catalog/provider-locality';
import type { ModelPrices } from '../../shared/types';
import type { ServiceContext } from './context';

type BasePrices = Pick<ModelPrices, 'input_cost_per_1m' | 'output_cost_per_1m'>;

/**
 * Running on a local runtime costs nothing: there an unknown base price is a known $0. `provider`: where the
 * model runs (a create, an edit, an import's provider as the import leaves it). A `remote` model (an Ollama
 * cloud model) runs elsewhere, billed there, whatever its provider: its unknown price stays unknown.
 */
export function freeWhereLocal<T extends BasePrices>(provider: Pick<ProviderRow, 'type' | 'base_url'> | undefined, prices: T, remote = false): T {
  if (remote || !provider || !isFreeProvider(provider.type, provider.base_url)) return prices;
  return { ...prices, input_cost_per_1m: prices.input_cost_per_1m ?? 0, output_cost_per_1m: prices.output_cost_per_1m ?? 0 };
}

/** Runs inside the transaction that writes `next`; returns the ids of the models whose $0 became unknown. */
export function forgetLocalPrices(repos: Repositories, audit: ServiceContext['audit'], old: ProviderRow, next: ProviderRow, at: string): string[] {
  if (!isFreeProvider(old.type, old.base_url) || isFreeProvider(next.type, next.base_url)) return [];
  const ids: string[] = [];
  for (const m of repos.models.listByProvider(next.id)) {
    const prices = runtimePriceForgotten(m);
    if (prices === undefined) continue;
    repos.models.update({ ...m, ...prices, updated_at: at });
    audit('model.price_unknown', m.id, { reason: `${next.id} no longer runs on a local runtime (${next.base_url}): its $0 was the runtime's, the price is unknown` });
    ids.push(m.id);
  }
  return ids;
}

/** Runs inside the transaction that writes `next`; returns the ids of the models whose unknown price became $0. */
export function freeLocalPrices(repos: Repositories, audit: ServiceContext['audit'], old: ProviderRow, next: ProviderRow, at: string): string[] {
  if (isFreeProvider(old.type, old.base_url) || !isFreeProvider(next.type, next.base_url)) return [];
  const ids: string[] = [];
  for (const m of repos.models.listByProvider(next.id)) {
    // a cloud model of the runtime's is billed wherever the runtime runs
    const prices = m.remote === 1 ? undefined : runtimePriceFilled(m);
    if (prices === undefined) continue;
    repos.models.update({ ...m, ...prices, updated_at: at });
    audit('model.price_free', m.id, { reason: `${next.id} now runs on a local runtime (${next.base_url}): running the model costs nothing, its unknown price is $0` });
    ids.push(m.id);
  }
  return ids;
}

type PriceColumns = Pick<ModelRow, 'input_cost_per_1m' | 'output_cost_per_1m' | 'price_source' | 'price_as_of'>;

/**
 * A model that no longer runs on a local runtime (its provider moved, or its runtime forwards it elsewhere: an
 * Ollama cloud model): the $0 nobody set (the runtime's, or the bundled table's local entry) becomes unknown. A
 * price the user set, or one that is not $0, stays: undefined.
 */
export function runtimePriceForgotten(m: ModelRow): PriceColumns | undefined {
  if (m.price_source === 'user' || m.input_cost_per_1m !== 0 || m.output_cost_per_1m !== 0) return undefined;
  return { input_cost_per_1m: null, output_cost_per_1m: null, price_source: null, price_as_of: null };
}

/**
 * A model that runs on a local runtime: an unknown base price is $0. A price the user gave for one class keeps its
 * source; a $0 the runtime fills in is nobody's (null). Undefined when both are known.
 */
export function runtimePriceFilled(m: ModelRow): PriceColumns | undefined {
  if (m.input_cost_per_1m !== null && m.output_cost_per_1m !== null) return undefined;
  const unknown = m.input_cost_per_1m === null && m.output_cost_per_1m === null;
  return {
    input_cost_per_1m: m.input_cost_per_1m ?? 0, output_cost_per_1m: m.output_cost_per_1m ?? 0,
    price_source: unknown ? null : m.price_source, price_as_of: unknown ? null : m.price_as_of,
  };
}
