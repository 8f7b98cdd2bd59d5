// The configuration document: built from the database for export, and checked whole before an import
// writes anything. Keys and tokens are never part of it; a file that carries one is refused.
import { CONFIG_FORMAT, CONFIG_VERSION, type ConfigDocument, type ConfigDocumentModel, type ConfigModel, type ConfigProfile, type ConfigProvider } from '../../shared/config-types';
import { PROVIDER_TYPE_INFO } from '../../shared/provider-types';
import { PRICE_SOURCES, type ModelPrices, type PowerLevel, type RoutingRules } from '../../shared/types';
import { ValidationError, arrayOf, modelName, nullable, number, objectOf, oneOf, plainObject, slug, text } from '../../shared/validate';
import { modelCreateBody, modelUpdateBody, providerCreateBody, providerUpdateBody, storedUserCreateBody, storedUserUpdateBody } from '../../shared/validate-admin';
import { applyRoutingRulesPatch } from '../../shared/validate-rules';
import { parseJson, type ModelRow, type ProviderRow, type Repositories, type UserRow } from '../catalog/repos/index';
import type { BundledModelLookup } from '../catalog/price-lookup';
import { samePrices } from '../catalog/model-prices';
import { isFreeProvider, isRemoteModel } from '../catalog/provider-locality';
import { currentRoutingRules, DEFAULT_PROFILE_ID } from './user-methods';
import { responsesModelsProblem } from './model-methods';
import { freeWhereLocal } from './local-prices';
import { modelView } from './views';
import { isJsonObject } from '../../core/json-object';
import { roundUsd } from '../../shared/money';

/** The model fields a configuration carries: what createModel accepts (measured latency stays behind). */
const MODEL_FIELDS = [
  'provider_id', 'model_name', 'display_name', 'input_cost_per_1m', 'output_cost_per_1m', 'cached_input_cost_per_1m',
  'cache_write_5m_cost_per_1m', 'cache_write_1h_cost_per_1m', 'long_context_tiers',
  'context_length', 'max_output_tokens', 'capabilities', 'quality', 'enabled', 'api', 'remote',
] as const satisfies readonly (keyof ConfigModel)[];

/** The bundled price table an import compares a document's `bundled` prices with; version null without one. */
export interface BundledTable {
  lookup: BundledModelLookup;
  version: number | null;
}

export function exportConfig(repos: Repositories, now: Date, pricesVersion: number | null): ConfigDocument {
  const doc = configDocument({
    providers: repos.providers.list(), models: repos.models.list(), rules: currentRoutingRules(repos), users: repos.users.list(),
  }, now);
  return pricesVersion === null ? doc : { ...doc, bundled_prices_version: pricesVersion };
}

/** The rows a configuration document is built from: the database's, or what a damaged one still held. */
export interface ConfigRows {
  providers: ProviderRow[];
  models: ModelRow[];
  rules: RoutingRules;
  users: UserRow[];
}

export function configDocument(rows: ConfigRows, now: Date): ConfigDocument {
  return {
    format: CONFIG_FORMAT,
    version: CONFIG_VERSION,
    exported_at: now.toISOString(),
    providers: rows.providers.map(providerConfig),
    models: rows.models.map(documentModel),
    routing_rules: rows.rules,
    profiles: rows.users.map(profileConfig),
  };
}

export const providerConfig = (p: ProviderRow): ConfigProvider => ({
  id: p.id, name: p.name, type: p.type, base_url: p.base_url, enabled: p.enabled === 1, priority: p.priority,
});

export function modelConfig(row: ModelRow): ConfigModel {
  const view = modelView(row);
  return Object.fromEntries(MODEL_FIELDS.map((k) => [k, view[k]])) as unknown as ConfigModel;
}

export const documentModel = (row: ModelRow): ConfigDocumentModel => ({
  ...modelConfig(row), price_source: (PRICE_SOURCES as readonly unknown[]).includes(row.price_source) ? row.price_source : null,
});

/** A document's model without where its prices came from: what createModel takes. */
export function modelSettings(m: ConfigDocumentModel): ConfigModel {
  const settings = { ...m };
  delete settings.price_source;
  return settings;
}

