// The admin API's request bodies, field by field (SPEC.md §3). Unknown fields are refused.
import { MODEL_APIS, POWER_LEVELS, PRIVACY_GUARDS, type LongContextTier } from './types';
import {
  ValidationError, apiKey, arrayOf, baseUrl, boolean, capabilities, contextLength, maxOutputTokens, name, nullable, number,
  objectOf, oneOf, price, priority, providerType, quality, slug, text, usd, modelName, type Validator,
} from './validate';

/** a model id (`provider/model`) or an alias name, as routing lists refer to them */
export const modelRef = text({ max: 265, trim: false, pattern: { re: /^\S+$/, describe: 'must not contain whitespace' } });
const preferredModels = arrayOf(modelRef, { max: 50, unique: true });

export const providerCreateBody = objectOf(
  { id: slug, name, type: providerType, base_url: baseUrl, api_key: apiKey, enabled: boolean, priority },
  ['name', 'type'],
);

export const providerUpdateBody = objectOf({
  name, type: providerType, base_url: baseUrl, api_key: nullable(apiKey), enabled: boolean, priority,
});

const longContextTier = objectOf(
  {
    above_prompt_tokens: number({ integer: true, min: 1, max: 100_000_000 }),
    input_cost_per_1m: price,
    output_cost_per_1m: price,
    cached_input_cost_per_1m: nullable(price),
    cache_write_5m_cost_per_1m: nullable(price),
    cache_write_1h_cost_per_1m: nullable(price),
  },
  ['above_prompt_tokens', 'input_cost_per_1m', 'output_cost_per_1m'],
);

/** Long-context tiers, returned lowest threshold first with every class present (absent = null). */
export const longContextTiers: Validator<LongContextTier[]> = (value, field) => {
  const tiers = arrayOf(longContextTier, { max: 8 })(value, field).map((t) => ({
    above_prompt_tokens: t.above_prompt_tokens,
    input_cost_per_1m: t.input_cost_per_1m,
    output_cost_per_1m: t.output_cost_per_1m,
    cached_input_cost_per_1m: t.cached_input_cost_per_1m ?? null,
    cache_write_5m_cost_per_1m: t.cache_write_5m_cost_per_1m ?? null,
    cache_write_1h_cost_per_1m: t.cache_write_1h_cost_per_1m ?? null,
  }));
  tiers.sort((a, b) => a.above_prompt_tokens - b.above_prompt_tokens);
  tiers.forEach((t, i) => {
    if (i > 0 && t.above_prompt_tokens === tiers[i - 1]?.above_prompt_tokens) {
      throw new ValidationError(field, `${field} has two tiers above ${t.above_prompt_tokens} prompt tokens`);
    }
  });
  return tiers;
};

const modelFields = {
  display_name: name,
  input_cost_per_1m: nullable(price),
  output_cost_per_1m: nullable(price),
  cached_input_cost_per_1m: nullable(price),
  cache_write_5m_cost_per_1m: nullable(price),
  cache_write_1h_cost_per_1m: nullable(price),
  long_context_tiers: longContextTiers,
  context_length: contextLength,
  max_output_tokens: nullable(maxOutputTokens),
  capabilities,
  quality: nullable(quality),
  enabled: boolean,
  api: oneOf(MODEL_APIS),
  remote: boolean,
};

export const modelCreateBody = objectOf(
  { provider_id: slug, model_name: modelName, ...modelFields },
  ['provider_id', 'model_name', 'input_cost_per_1m', 'output_cost_per_1m', 'context_length'],
);

export const modelUpdateBody = objectOf(modelFields);

const userFields = {
  name,
  power_level: oneOf(POWER_LEVELS),
  monthly_cap_usd: nullable(usd),
  credit_balance_usd: nullable(usd),
  preferred_models: preferredModels,
  privacy_guard: oneOf(PRIVACY_GUARDS),
};

export const userCreateBody = objectOf({ id: slug, ...userFields }, ['name']);
export const userUpdateBody = objectOf(userFields);

/**
 * A profile as an export or a salvaged database holds it. The proxy lets a request's draw take the credit
 * balance below zero (the last request is served whole), so a stored balance may be negative: an import or a
 * salvage takes it as it is, where a balance the admin types (POST/PUT users) stays at least 0.
 */
const storedUserFields = { ...userFields, credit_balance_usd: nullable(number({ min: -1_000_000_000, max: 1_000_000_000 })) };
export const storedUserCreateBody = objectOf({ id: slug, ...storedUserFields }, ['name']);
export const storedUserUpdateBody = objectOf(storedUserFields);

/** `id` is the profile from the path. */
export const byokSetBody = objectOf(
  { id: text({ max: 64, trim: false }), provider_id: slug, api_key: apiKey, preferred_models: preferredModels },
  ['id', 'provider_id', 'api_key'],
);

export const tokenIssueBody = objectOf({ id: text({ max: 64, trim: false }), name }, ['id']);

/** An ISO 8601 date-time with a zone, as `Date.toISOString()` writes it. */
const isoTime: Validator<string> = (value, field) => {
  const s = text({ max: 40 })(value, field);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) || !Number.isFinite(Date.parse(s))) {
    throw new ValidationError(field, `${field} must be an ISO time such as 2026-01-31T18:00:00Z`);
  }
  return new Date(s).toISOString();
};

export const settingsUpdateBody = objectOf({
  usage_retention_days: number({ integer: true, min: 1, max: 3650 }),
  proxy_port: number({ integer: true, min: 1, max: 65535 }),
  upstream_connections: number({ integer: true, min: 1, max: 4096 }),
  body_capture_until: nullable(isoTime),
  launch_at_login: boolean,
});

export const auditQuery = objectOf({ limit: number({ integer: true, min: 1, max: 1000, fromString: true }) });
