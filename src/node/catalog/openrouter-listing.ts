// OpenRouter publishes each model's prices in its `/models` listing (USD per token, as strings), with its
// context length and supported parameters: discovery prices new models from it.
import type { Capability, ModelPrices } from '../../shared/types';
import { hasUnsafeChar } from '../../shared/validate';
import { isJsonObject } from '../../core/json-object';

/** What a provider's own model listing says of one model; absent fields keep discovery's defaults. */
export interface ListedModel {
  display_name?: string;
  context_length?: number;
  max_output_tokens?: number;
  capabilities?: Capability[];
  prices?: ModelPrices;
}

type Json = Record<string, unknown>;

// The admin API refuses prices above this per 1M tokens (typos); a listing that says more is not trusted.
const MAX_PRICE_PER_1M = 10_000;

/** "0.000003" USD per token -> 3 USD per 1M; "-1" (variable, e.g. openrouter/auto), garbage or absent -> null. */
export function perMillion(perToken: unknown): number | null {
  const n = typeof perToken === 'string' && perToken.trim() !== '' ? Number(perToken) : typeof perToken === 'number' ? perToken : NaN;
  if (!Number.isFinite(n) || n < 0) return null;
  const per1m = Number((n * 1_000_000).toFixed(9));
  return per1m <= MAX_PRICE_PER_1M ? per1m : null;
}

/** A listing's display name, if it is one the catalog takes. */
function displayName(v: unknown): string | undefined {
  const name = typeof v === 'string' ? v.trim().slice(0, 200) : '';
  return name !== '' && !hasUnsafeChar(name) ? name : undefined;
}

/** A positive whole number of tokens (a context length, an output cap), else undefined. */
function tokenCount(v: unknown): number | undefined {
  return Number.isInteger(v) && (v as number) > 0 && (v as number) <= 100_000_000 ? (v as number) : undefined;
}

/** What a listing entry states of a model's size and name, each kept only when it is a sound value. */
export function stated(f: { context?: unknown; maxOut?: unknown; name?: unknown }): ListedModel {
  const listed: ListedModel = {};
  const context = tokenCount(f.context);
  if (context !== undefined) listed.context_length = context;
  const maxOut = tokenCount(f.maxOut);
  if (maxOut !== undefined) listed.max_output_tokens = maxOut;
  const name = displayName(f.name);
  if (name !== undefined) listed.display_name = name;
  return listed;
}

function capabilitiesOf(m: Json): Capability[] {
  const caps: Capability[] = ['chat'];
  const params = Array.isArray(m.supported_parameters) ? m.supported_parameters : [];
  const inputs = isJsonObject(m.architecture) && Array.isArray(m.architecture.input_modalities) ? m.architecture.input_modalities : [];
  if (params.includes('tools')) caps.push('tools');
  if (inputs.includes('image')) caps.push('vision');
  if (params.includes('response_format') || params.includes('structured_outputs')) caps.push('json');
  if (params.includes('reasoning') || params.includes('include_reasoning')) caps.push('reasoning');
  return caps;
}

/** model id -> what the listing says of it; entries without an id are skipped. */
export function openRouterListing(body: unknown): Map<string, ListedModel> {
  const out = new Map<string, ListedModel>();
  const data = isJsonObject(body) && Array.isArray(body.data) ? body.data : [];
  for (const m of data) {
    if (!isJsonObject(m) || typeof m.id !== 'string' || m.id === '') continue;
    const p = isJsonObject(m.pricing) ? m.pricing : {};
    const listed: ListedModel = {
      // the output cap of the endpoint OpenRouter routes to first (null when it sets none)
      ...stated({ context: m.context_length, maxOut: isJsonObject(m.top_provider) ? m.top_provider.max_completion_tokens : undefined, name: m.name }),
      capabilities: capabilitiesOf(m),
      prices: {
        input_cost_per_1m: perMillion(p.prompt),
        output_cost_per_1m: perMillion(p.completion),
        cached_input_cost_per_1m: perMillion(p.input_cache_read),
        // OpenRouter lists one cache-write price: the default (5-minute) lifetime's
        cache_write_5m_cost_per_1m: perMillion(p.input_cache_write),
        cache_write_1h_cost_per_1m: null,
        long_context_tiers: [],
      },
    };
    out.set(m.id, listed);
  }
  return out;
}
