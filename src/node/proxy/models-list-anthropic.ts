// GET /v1/models and /v1/models/{id} in Anthropic's shape (its SDK's models.list / models.retrieve,
// Claude Code's model picker): `{type: 'model', id, display_name, created_at, ...}` entries, paged with
// before_id / after_id / limit as Anthropic pages them. Only names /v1/messages can serve: no embeddings model,
// nor an alias routing only to embeddings models.
import { isEmbeddingsOnly, type CatalogSnapshot, type ProfileEntry } from '../../core/catalog';
import { embeddingsOnlyChain } from './embeddings-only';
import type { OpenAIModel } from './models-list';
import { ProxyError } from './respond';

/** an entry of the OpenAI list, with the catalog model it names (none for a routing name or an alias) */
export interface ListedModel { entry: OpenAIModel; modelId?: string }

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;
/** no release date is known: Anthropic's documented value for that is the epoch */
const UNKNOWN_RELEASE = '1970-01-01T00:00:00Z';

export interface AnthropicModel {
  type: 'model';
  id: string;
  display_name: string;
  created_at: string;
  max_input_tokens: number | null;
  max_tokens: number | null;
  capabilities: null;
  deprecated_at: null;
  retires_at: null;
  lifecycle: 'active';
  line: null;
}

/** Whether /v1/messages can serve the name: not an embeddings model, nor an alias routing only to embeddings models. */
export function servesMessages(snapshot: CatalogSnapshot, profile: ProfileEntry, { entry, modelId }: ListedModel): boolean {
  const model = modelId === undefined ? undefined : snapshot.modelsById.get(modelId);
  if (model !== undefined) return !isEmbeddingsOnly(model);
  return embeddingsOnlyChain(snapshot, profile, entry.id) === undefined;
}

/** One entry in Anthropic's shape; a routing name's or an alias's limits are null (the model serving it is picked per request). */
export function anthropicModel(snapshot: CatalogSnapshot, { entry, modelId }: ListedModel): AnthropicModel {
  const model = modelId === undefined ? undefined : snapshot.modelsById.get(modelId);
  return {
    type: 'model', id: entry.id, display_name: entry.id, created_at: UNKNOWN_RELEASE,
    max_input_tokens: model?.contextLength ?? null, max_tokens: model?.maxOutputTokens ?? null,
    capabilities: null, deprecated_at: null, retires_at: null, lifecycle: 'active', line: null,
  };
}

/** A page of the list: `limit` entries after `after_id`, or the `limit` before `before_id`, or the first `limit`. */
export function anthropicModelPage(snapshot: CatalogSnapshot, entries: readonly ListedModel[], query: URLSearchParams) {
  const limit = pageLimit(query.get('limit'));
  const before = query.get('before_id');
  const after = query.get('after_id');
  if (before !== null && after !== null) throw badParam('before_id', 'Send before_id or after_id, not both');
  let start = 0;
  let end = Math.min(entries.length, limit);
  if (after !== null) {
    start = indexOf(entries, after, 'after_id') + 1;
    end = Math.min(entries.length, start + limit);
  } else if (before !== null) {
    end = indexOf(entries, before, 'before_id');
    start = Math.max(0, end - limit);
  }
  const data = entries.slice(start, end).map((e) => anthropicModel(snapshot, e));
  return {
    data,
    // more in the direction paged: later entries, or (paging back with before_id) earlier ones
    has_more: before !== null ? start > 0 : end < entries.length,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
  };
}

function pageLimit(raw: string | null): number {
  if (raw === null) return DEFAULT_LIMIT;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= MAX_LIMIT)) throw badParam('limit', `limit must be an integer from 1 to ${MAX_LIMIT} (got '${raw}')`);
  return n;
}

function indexOf(entries: readonly ListedModel[], id: string, param: string): number {
  const i = entries.findIndex((e) => e.entry.id === id);
  if (i < 0) throw badParam(param, `${param} '${id}' is not a model in this list`);
  return i;
}

function badParam(param: string, message: string): ProxyError {
  return new ProxyError(400, 'invalid_request_error', message, {}, 'bad_request', undefined, undefined, param);
}
