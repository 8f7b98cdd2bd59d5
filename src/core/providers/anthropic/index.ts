// The Anthropic Messages upstream adapter: pure transforms, the node layer does the I/O.
import type { CanonicalRequest, UpstreamAdapter, UpstreamHttpRequest, UpstreamTarget } from '../../canonical';
import { droppedOpenAIOptions } from '../openai-options';
import { droppedWebSearch } from '../web-search';
import { anthropicApiRoot, anthropicHeaders, buildAnthropicChatRequest, buildAnthropicForwardRequest } from './build-request';
import { classifyAnthropicError } from './classify-error';
import { parseAnthropicMessage } from './parse-response';
import { createAnthropicStreamDecoder } from './stream-decoder';
import { isJsonObject } from '../../json-object';

/** A Messages body; its service_tier and metadata mean other things (capacity, the end-user id), so OpenAI's are named. */
function buildChatRequest(req: CanonicalRequest, target: UpstreamTarget): UpstreamHttpRequest {
  const request = buildAnthropicChatRequest(req, target);
  const built = req.prefill ? { ...request, prefill: {} } : request;
  // an Anthropic client's search is forwarded as sent, never built: no other client asks for one
  const openai = [...droppedOpenAIOptions(req), ...droppedWebSearch(req)];
  return openai.length === 0 ? built : { ...built, dropped: [...(built.dropped ?? []), ...openai] };
}

function buildListModelsRequest(target: Omit<UpstreamTarget, 'modelName'>): UpstreamHttpRequest {
  // the listing pages at 20 by default; 1000 is the documented maximum
  return { url: `${anthropicApiRoot(target.baseUrl)}/v1/models?limit=1000`, method: 'GET', headers: anthropicHeaders(target.apiKey) };
}

function parseListModels(body: unknown): string[] {
  if (!isJsonObject(body) || !Array.isArray(body.data)) return [];
  return body.data.flatMap((m: unknown) => (isJsonObject(m) && typeof m.id === 'string' ? [m.id] : []));
}

export const anthropicAdapter: UpstreamAdapter = {
  api: 'messages',
  buildChatRequest,
  buildForwardRequest: buildAnthropicForwardRequest,
  parseChatResponse: parseAnthropicMessage,
  createStreamDecoder: createAnthropicStreamDecoder,
  buildEmbeddingsRequest() {
    throw new Error('Anthropic has no embeddings API');
  },
  parseEmbeddingsResponse() {
    throw new Error('Anthropic has no embeddings API');
  },
  buildListModelsRequest,
  parseListModels,
  classifyError: classifyAnthropicError,
};

export { anthropicApiRoot, anthropicHeaders, buildAnthropicChatRequest, toAnthropicBody, ANTHROPIC_VERSION } from './build-request';
export { classifyAnthropicError, anthropicErrorFromType } from './classify-error';
export { parseAnthropicMessage, usageFromAnthropic, finishReasonFromStop } from './parse-response';
export { createAnthropicStreamDecoder } from './stream-decoder';
