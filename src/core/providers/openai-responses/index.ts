// The adapter for OpenAI models served on the Responses API (POST /responses): those the catalog
// marks `api: "responses"`. The provider is an OpenAI-format one, so errors, embeddings and model
// listing are the OpenAI adapter's.
import type { UpstreamAdapter } from '../../canonical';
import { openaiAdapter } from '../openai';
import { buildResponsesForwardRequest, buildResponsesRequest } from './build-request';
import { parseResponsesResponse } from './parse-response';
import { createResponsesStreamDecoder } from './stream-decoder';

export const openaiResponsesAdapter: UpstreamAdapter = {
  ...openaiAdapter,
  api: 'responses',
  buildChatRequest: buildResponsesRequest,
  buildForwardRequest: buildResponsesForwardRequest,
  parseChatResponse: parseResponsesResponse,
  createStreamDecoder: createResponsesStreamDecoder,
};