export const profileConfig = (u: UserRow): ConfigProfile => ({
  id: u.id, name: u.name, power_level: u.power_level, monthly_cap_usd: u.monthly_cap_usd,
  credit_balance_usd: u.credit_balance_usd, preferred_models: parseJson<string[]>(u.preferred_models, []),
  privacy_guard: u.privacy_guard,
});

/** A validated import: every part checked, cross-references included; nothing written yet. */
export interface CheckedConfig {
  /** each entry whole: the document's fields over the current row, or over creation defaults for a new id */
  providers: ConfigProvider[];
  models: ConfigModel[];
  rules: RoutingRules;
  profiles: ConfigProfile[];
  /** per existing id the document changes, the fields it changes (for the audit log) */
  changed: { providers: Record<string, string[]>; models: Record<string, string[]>; profiles: Record<string, string[]> };
  /** the ids the document adds */
  created: { providers: string[]; models: string[]; profiles: string[] };
  /** model id -> the bundled table's date, for each model the document says follows the table and whose prices are this build's table's */
  bundled: Map<string, string>;
  /** the models marked bundled whose prices came from another release's table and were replaced by this build's */
  repriced: string[];
  /** the models on a local runtime whose base prices nobody set: their $0 is the runtime's (price_source null) */
  runtimePriced: Set<string>;
  /** the document is the one a damaged database left (salvaged_from) */
  salvaged: boolean;
  /** the Default profile's level, when the document sets routing_rules.power_level and not that profile's own */
  defaultLevel: PowerLevel | null;
  /** each profile id of the document matched to the profile an earlier import created for it under another id */
  importedAs: Array<[string, string]>;
  /** existing profile id -> its stored credit balance and the document's, which differed and was applied */
  balancesSet: Map<string, { from: number | null; to: number | null }>;
}

type BasePrice = 'input_cost_per_1m' | 'output_cost_per_1m';

const SECRET_FIELDS = ['api_key', 'key', 'token', 'tokens', 'secret'];

const documentShape = objectOf({
  format: oneOf([CONFIG_FORMAT]),
  version: number({ integer: true, min: CONFIG_VERSION, max: CONFIG_VERSION }),
  exported_at: text({ max: 64 }),
  salvaged_from: text({ max: 4096, trim: false }),
  salvage_notes: arrayOf(text({ max: 100_000, trim: false }), { max: 100_000 }),
  bundled_prices_version: number({ integer: true, min: 0 }),
  providers: arrayOf(plainObject, { max: 500 }),
  models: arrayOf(plainObject, { max: 20_000 }),
  routing_rules: plainObject,
  profiles: arrayOf(plainObject, { max: 1_000 }),
}, ['format', 'version', 'providers', 'models', 'routing_rules', 'profiles']);

const providerKey = objectOf({ id: slug }, ['id']);
const modelKey = objectOf({ provider_id: slug, model_name: modelName }, ['provider_id', 'model_name']);
const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
const without = (o: Record<string, unknown>, ...keys: string[]): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

function note(byId: Record<string, string[]>, id: string, fields: string[]): void {
  if (fields.length > 0) byId[id] = fields;
}

/** The fields of `next` that differ from `old`. */
function changedFields<T extends object>(old: T, next: T): string[] {
  return (Object.keys(next) as (keyof T & string)[]).filter((k) => JSON.stringify(old[k]) !== JSON.stringify(next[k]));
}

/**
 * Checks the whole document against itself and the database (a model's provider, the models rules and
 * profiles name). A provider, model or profile that exists keeps every field the document leaves out, as a
 * PUT does; creation defaults apply to new ones only. Throws ValidationError naming the field, e.g.
 * `models[3].context_length`. `importedAs`: a document's profile id -> the existing profile an earlier import
 * created for it under another id (config-methods.ts), matched instead of that id.
 */
