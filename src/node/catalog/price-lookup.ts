// Finds the bundled catalog entry for a model a provider reports, as discovery sees names:
// exact first, then without a `vendor/` or `models/` prefix and without a date, `-latest` or `:latest` suffix.
import type { ModelCreate, ModelPrices } from '../../shared/types';
import type { BundledCatalog, BundledModel } from './bundled-catalog';
import { withoutLatestTag } from '../../core/model-name';

export type PriceLookup = (providerType: string, modelName: string) => BundledModel | undefined;

const DATE = String.raw`[-@](?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|\d{2}-\d{4})`;
const SNAPSHOT_DATE = new RegExp(`${DATE}$`);
const DATE_SUFFIX = new RegExp(`(?:${DATE}|-latest)$`);

const stripPrefix = (n: string) => n.slice(n.lastIndexOf('/') + 1);
const stripDate = (n: string) => n.replace(DATE_SUFFIX, '');

/** the loose names a model is also known by, most specific first */
function looseNames(modelName: string): string[] {
  const n = withoutLatestTag(modelName.toLowerCase());
  return [...new Set([modelName.toLowerCase(), n, stripPrefix(n), stripDate(n), stripDate(stripPrefix(n))])];
}

/** a dated snapshot (`mistral-large-2411`, `gpt-4o-2024-08-06`), not the moving alias or the bare name */
const isSnapshot = (modelName: string) => SNAPSHOT_DATE.test(stripPrefix(withoutLatestTag(modelName.toLowerCase())));

export function priceLookup(catalog: BundledCatalog): PriceLookup {
  const exact = new Map<string, BundledModel>();
  const loose = new Map<string, BundledModel>();
  // `-latest` is whatever the provider calls newest today (mistral-large-latest is Large 3): it stands for the
  // bare name, never for an older dated snapshot (mistral-large-2411 is Large 2, at another price and context)
  const latestAlias = new Map<string, BundledModel>();
  for (const m of catalog.models) {
    exact.set(`${m.provider_type}\n${m.model_name.toLowerCase()}`, m);
  }
  // A second pass so an exact catalog name always wins over another entry's loose form.
  for (const m of catalog.models) {
    const into = /-latest$/i.test(m.model_name) ? latestAlias : loose;
    for (const n of looseNames(m.model_name)) {
      const key = `${m.provider_type}\n${n}`;
      if (!exact.has(key) && !into.has(key)) into.set(key, m);
    }
  }
  return (providerType, modelName) => {
    const snapshot = isSnapshot(modelName);
    for (const n of looseNames(modelName)) {
      const key = `${providerType}\n${n}`;
      const hit = exact.get(key) ?? loose.get(key) ?? (snapshot ? undefined : latestAlias.get(key));
      if (hit) return hit;
    }
    return undefined;
  };
}

/** A bundled entry's price per token class. */
export function bundledPrices(entry: BundledModel): ModelPrices {
  return {
    input_cost_per_1m: entry.input_cost_per_1m,
    output_cost_per_1m: entry.output_cost_per_1m,
    cached_input_cost_per_1m: entry.cached_input_cost_per_1m,
    cache_write_5m_cost_per_1m: entry.cache_write_5m_cost_per_1m,
    cache_write_1h_cost_per_1m: entry.cache_write_1h_cost_per_1m,
    long_context_tiers: entry.long_context_tiers.map((t) => ({ ...t })),
  };
}

/** The createModel body for a discovered model, priced from its bundled entry (createModel refuses extra fields). */
export function modelCreateFromBundled(providerId: string, modelName: string, entry: BundledModel): ModelCreate {
  return {
    provider_id: providerId,
    model_name: modelName,
    display_name: entry.display_name,
    ...bundledPrices(entry),
    context_length: entry.context_length,
    max_output_tokens: entry.max_output_tokens,
    capabilities: [...entry.capabilities],
    quality: entry.quality,
    ...(entry.api ? { api: entry.api } : {}),
  };
}

/** A discovered model's create body and price date from the bundled table, where the table knows the name. */
export type BundledModelLookup = (providerId: string, type: string, modelName: string) => { create: ModelCreate; asOf: string } | undefined;

export function bundledModelLookup(catalog: BundledCatalog): BundledModelLookup {
  const lookup = priceLookup(catalog);
  return (providerId, type, modelName) => {
    const entry = lookup(type, modelName);
    return entry ? { create: modelCreateFromBundled(providerId, modelName, entry), asOf: entry.as_of ?? catalog.as_of } : undefined;
  };
}
