// The Anthropic Messages inbound codec: POST /v1/messages as Claude Code and the Anthropic SDK send it.
import type { CanonicalRequest, InboundCodec } from '../../canonical';
import { formatAnthropicError, formatAnthropicStreamError } from './format-error';
import { formatAnthropicResponse } from './format-response';
import { anthropicToCanonical } from './parse-request';
import { createAnthropicStreamEncoder } from './stream-encoder';

export const anthropicInbound: InboundCodec = {
  api: 'anthropic',
  parseRequest: (body) => anthropicToCanonical(body, { requireMaxTokens: true }),
  formatResponse: formatAnthropicResponse,
  createStreamEncoder: (ctx) => createAnthropicStreamEncoder(ctx),
  formatError: formatAnthropicError,
  formatStreamError: formatAnthropicStreamError,
};

/** POST /v1/messages/count_tokens: the same body, but max_tokens is not required. */
export function countTokensRequestToCanonical(body: unknown): CanonicalRequest {
  return { ...anthropicToCanonical(body, { requireMaxTokens: false }), stream: false };
}

export { anthropicToCanonical } from './parse-request';
export { formatAnthropicResponse, anthropicUsage, anthropicMessageId, stopReasonFromFinish } from './format-response';
export { formatAnthropicError, formatAnthropicStreamError } from './format-error';
export { createAnthropicStreamEncoder } from './stream-encoder';