export function checkConfig(
  raw: unknown, repos: Repositories, baseUrlProblem: (url: string) => string | null, table: BundledTable,
  importedAs: ReadonlyMap<string, string> = new Map(),
): CheckedConfig {
  const doc = documentShape(raw, '');
  const changed: CheckedConfig['changed'] = { providers: {}, models: {}, profiles: {} };
  const created: CheckedConfig['created'] = { providers: [], models: [], profiles: [] };
  const providers = doc.providers.map((p, i): ConfigProvider => {
    const field = `providers[${i}]`;
    refuseSecrets(p, field);
    const { id } = providerKey({ id: p.id }, field);
    const row = repos.providers.get(id);
    let next: ConfigProvider;
    if (row) {
      const old = providerConfig(row);
      const body = defined(providerUpdateBody(without(p, 'id'), field));
      next = { ...old, ...body };
      // as in an update: a URL the user never changed follows a new type; one they set stays
      if (body.base_url === undefined && body.type !== undefined && row.base_url === PROVIDER_TYPE_INFO[row.type].defaultBaseUrl) {
        next.base_url = PROVIDER_TYPE_INFO[body.type].defaultBaseUrl;
      }
      note(changed.providers, id, changedFields(old, next));
    } else {
      const body = providerCreateBody(p, field);
      created.providers.push(id);
      next = {
        id, name: body.name, type: body.type, base_url: body.base_url ?? PROVIDER_TYPE_INFO[body.type].defaultBaseUrl,
        enabled: body.enabled ?? true, priority: body.priority ?? 0,
      };
    }
    const problem = baseUrlProblem(next.base_url);
    if (problem) throw new ValidationError(`${field}.base_url`, `base_url is not allowed: ${problem}`);
    return next;
  });
  unique(providers.map((p) => p.id), 'providers', 'id');

  // as in an update: a provider moved to a type without a Responses API leaves no model called on it (one the
  // file puts on chat is not; the models' own check below refuses a file putting one on responses there)
  providers.forEach((p, i) => {
    const row = repos.providers.get(p.id);
    if (row === undefined || row.type === p.type) return;
    const apiInFile = new Map(doc.models.filter((m) => m.provider_id === p.id).map((m) => [`${p.id}/${String(m.model_name)}`, m.api]));
    const after = repos.models.listByProvider(p.id).map((m) => ({ id: m.id, api: apiInFile.get(m.id) === 'chat' ? 'chat' as const : m.api }));
    const problem = responsesModelsProblem(p.type, after);
    if (problem !== null) throw new ValidationError(`providers[${i}].type`, problem);
  });

  const providerPlaces = new Map([...repos.providers.list(), ...providers].map((p) => [p.id, { type: p.type, base_url: p.base_url }]));
  const bundled = new Map<string, string>();
  const repriced: string[] = [];
  const runtimePriced = new Set<string>();
  // prices that differ from this build's table come from another release's table only if the file says it
  // was exported with another one; with the same table (or a file that does not say) they are edits made in it
  const otherTable = doc.bundled_prices_version !== undefined && doc.bundled_prices_version !== table.version;
  const models = doc.models.map((entry, i): ConfigModel => {
    const field = `models[${i}]`;
    const { price_source: source, ...m } = entry;
    const priceSource = source === undefined ? null : nullable(oneOf(PRICE_SOURCES))(source, `${field}.price_source`);
    const key = modelKey({ provider_id: m.provider_id, model_name: m.model_name }, field);
    const id = `${key.provider_id}/${key.model_name}`;
    const place = providerPlaces.get(key.provider_id);
    if (place === undefined) throw new ValidationError(`${field}.provider_id`, `provider ${key.provider_id} is neither in the file nor configured`);
    const { type } = place;
    const row = repos.models.get(id);
    let next: ConfigModel;
    if (row) {
      const old = modelConfig(row);
      next = { ...old, ...defined(modelUpdateBody(without(m, 'provider_id', 'model_name'), field)) };
    } else {
      const body = modelCreateBody(m, field);
      created.models.push(id);
      next = {
        provider_id: body.provider_id, model_name: body.model_name, display_name: body.display_name ?? body.model_name,
        input_cost_per_1m: body.input_cost_per_1m, output_cost_per_1m: body.output_cost_per_1m,
        cached_input_cost_per_1m: body.cached_input_cost_per_1m ?? null,
        cache_write_5m_cost_per_1m: body.cache_write_5m_cost_per_1m ?? null,
        cache_write_1h_cost_per_1m: body.cache_write_1h_cost_per_1m ?? null,
        long_context_tiers: body.long_context_tiers ?? [], context_length: body.context_length,
        max_output_tokens: body.max_output_tokens ?? null, capabilities: body.capabilities ?? ['chat'],
        quality: body.quality ?? null, enabled: body.enabled ?? true, api: body.api ?? 'chat', remote: body.remote ?? false,
      };
    }
    // an import only adds the mark (its runtime forwards the model elsewhere): a file that says nothing of it (one
    // exported before it existed) or says false never makes a model this install knows to be remote local again
    next.remote = row?.remote === 1 || next.remote || isRemoteModel(type, key.model_name);
    if (next.api === 'responses' && PROVIDER_TYPE_INFO[type].format !== 'openai') {
      throw new ValidationError(`${field}.api`, `api "responses" is for models of OpenAI-format providers; ${type} has its own API`);
    }
    // as POST/PUT /models store it: on a local runtime an unknown price is a known $0, and a $0 nobody set
    // (the runtime's, exported with price_source null) stays nobody's, to turn unknown again if the provider
    // leaves the machine (local-prices.ts). A price the file gives is the user's unless it names another source;
    // one it leaves out keeps the row's.
    // (not a cloud model of the runtime's, an Ollama cloud one: ollama.com bills it)
    const free = isFreeProvider(type, place.base_url) && !next.remote;
    if (free) {
      const sourceOf = (f: BasePrice) => (m[f] === undefined ? row?.price_source ?? null : source === undefined ? 'user' : priceSource);
      const nobodys = (f: BasePrice) => next[f] === null || (next[f] === 0 && sourceOf(f) !== 'user');
      if (nobodys('input_cost_per_1m') && nobodys('output_cost_per_1m')) runtimePriced.add(id);
      next = freeWhereLocal(place, next);
    }
    // prices that followed the exporting build's table follow this build's (a newer release's, say), and keep
    // following it; a price changed in the file is the user's
    const tableEntry = priceSource === 'bundled' ? table.lookup(key.provider_id, type, key.model_name) : undefined;
    // a local runtime's entry ($0: running it costs nothing) says nothing of one the file puts elsewhere (ollama.com)
    const localOnly = tableEntry !== undefined && tableEntry.create.input_cost_per_1m === 0 && tableEntry.create.output_cost_per_1m === 0;
    if (tableEntry && !(localOnly && !free)) {
      const { create } = tableEntry;
      const tablePrices: ModelPrices = {
        input_cost_per_1m: create.input_cost_per_1m, output_cost_per_1m: create.output_cost_per_1m,
        cached_input_cost_per_1m: create.cached_input_cost_per_1m ?? null,
        cache_write_5m_cost_per_1m: create.cache_write_5m_cost_per_1m ?? null,
        cache_write_1h_cost_per_1m: create.cache_write_1h_cost_per_1m ?? null, long_context_tiers: (create.long_context_tiers ?? []) as ModelPrices['long_context_tiers'],
      };
      const same = samePrices(next, tablePrices);
      if (!same && otherTable) {
        Object.assign(next, tablePrices);
        repriced.push(id);
      }
      if (same || otherTable) bundled.set(id, tableEntry.asOf);
    }
    if (row) note(changed.models, id, changedFields(modelConfig(row), next));
    return next;
  });
  unique(models.map((m) => `${m.provider_id}/${m.model_name}`), 'models', 'model_name');

  const modelIds = new Set([...repos.models.ids(), ...models.map((m) => `${m.provider_id}/${m.model_name}`)]);
  const current = repos.rules.get();
  const rules = within('routing_rules', () => applyRoutingRulesPatch(current, mergedNames(current, doc.routing_rules), { modelIds }));
  // `auto` routes with the Default profile's level: a level the rules set is that profile's, as in
  // updateRoutingRules, unless the document gives the profile's own
  const levelGiven = doc.routing_rules.power_level !== undefined;

  const inDocument = new Set(doc.profiles.map((u) => u.id));
  const matched: Array<[string, string]> = [];
  const salvaged = doc.salvaged_from !== undefined;
  const balancesSet = new Map<string, { from: number | null; to: number | null }>();
  const profiles = doc.profiles.map((u, i): ConfigProfile => {
    const field = `profiles[${i}]`;
    refuseSecrets(u, field);
    const { id: given } = providerKey({ id: u.id }, field);
    // unless the document has a profile of that id too: then that one is matched with it, as ever
    const earlier = importedAs.get(given);
    const id = earlier !== undefined && !inDocument.has(earlier) ? earlier : given;
    if (id !== given) matched.push([given, id]);
    const row = repos.users.get(id);
    let next: ConfigProfile;
    if (row) {
      const old = profileConfig(row);
      const body = defined(storedUserUpdateBody(without(u, 'id'), field));
      next = { ...old, ...body };
      // the file's balance is the balance from then on (an import sets what the file says); the same figure as exported
      // (rounded to 12 decimals) is no change. A changed one is named in the notes: a stored balance is also what
      // requests drew down, and this install's own older export gives the credit spent since back
      const balance = body.credit_balance_usd;
      const same = balance !== undefined && roundUsd(balance) === roundUsd(old.credit_balance_usd);
      if (same) next.credit_balance_usd = old.credit_balance_usd;
      else if (balance !== undefined && !salvaged) balancesSet.set(id, { from: old.credit_balance_usd ?? null, to: balance });
      if (id === DEFAULT_PROFILE_ID && body.power_level === undefined && levelGiven) next.power_level = rules.power_level;
      note(changed.profiles, id, changedFields(old, next));
    } else {
      const body = storedUserCreateBody(u, field);
      created.profiles.push(id);
      next = {
        id, name: body.name, power_level: body.power_level ?? rules.power_level,
        monthly_cap_usd: body.monthly_cap_usd ?? null, credit_balance_usd: body.credit_balance_usd ?? null,
        preferred_models: body.preferred_models ?? [], privacy_guard: body.privacy_guard ?? 'off',
      };
    }
    next.preferred_models.forEach((ref, k) => {
      if (!modelIds.has(ref) && !Object.hasOwn(rules.aliases, ref)) {
        throw new ValidationError(`${field}.preferred_models[${k}]`, `${ref} is neither a model id nor an alias`);
      }
    });
    return next;
  });
  unique(profiles.map((p) => p.id), 'profiles', 'id');
  const defaultGiven = profiles.some((p) => p.id === DEFAULT_PROFILE_ID);
  const defaultLevel = levelGiven && !defaultGiven ? rules.power_level : null;
  return {
    providers, models, rules, profiles, changed, created, bundled, repriced, runtimePriced, salvaged, defaultLevel,
    importedAs: matched, balancesSet,
  };
}

/**
 * An import deletes nothing: the file's aliases and fallback chains join the ones the install has, the
 * file's winning by name (a PUT of the rules replaces them whole; an import is not a PUT).
 */
function mergedNames(current: RoutingRules, patch: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...patch };
  for (const k of ['aliases', 'fallbacks'] as const) {
    const given = patch[k];
    // anything but an object is left for the rules' own check to refuse
    if (isJsonObject(given)) merged[k] = { ...current[k], ...given };
  }
  return merged;
}

function refuseSecrets(obj: Record<string, unknown>, field: string): void {
  for (const k of SECRET_FIELDS) {
    if (Object.hasOwn(obj, k)) {
      throw new ValidationError(`${field}.${k}`, 'a configuration file never carries keys or tokens: add keys in the Providers tab and issue tokens in the BYOK tab');
    }
  }
}

function unique(values: string[], list: string, key: string): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) throw new ValidationError(`${list}[${i}].${key}`, `${v} appears twice in ${list}`);
    seen.add(v);
  });
}

function within<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ValidationError) throw new ValidationError(e.field ? `${prefix}.${e.field}` : prefix, e.message);
    throw e;
  }
}
