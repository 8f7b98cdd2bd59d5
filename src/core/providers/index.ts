import type { UpstreamAdapter, UpstreamApi, WireFormat } from '../canonical';
import { UpstreamFailure } from '../canonical';
import { openaiAdapter } from './openai';
import { anthropicAdapter } from './anthropic';
import { geminiAdapter } from './gemini';
import { openaiResponsesAdapter } from './openai-responses';

const ADAPTERS: Record<WireFormat, UpstreamAdapter> = {
  openai: openaiAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
};

/** The adapter of a provider's wire format (embeddings, model listing, errors). */
export function adapterFor(format: WireFormat): UpstreamAdapter {
  return ADAPTERS[format];
}

const BY_API: Partial<Record<UpstreamApi, UpstreamAdapter>> = {
  chat: openaiAdapter,
  messages: anthropicAdapter,
  responses: openaiResponsesAdapter,
  gemini: geminiAdapter,
};

/** The adapter that speaks one upstream API (a model's, see upstreamApiOf). */
export function adapterForApi(api: UpstreamApi): UpstreamAdapter {
  const adapter = BY_API[api];
  if (!adapter) throw new UpstreamFailure({ kind: 'internal', message: `no adapter for the ${api} API` });
  return adapter;
}

export { PROVIDER_TYPE_INFO, providerTypeInfo } from './registry';
