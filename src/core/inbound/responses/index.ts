// The OpenAI Responses inbound codec: POST /v1/responses as Codex CLI and the OpenAI SDKs send it.
// A response object repeats the request's settings and names tool calls as the client declared
// them, so the proxy binds a codec to each request (responsesCodecFor); `responsesInbound` is the
// unbound one (errors, and answers that know only what the upstream said).
import type { InboundCodec } from '../../canonical';
import { formatResponsesError, formatResponsesStreamError } from './format-error';
import { responsesToCanonical } from './parse-request';
import { readResponsesRequest } from './read';
import { formatResponsesResponse, responseIdFrom, type ResponsesAnswerContext } from './response-object';
import { createResponsesStreamEncoder } from './stream-encoder';
import { ToolNames } from './tool-names';

export interface ResponsesBinding {
  /** the response's id (`resp_...`) */
  id: string;
  /** the client's request as it sent it */
  request: Record<string, unknown>;
  /** called with the finished response object before it is sent */
  onResponse?: (response: Record<string, unknown>) => void;
}

const codecBase = {
  api: 'responses',
  read: readResponsesRequest,
  toCanonical: responsesToCanonical,
  formatError: formatResponsesError,
  formatStreamError: formatResponsesStreamError,
} as const;

export function responsesCodecFor(binding: ResponsesBinding): InboundCodec {
  let toolNames: ToolNames | undefined;
  const ctx = (): ResponsesAnswerContext => {
    toolNames ??= ToolNames.of(binding.request.tools);
    return binding.onResponse ? { id: binding.id, request: binding.request, toolNames, onResponse: binding.onResponse } : { id: binding.id, request: binding.request, toolNames };
  };
  return {
    ...codecBase,
    formatResponse: (res, servedModel) => formatResponsesResponse(res, servedModel, ctx()),
    createStreamEncoder: (c) => createResponsesStreamEncoder(ctx(), c.servedModel),
  };
}

const NO_TOOLS = ToolNames.of(undefined);

export const responsesInbound: InboundCodec = {
  ...codecBase,
  formatResponse: (res, servedModel) => formatResponsesResponse(res, servedModel, { id: responseIdFrom(res.id), request: {}, toolNames: NO_TOOLS }),
  createStreamEncoder: (c) => createResponsesStreamEncoder({ id: responseIdFrom(c.id), request: {}, toolNames: NO_TOOLS }, c.servedModel),
};

export { readResponsesRequest } from './read';
export { responsesToCanonical } from './parse-request';
export { responseIdFrom } from './response-object';
export { ToolNames, flatToolName } from './tool-names';
