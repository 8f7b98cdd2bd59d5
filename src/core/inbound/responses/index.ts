// The OpenAI Responses inbound codec: POST /v1/responses as Codex CLI and the OpenAI SDKs send it.
// A response object repeats the request's settings and names tool calls as the client declared
// them, so the proxy binds a codec to each request (responsesCodecFor); `responsesInbound` is the
// unbound one (errors, and answers that know only what the upstream said).
import type { RawJsonBody } from '../../forward-body';
import type { InboundCodec, SseEvent } from '../../canonical';
import type { ThinkingSeal } from '../../switchboard-thinking';
import { failedForwardedResponse, formatResponsesError, formatResponsesStreamError } from './format-error';
import { ForwardedOutput } from './forwarded-output';
import { restorePreviousId } from './previous-id';
import { asksSummaries, responsesToCanonical } from './parse-request';
import { readResponsesRequest } from './read';
import { formatResponsesResponse, responseIdFrom, type ResponsesAnswerContext } from './response-object';
import { createResponsesStreamEncoder } from './stream-encoder';
import { ToolNames } from './tool-names';
import { asksForCompaction } from '../../responses-compaction';
import { isJsonObject } from '../../json-object';

export interface ResponsesBinding {
  /** the response's id (`resp_...`) when the proxy makes it (crossing formats) */
  id: string;
  /** the client's request as it sent it */
  request: Record<string, unknown>;
  /**
   * the body translated for the model when it is not `request` (a continuation: the stored turns in
   * front): the tools its items brought (additional_tools, tool searches) are named back too
   */
  sent?: Record<string, unknown>;
  /**
   * Called with the finished response object before it reaches the client: one made here from
   * another format's answer, or (`forwarded`) a Responses upstream's own; for a background stream
   * also with the response its response.created event carries, still pending.
   */
  onResponse?: (response: Record<string, unknown>, forwarded: boolean) => void;
  /** `request` as received: the members an answer echoes are copied from its bytes */
  raw?: RawJsonBody;
  /** a turn continued here, sent without its previous_response_id: a forwarded answer gets it back */
  previousResponseId?: string;
  /**
   * a turn continued here: what a Responses provider other than `providerId` (the one that served the
   * turn before) is forwarded instead of `sent` (continuation.ts continueElsewhere), and what it drops
   */
  elsewhere?: { providerId: string; body: Record<string, unknown>; dropped: string[] };
  /** this install's and profile's seal: Claude's thinking goes to the client sealed with it, and is read back only when it holds (switchboard-thinking.ts) */
  seal?: ThinkingSeal;
}

