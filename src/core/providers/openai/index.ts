// The adapter for OpenAI and every OpenAI-compatible provider (OpenRouter, Together, Groq, Mistral,
// DeepSeek, xAI, Ollama, LM Studio, custom base URLs); provider quirks live in quirks.ts.
import type { UpstreamAdapter } from '../../canonical';
import { buildOpenAIChatRequest, buildOpenAIForwardRequest } from './build-request';
import { classifyOpenAIError } from './classify-error';
import { buildOpenAIEmbeddingsRequest, parseOpenAIEmbeddingsResponse } from './embeddings';
import { buildOpenAIListModelsRequest, parseOpenAIListModels } from './list-models';
import { parseOpenAIChatResponse } from './parse-response';
import { createOpenAIStreamDecoder } from './stream-decoder';

export const openaiAdapter: UpstreamAdapter = {
  api: 'chat',
  buildChatRequest: buildOpenAIChatRequest,
  buildForwardRequest: buildOpenAIForwardRequest,
  parseChatResponse: parseOpenAIChatResponse,
  createStreamDecoder: createOpenAIStreamDecoder,
  buildEmbeddingsRequest: buildOpenAIEmbeddingsRequest,
  parseEmbeddingsResponse: parseOpenAIEmbeddingsResponse,
  buildListModelsRequest: buildOpenAIListModelsRequest,
  parseListModels: parseOpenAIListModels,
  classifyError: classifyOpenAIError,
};

export { toOpenAIChatBody } from './build-request';
export { mistralToolCallId, quirksFor } from './quirks';
export { buildOpenAIEmbeddingsForwardRequest } from './embeddings';
