// The Anthropic Messages inbound codec: POST /v1/messages as Claude Code and the Anthropic SDK send it.
import type { InboundCodec } from '../../canonical';
import { formatAnthropicError, formatAnthropicStreamError } from './format-error';
import { formatAnthropicResponse } from './format-response';
import { anthropicToCanonical } from './parse-request';
import { readAnthropicRequest } from './read';
import { createAnthropicStreamEncoder } from './stream-encoder';

export const anthropicInbound: InboundCodec = {
  api: 'messages',
  read: readAnthropicRequest,
  toCanonical: (body) => anthropicToCanonical(body, { requireMaxTokens: true }),
  formatResponse: formatAnthropicResponse,
  createStreamEncoder: (ctx) => createAnthropicStreamEncoder(ctx),
  formatError: formatAnthropicError,
  formatStreamError: formatAnthropicStreamError,
};

export { anthropicToCanonical } from './parse-request';
export { readAnthropicRequest, isServerToolBlock, continuedThread } from './read';
export { formatAnthropicResponse, anthropicUsage, anthropicMessageId, stopReasonFromFinish, asksThinkingTokenCount } from './format-response';
export { formatAnthropicError, formatAnthropicStreamError } from './format-error';
export { createAnthropicStreamEncoder } from './stream-encoder';