const FINISHED = /^\{\s*"type"\s*:\s*"response\.(?:completed|incomplete|failed)"/;
const CREATED = /^\{\s*"type"\s*:\s*"response\.created"/;

/** The response an event of one of these types carries (named by `event:`, else by the data's type). */
function responseOf(e: SseEvent, named: readonly string[], typed: RegExp): Record<string, unknown> | undefined {
  if (!(e.event !== undefined ? named.includes(e.event) : typed.test(e.data))) return undefined;
  try {
    const data: unknown = JSON.parse(e.data);
    return isJsonObject(data) && isJsonObject(data.response) ? data.response : undefined;
  } catch {
    return undefined;
  }
}

/** The response a forwarded stream finished with (its response.completed, .incomplete or .failed event). */
const finishedResponse = (e: SseEvent) => responseOf(e, ['response.completed', 'response.incomplete', 'response.failed'], FINISHED);
/** The provider's own end of a failed stream: its failed response, with the output it streamed (InboundCodec.failedEnd). */
const FAILED = /^\{\s*"type"\s*:\s*"response\.failed"/;
const failedEnd = (e: SseEvent): boolean => (e.event !== undefined ? e.event === 'response.failed' : FAILED.test(e.data));

/** A forwarded stream's first event: the response just created (a background one already runs at the provider). */
const createdResponse = (e: SseEvent) => responseOf(e, ['response.created'], CREATED);

const codecBase = {
  api: 'responses',
  read: readResponsesRequest,
  toCanonical: responsesToCanonical,
  formatError: formatResponsesError,
  formatStreamError: formatResponsesStreamError,
} as const;

export function responsesCodecFor(binding: ResponsesBinding): InboundCodec {
  const { onResponse, seal } = binding;
  let toolNames: ToolNames | undefined;
  const ctx = (): ResponsesAnswerContext => {
    toolNames ??= ToolNames.of(binding.sent ?? binding.request);
    const base: ResponsesAnswerContext = { id: binding.id, request: binding.request, toolNames };
    if (binding.raw) base.raw = binding.raw;
    if (asksForCompaction(binding.request.input)) base.compaction = true;
    if (asksSummaries(binding.request.reasoning)) base.summaries = true;
    if (binding.seal && Array.isArray(binding.request.include) && binding.request.include.includes('reasoning.encrypted_content')) base.seal = binding.seal;
    return onResponse ? { ...base, onResponse: (r) => onResponse(r, false) } : base;
  };
  // spelled out, not `{ ...codecBase, ... }`: Node 20's V8 takes a slow path (~2 us) for a spread
  // followed by new members, and this runs for every request
  const codec: InboundCodec = {
    api: codecBase.api,
    read: codecBase.read,
    toCanonical: seal ? (body) => responsesToCanonical(body, { seal }) : codecBase.toCanonical,
    formatError: codecBase.formatError,
    // set here, not replaced after: replacing a member the literal gave a shared function cost every request
    // ~100 us at 40 KB (measured: GC time per request four times as long, 2026-12-06)
    formatStreamError: (status, type, message, forwarded) => failedStream(status, type, message, forwarded),
    formatResponse: (res, servedModel) => formatResponsesResponse(res, servedModel, ctx()),
    createStreamEncoder: (c) => createResponsesStreamEncoder(ctx(), c.servedModel),
  };
  if (binding.previousResponseId !== undefined) codec.rewriteForwarded = restorePreviousId(binding.previousResponseId);
  // continued here: the provider is sent the conversation so far, not the client's body
  if (binding.sent !== undefined) codec.rebuilt = true;
  const { elsewhere } = binding;
  if (elsewhere) codec.forwardBodyFor = (providerId) => (providerId === elsewhere.providerId ? undefined : elsewhere);
  // forwarded: the provider's response.failed reaches the client as it came (stream-relay.ts)
  codec.failedEnd = failedEnd;
  // a background stream goes on at the provider if the client leaves: kept (pending) as soon as it exists,
  // so it can be asked for and settled without the stream's end
  const background = binding.request.background === true;
  // forwarded, what the stream has streamed: one that fails without its own end (broken off, or ended by
  // Switchboard) ends with it and is kept failed, as a translated one is (stream-encoder.ts fail)
  const streamed = new ForwardedOutput();
  codec.observeForwarded = {
    body: (json) => { if (onResponse && isJsonObject(json)) onResponse(json, true); },
    event: (e) => {
      streamed.note(e);
      if (!onResponse) return;
      const response = finishedResponse(e) ?? (background ? createdResponse(e) : undefined);
      if (response) onResponse(response, true);
    },
  };
  const failedStream: InboundCodec['formatStreamError'] = (status, type, message, forwarded) => {
    // translated (the encoder's fail keeps its response), or after the provider's own end: as it was
    if (forwarded === undefined || streamed.ended) return formatResponsesStreamError(status, type, message, forwarded);
    const response = failedForwardedResponse(type, message, forwarded, streamed.output());
    // the turn continued here: the client's previous_response_id, as its other events have it (rewriteForwarded)
    if (binding.previousResponseId !== undefined) response.previous_response_id = binding.previousResponseId;
    // a background response goes on at the provider: the pending one kept is settled from there, not failed here
    if (onResponse && !background) onResponse(response, true);
    return formatResponsesStreamError(status, type, message, forwarded, response);
  };
  return codec;
}

const NO_TOOLS = ToolNames.of({});

export const responsesInbound: InboundCodec = {
  ...codecBase,
  formatResponse: (res, servedModel) => formatResponsesResponse(res, servedModel, { id: responseIdFrom(res.id), request: {}, toolNames: NO_TOOLS }),
  createStreamEncoder: (c) => createResponsesStreamEncoder({ id: responseIdFrom(c.id), request: {}, toolNames: NO_TOOLS }, c.servedModel),
};

export { namesOpenAIState, readResponsesRequest } from './read';
export { responsesToCanonical } from './parse-request';
export { responseIdFrom } from './response-object';
export { asInput, continueElsewhere, continueFrom, inputItemsOf, turnCuts, withoutOldestTurns, type PriorResponse } from './continuation';
export { inputItemIds, listInputItems } from './input-items';
