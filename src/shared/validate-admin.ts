// The admin API's request bodies, field by field (SPEC.md §3). Unknown fields are refused.
import { MODEL_APIS, POWER_LEVELS, PRIVACY_GUARDS } from './types';
import {
  apiKey, arrayOf, baseUrl, boolean, capabilities, contextLength, maxOutputTokens, name, nullable, number,
  objectOf, oneOf, price, priority, providerType, quality, slug, text, usd, modelName,
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

const modelFields = {
  display_name: name,
  input_cost_per_1m: price,
  output_cost_per_1m: price,
  cached_input_cost_per_1m: nullable(price),
  context_length: contextLength,
  max_output_tokens: nullable(maxOutputTokens),
  capabilities,
  quality: nullable(quality),
  enabled: boolean,
  api: oneOf(MODEL_APIS),
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

/** `id` is the profile from the path. */
export const byokSetBody = objectOf(
  { id: text({ max: 64, trim: false }), provider_id: slug, api_key: apiKey, preferred_models: preferredModels },
  ['id', 'provider_id', 'api_key'],
);

export const tokenIssueBody = objectOf({ id: text({ max: 64, trim: false }), name }, ['id']);

export const settingsUpdateBody = objectOf({
  usage_retention_days: number({ integer: true, min: 1, max: 3650 }),
  proxy_port: number({ integer: true, min: 1, max: 65535 }),
});

export const auditQuery = objectOf({ limit: number({ integer: true, min: 1, max: 1000, fromString: true }) });
