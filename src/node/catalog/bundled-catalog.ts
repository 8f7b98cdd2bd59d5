// resources/catalog.json: the providers and models a fresh install starts with, and the price
// table discovery fills new models from. Validated on load; a bad entry names itself.
import { readFileSync } from 'node:fs';
import { MODEL_APIS, type Model, type ModelApi, type ProviderType } from '../../shared/types';
import {
  ValidationError, arrayOf, baseUrl, capabilities, contextLength, maxOutputTokens, modelName, name, nullable, number, plainObject,
  oneOf, price, providerType, quality, text, type Validator,
} from '../../shared/validate';
import { longContextTiers } from '../../shared/validate-admin';

export interface BundledProvider {
  type: ProviderType;
  name: string;
  base_url: string;
  auth?: string;
  models_path?: string;
  docs?: string;
}

/** A model as the bundled catalog lists it: the catalog's own fields, keyed by provider type. */
export type BundledModel = Pick<
  Model,
  'model_name' | 'display_name' | 'cached_input_cost_per_1m' | 'cache_write_5m_cost_per_1m' | 'cache_write_1h_cost_per_1m'
  | 'long_context_tiers' | 'context_length' | 'max_output_tokens' | 'capabilities' | 'quality'
> & {
  provider_type: ProviderType;
  /** the table lists only models whose base prices are published */
  input_cost_per_1m: number;
  output_cost_per_1m: number;
  /** `responses`: served only on OpenAI's Responses API */
  api?: ModelApi;
  source?: string;
  as_of?: string;
};

export interface BundledCatalog {
  as_of: string;
  /** bumped whenever a price changes: a start that finds a newer version re-prices the models the user never edited */
  prices_version: number;
  providers: BundledProvider[];
  models: BundledModel[];
}

export class BundledCatalogError extends Error {
  readonly kind = 'bundled-catalog-invalid';
  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super(`bundled catalog ${source}: ${message}`, options);
    this.name = 'BundledCatalogError';
  }
}

const shortText = text({ max: 2048 });
const optional = <T>(v: Validator<T>): Validator<T | undefined> => (value, field) => (value === undefined ? undefined : v(value, field));

// Unknown fields are tolerated here: the file is ours and may grow fields this build ignores.
function parseProvider(raw: unknown, field: string): BundledProvider {
  const o = plainObject(raw, field);
  const p: BundledProvider = {
    type: providerType(o.type, `${field}.type`),
    name: name(o.name, `${field}.name`),
    base_url: baseUrl(o.base_url, `${field}.base_url`),
  };
  for (const k of ['auth', 'models_path', 'docs'] as const) {
    const v = optional(shortText)(o[k], `${field}.${k}`);
    if (v !== undefined) p[k] = v;
  }
  return p;
}

function parseModel(raw: unknown, field: string): BundledModel {
  const o = plainObject(raw, field);
  const at = (k: string) => `${field}.${k}`;
  const m: BundledModel = {
    provider_type: providerType(o.provider_type, at('provider_type')),
    model_name: modelName(o.model_name, at('model_name')),
    display_name: o.display_name === undefined ? String(o.model_name) : name(o.display_name, at('display_name')),
    input_cost_per_1m: price(o.input_cost_per_1m, at('input_cost_per_1m')),
    output_cost_per_1m: price(o.output_cost_per_1m, at('output_cost_per_1m')),
    cached_input_cost_per_1m: nullable(price)(o.cached_input_cost_per_1m ?? null, at('cached_input_cost_per_1m')),
    cache_write_5m_cost_per_1m: nullable(price)(o.cache_write_5m_cost_per_1m ?? null, at('cache_write_5m_cost_per_1m')),
    cache_write_1h_cost_per_1m: nullable(price)(o.cache_write_1h_cost_per_1m ?? null, at('cache_write_1h_cost_per_1m')),
    long_context_tiers: o.long_context_tiers === undefined ? [] : longContextTiers(o.long_context_tiers, at('long_context_tiers')),
    context_length: contextLength(o.context_length, at('context_length')),
    max_output_tokens: nullable(maxOutputTokens)(o.max_output_tokens ?? null, at('max_output_tokens')),
    capabilities: o.capabilities === undefined ? ['chat'] : capabilities(o.capabilities, at('capabilities')),
    quality: nullable(quality)(o.quality ?? null, at('quality')),
  };
  const source = optional(shortText)(o.source, at('source'));
  const asOf = optional(shortText)(o.as_of, at('as_of'));
  const api = optional(oneOf(MODEL_APIS))(o.api, at('api'));
  if (api !== undefined) m.api = api;
  if (source !== undefined) m.source = source;
  if (asOf !== undefined) m.as_of = asOf;
  return m;
}

export function parseBundledCatalog(json: unknown, source = 'catalog.json'): BundledCatalog {
  try {
    const root = plainObject(json, '');
    const catalog: BundledCatalog = {
      as_of: text({ max: 64 })(root.as_of, 'as_of'),
      // a table from before versioning counts as version 0
      prices_version: root.prices_version === undefined ? 0 : number({ integer: true, min: 0 })(root.prices_version, 'prices_version'),
      providers: arrayOf(parseProvider, { max: 200 })(root.providers, 'providers'),
      models: arrayOf(parseModel, { max: 20_000 })(root.models, 'models'),
    };
    const types = new Set<string>();
    catalog.providers.forEach((p, i) => {
      if (types.has(p.type)) throw new ValidationError(`providers[${i}].type`, `provider type ${p.type} is listed twice`);
      types.add(p.type);
    });
    const seen = new Set<string>();
    catalog.models.forEach((m, i) => {
      if (!types.has(m.provider_type)) {
        throw new ValidationError(`models[${i}].provider_type`, `no provider of type ${m.provider_type} in providers`);
      }
      const key = `${m.provider_type}/${m.model_name}`;
      if (seen.has(key)) throw new ValidationError(`models[${i}].model_name`, `${key} is listed twice`);
      seen.add(key);
    });
    return catalog;
  } catch (e) {
    if (e instanceof ValidationError) {
      const message = e.message.startsWith(e.field) ? e.message : `${e.field}: ${e.message}`;
      throw new BundledCatalogError(source, message, { cause: e });
    }
    throw e;
  }
}

export function loadBundledCatalog(path: string): BundledCatalog {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new BundledCatalogError(path, e instanceof Error ? e.message : String(e), { cause: e });
  }
  return parseBundledCatalog(json, path);
}
