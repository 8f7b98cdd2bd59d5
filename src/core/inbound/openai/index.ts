// The OpenAI Chat Completions inbound API (POST /v1/chat/completions), plus embeddings helpers.
import type { InboundCodec } from '../../canonical';
import { formatOpenAIError, formatOpenAIStreamError } from './format-error';
import { formatOpenAIResponse } from './format-response';
import { parseOpenAIChatRequest } from './parse-request';
import { readOpenAIChatRequest } from './read';
import { createOpenAIStreamEncoder } from './stream-encoder';

export const openaiInbound: InboundCodec = {
  api: 'chat',
  read: readOpenAIChatRequest,
  toCanonical: parseOpenAIChatRequest,
  formatResponse: formatOpenAIResponse,
  createStreamEncoder: createOpenAIStreamEncoder,
  formatError: formatOpenAIError,
  formatStreamError: formatOpenAIStreamError,
};

export { parseEmbeddingsRequest, formatEmbeddingsResponse, encodeBase64Floats, embeddingsFieldsNotCarried } from './embeddings';
export { formatOpenAIError, formatOpenAIStreamError } from './format-error';
export { parseOpenAIChatRequest } from './parse-request';
export { readOpenAIChatRequest } from './read';
