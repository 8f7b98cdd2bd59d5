// The configuration document: built from the database for export, and checked whole before an import
// writes anything. Keys and tokens are never part of it; a file that carries one is refused.
import { CONFIG_FORMAT, CONFIG_VERSION, type ConfigDocument, type ConfigModel, type ConfigProfile, type ConfigProvider } from '../../shared/config-types';
import { PROVIDER_TYPE_INFO } from '../../shared/provider-types';
import type { RoutingRules } from '../../shared/types';
import { ValidationError, arrayOf, number, objectOf, oneOf, plainObject, text } from '../../shared/validate';
import { modelCreateBody, providerCreateBody, userCreateBody } from '../../shared/validate-admin';
import { applyRoutingRulesPatch } from '../../shared/validate-rules';
import { parseJson, type Repositories } from '../catalog/repos/index';
import { modelView } from './views';

/** The model fields a configuration carries: what createModel accepts (measured latency stays behind). */
const MODEL_FIELDS = [
  'provider_id', 'model_name', 'display_name', 'input_cost_per_1m', 'output_cost_per_1m', 'cached_input_cost_per_1m',
  'cache_write_5m_cost_per_1m', 'cache_write_1h_cost_per_1m', 'long_context_tiers',
  'context_length', 'max_output_tokens', 'capabilities', 'quality', 'enabled', 'api',
] as const satisfies readonly (keyof ConfigModel)[];

export function exportConfig(repos: Repositories, now: Date): ConfigDocument {
  return {
    format: CONFIG_FORMAT,
    version: CONFIG_VERSION,
    exported_at: now.toISOString(),
    providers: repos.providers.list().map((p) => ({
      id: p.id, name: p.name, type: p.type, base_url: p.base_url, enabled: p.enabled === 1, priority: p.priority,
    })),
    models: repos.models.list().map((row) => {
      const view = modelView(row);
      return Object.fromEntries(MODEL_FIELDS.map((k) => [k, view[k]])) as unknown as ConfigModel;
    }),
    routing_rules: repos.rules.get(),
    profiles: repos.users.list().map((u) => ({
      id: u.id, name: u.name, power_level: u.power_level, monthly_cap_usd: u.monthly_cap_usd,
      credit_balance_usd: u.credit_balance_usd, preferred_models: parseJson<string[]>(u.preferred_models, []),
      privacy_guard: u.privacy_guard,
    })),
  };
}

/** A validated import: every part checked, cross-references included; nothing written yet. */
export interface CheckedConfig {
  providers: ConfigProvider[];
  models: ConfigModel[];
  rules: RoutingRules;
  profiles: ConfigProfile[];
}

const SECRET_FIELDS = ['api_key', 'key', 'token', 'tokens', 'secret'];

const documentShape = objectOf({
  format: oneOf([CONFIG_FORMAT]),
  version: number({ integer: true, min: CONFIG_VERSION, max: CONFIG_VERSION }),
  exported_at: text({ max: 64 }),
  providers: arrayOf(plainObject, { max: 500 }),
  models: arrayOf(plainObject, { max: 20_000 }),
  routing_rules: plainObject,
  profiles: arrayOf(plainObject, { max: 1_000 }),
}, ['format', 'version', 'providers', 'models', 'routing_rules', 'profiles']);

/**
 * Checks the whole document against itself and the database (a model's provider, the models rules and
 * profiles name). Throws ValidationError naming the field, e.g. `models[3].context_length`.
 */
export function checkConfig(raw: unknown, repos: Repositories, baseUrlProblem: (url: string) => string | null): CheckedConfig {
  const doc = documentShape(raw, '');
  const providers = doc.providers.map((p, i): ConfigProvider => {
    const field = `providers[${i}]`;
    refuseSecrets(p, field);
    const body = providerCreateBody(p, field);
    if (body.id === undefined) throw new ValidationError(`${field}.id`, 'id is required');
    const base = body.base_url ?? repos.providers.get(body.id)?.base_url ?? PROVIDER_TYPE_INFO[body.type].defaultBaseUrl;
    const problem = baseUrlProblem(base);
    if (problem) throw new ValidationError(`${field}.base_url`, `base_url is not allowed: ${problem}`);
    return { id: body.id, name: body.name, type: body.type, base_url: base, enabled: body.enabled ?? true, priority: body.priority ?? 0 };
  });
  unique(providers.map((p) => p.id), 'providers', 'id');

  const providerTypes = new Map([...repos.providers.list(), ...providers].map((p) => [p.id, p.type]));
  const models = doc.models.map((m, i): ConfigModel => {
    const field = `models[${i}]`;
    const body = modelCreateBody(m, field);
    const type = providerTypes.get(body.provider_id);
    if (type === undefined) throw new ValidationError(`${field}.provider_id`, `provider ${body.provider_id} is neither in the file nor configured`);
    if (body.api === 'responses' && PROVIDER_TYPE_INFO[type].format !== 'openai') {
      throw new ValidationError(`${field}.api`, `api "responses" is for models of OpenAI-format providers; ${type} has its own API`);
    }
    return {
      provider_id: body.provider_id, model_name: body.model_name, display_name: body.display_name ?? body.model_name,
      input_cost_per_1m: body.input_cost_per_1m, output_cost_per_1m: body.output_cost_per_1m,
      cached_input_cost_per_1m: body.cached_input_cost_per_1m ?? null,
      cache_write_5m_cost_per_1m: body.cache_write_5m_cost_per_1m ?? null,
      cache_write_1h_cost_per_1m: body.cache_write_1h_cost_per_1m ?? null,
      long_context_tiers: body.long_context_tiers ?? [], context_length: body.context_length,
      max_output_tokens: body.max_output_tokens ?? null, capabilities: body.capabilities ?? ['chat'],
      quality: body.quality ?? null, enabled: body.enabled ?? true, api: body.api ?? 'chat',
    };
  });
  unique(models.map((m) => `${m.provider_id}/${m.model_name}`), 'models', 'model_name');

  const modelIds = new Set([...repos.models.ids(), ...models.map((m) => `${m.provider_id}/${m.model_name}`)]);
  const rules = within('routing_rules', () => applyRoutingRulesPatch(repos.rules.get(), doc.routing_rules, { modelIds }));

  const profiles = doc.profiles.map((u, i): ConfigProfile => {
    const field = `profiles[${i}]`;
    refuseSecrets(u, field);
    const body = userCreateBody(u, field);
    if (body.id === undefined) throw new ValidationError(`${field}.id`, 'id is required');
    (body.preferred_models ?? []).forEach((ref, k) => {
      if (!modelIds.has(ref) && !Object.hasOwn(rules.aliases, ref)) {
        throw new ValidationError(`${field}.preferred_models[${k}]`, `${ref} is neither a model id nor an alias`);
      }
    });
    return {
      id: body.id, name: body.name, power_level: body.power_level ?? rules.power_level,
      monthly_cap_usd: body.monthly_cap_usd ?? null, credit_balance_usd: body.credit_balance_usd ?? null,
      preferred_models: body.preferred_models ?? [], privacy_guard: body.privacy_guard ?? 'off',
    };
  });
  unique(profiles.map((p) => p.id), 'profiles', 'id');
  return { providers, models, rules, profiles };
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
