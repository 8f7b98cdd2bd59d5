// A Responses API body sent to /v1/chat/completions, answered as Chat Completions. Cursor's agent
// does this with a custom OpenAI base URL: its backend builds the Responses shape (`input`, flat
// function tools, `reasoning`, `include`) but posts it to the chat endpoint and reads the answer as
// chat completion chunks. LiteLLM serves it on a separate path; here the chat endpoint tells the
// two shapes apart (`input` without `messages`). Such a request is always translated, never
// forwarded as sent: no upstream speaks this mix.
import type { InboundCodec, InboundRead, ToolNamesBack, Translated } from '../canonical';
import { openaiInbound } from './openai';
import { readResponsesRequest, responsesToCanonical } from './responses';
import { ToolNames } from './responses/tool-names';

/** The chat endpoint's body is the Responses API's: `input`, and no `messages`. */
export function isResponsesShapedChatBody(body: Record<string, unknown>): boolean {
  return body.messages === undefined && body.input !== undefined;
}

function toCanonical(body: Record<string, unknown>): Translated {
  // a custom tool's call has no place in a chat answer the client reads: such tools are not offered
  const t = { ...responsesToCanonical(body, { freeformTools: false }), toolNames: chatToolNames(ToolNames.of(body)) };
  // nothing is kept for an answer in chat's shape: there is no response here to continue
  return body.previous_response_id === undefined || body.previous_response_id === null ? t : { ...t, dropped: [...t.dropped, 'previous_response_id'] };
}

/**
 * A call in chat's shape goes back under the name the client declared (the model was offered a safe,
 * flattened one); chat has no namespaces, so a namespaced function's is `<namespace>__<name>`, unshortened.
 */
function chatToolNames(names: ToolNames): ToolNamesBack {
  return {
    toClient(name) {
      const client = names.toClient(name);
      return client.namespace === undefined ? client.name : `${client.namespace}__${client.name}`;
    },
  };
}

/**
 * Read as the Responses API, but what only a Responses upstream could carry (encrypted reasoning,
 * hosted tools, stored items) narrows nothing: the request is translated for every upstream, which
 * drops those parts and names them.
 */
function read(body: Record<string, unknown>): InboundRead {
  const { servableBy: _servableBy, ...rest } = readResponsesRequest(body);
  return { ...rest, nativeFeatures: [] };
}

export const responsesBodyChatAnswer: InboundCodec = {
  ...openaiInbound,
  api: 'responses',
  forwards: false,
  read,
  toCanonical,
};
