// POST /v1/responses and the stored responses (GET / DELETE /v1/responses/{id}, GET .../input_items).
// A request is routed like any other; what the Responses API adds is state: unless `store` is false
// the answer is kept (the profile's own, 30 days), and a `previous_response_id` kept here continues
// the conversation on whichever provider answers next. One not kept here can only mean a response stored at OpenAI:
// only a Responses upstream may serve it, and it receives the id as sent.
import { RequestValidationError, type InboundRead, type UpstreamApi } from '../../core/canonical';
import { continueFrom, inputItemsOf, listInputItems, responseIdFrom, responsesCodecFor, responsesInbound } from '../../core/inbound/responses';
import { handleGenerate } from './generate';
import type { ProxyCall } from './proxy-call';
import { ProxyError, idHeaders, sendJson } from './respond';

export async function handleResponsesCreate(call: ProxyCall, body: Record<string, unknown>): Promise<void> {
  let read = responsesInbound.read(body);
  let sent = body;
  const previousId = previousResponseId(body);
  let previousElsewhere = false;
  if (previousId !== undefined) {
    const prior = call.deps.responses.get(previousId, call.userId);
    // another profile's conversation is not this one's to continue, here or at the provider (which
    // would accept its id under the same key)
    if (!prior && call.deps.responses.isAnothers(previousId, call.userId)) throw previousNotFound(previousId);
    if (prior) {
      sent = continueFrom({ inputItems: prior.inputItems, output: prior.response.output, native: prior.native }, body);
      read = responsesInbound.read(sent);
    } else {
      previousElsewhere = true;
      read = { ...read, servableBy: onlyResponses(read) };
    }
  }
  // a conversation that began at OpenAI stays there: kept here, its turns would lack the start
  const keep = body.store !== false && !previousElsewhere;
  const codec = responsesCodecFor({
    id: responseIdFrom(call.requestId),
    request: body,
    ...(sent !== body ? { sent } : {}),
    ...(keep ? { onResponse: storeAnswer(call, inputItemsOf(sent)) } : {}),
    ...(call.rawBody?.parsed === body ? { raw: call.rawBody } : {}),
  });
  try {
    await handleGenerate(call, codec, sent, read);
  } catch (err) {
    // no Responses upstream could take a response id it alone may know
    if (previousElsewhere && err instanceof ProxyError && err.kind === 'no_candidate') throw previousNotFound(previousId!);
    throw err;
  }
}

function previousNotFound(id: string): ProxyError {
  return new ProxyError(404, 'invalid_request_error', `Previous response with id '${id}' not found.`, { 'x-should-retry': 'false' }, 'not_found', 'previous_response_not_found');
}

function previousResponseId(body: Record<string, unknown>): string | undefined {
  const id = body.previous_response_id;
  if (id === undefined || id === null) return undefined;
  if (typeof id !== 'string' || id === '') throw new RequestValidationError('previous_response_id: must be a non-empty string', 'previous_response_id');
  return id;
}

function onlyResponses(read: InboundRead): UpstreamApi[] {
  return read.servableBy ? read.servableBy.filter((api) => api === 'responses') : ['responses'];
}

/** Keeps a finished answer, written before the client sees its end (a next turn may follow at once). */
function storeAnswer(call: ProxyCall, inputItems: unknown[]) {
  return (response: Record<string, unknown>, forwarded: boolean): void => {
    if (typeof response.id !== 'string' || response.id === '' || call.usage.modelId === null) return;
    try {
      call.deps.responses.put({
        id: response.id, userId: call.userId, createdAt: Date.now(), modelId: call.usage.modelId, native: forwarded, inputItems, response,
      });
    } catch (err) {
      // the answer still goes out; only its continuation by id is lost
      call.deps.log(`responses: could not store ${response.id}: ${String((err as Error)?.message ?? err)}`);
    }
  };
}

function notFound(id: string): ProxyError {
  return new ProxyError(404, 'invalid_request_error', `Response with id '${id}' not found.`, {}, 'not_found', 'not_found');
}

/** GET returns the stored response object; DELETE removes it. Another profile's responses do not exist here. */
export async function handleStoredResponse(call: ProxyCall, id: string): Promise<void> {
  const { deps, userId, requestId } = call;
  if (call.req.method === 'DELETE') {
    if (!deps.responses.delete(id, userId)) throw notFound(id);
    return sendJson(call.res, 200, { id, object: 'response', deleted: true }, idHeaders(requestId));
  }
  const stored = deps.responses.get(id, userId);
  if (!stored) throw notFound(id);
  sendJson(call.res, 200, stored.response, idHeaders(requestId, stored.modelId));
}

/** The items a kept response was generated from, a page at a time (`after`, `limit`, `order` as OpenAI takes them). */
export async function handleInputItems(call: ProxyCall, id: string, query: URLSearchParams): Promise<void> {
  const stored = call.deps.responses.get(id, call.userId);
  if (!stored) throw notFound(id);
  const page = listInputItems(stored.inputItems, id, { after: query.get('after'), limit: query.get('limit'), order: query.get('order') });
  sendJson(call.res, 200, page, idHeaders(call.requestId, stored.modelId));
}
