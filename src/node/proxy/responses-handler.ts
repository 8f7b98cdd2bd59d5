// POST /v1/responses and the stored responses (GET / DELETE /v1/responses/{id}, GET .../input_items).
// A request is routed like any other; what the Responses API adds is state: unless `store` is false
// the answer is kept (the profile's own, 30 days), and a `previous_response_id` kept here continues
// the conversation on whichever provider answers next. One not kept here can only mean a response stored at OpenAI:
// only a Responses upstream may serve it, and it receives the id as sent (and so does the next turn's,
// whose row is kept `atProvider`). So is one whose request named state OpenAI keeps (a `conversation`, a stored
// `prompt`): its conversation is more than Switchboard saw. A deleted one leaves a tombstone: nobody continues it any more.
import { RequestValidationError, type InboundRead, type UpstreamApi } from '../../core/canonical';
import { continueElsewhere, continueFrom, inputItemsOf, listInputItems, namesOpenAIState, responseIdFrom, responsesCodecFor, responsesInbound } from '../../core/inbound/responses';
import { logSafe } from '../../core/log-safe';
import { handleGenerate } from './generate';
import { thinkingSealOf } from './thinking-seal';
import type { ProxyCall } from './proxy-call';
import { ProxyError, idHeaders, sendJson } from './respond';
import { isPending, latestAtProvider, notFound } from './responses-background';
import { askProvider, canBeAsked, providerIdOf, type AtProviderCall } from './responses-at-provider';
import { resumeStream } from './responses-stream-resume';
import { itemNotFound, referencesRuledOut, resolveItemReferences } from './responses-item-refs';
import { routeErrorBehind } from './plan';
import type { StoredResponse } from '../responses/response-store';
import type { ProxyDeps } from './deps';
import { webSearchesAllowed } from '../../core/web-search-allowance';
import { TRUNCATED_HEADER, fitByTruncation } from './responses-truncation';

export async function handleResponsesCreate(call: ProxyCall, body: Record<string, unknown>): Promise<void> {
  let read = responsesInbound.read(body);
  // items named by id that are kept here go in their place (the client's body stays the request answered)
  const refs = resolveItemReferences(call, body);
  if (refs.body !== body) read = responsesInbound.read(refs.body);
  let sent = refs.body;
  const previousId = previousResponseId(body);
  // the conversation before this turn lives at the provider: the id goes there as sent
  let atProvider = false;
  // ...and kept here as such: only the provider that made it (under the kind of key that made it) can continue it,
  // on its Responses API; any other model is refused for it (400, not 404, nor the other provider's 404 as a 502)
  let heldThere: Pick<StoredResponse, 'modelId' | 'ownKey'> | undefined;
  let elsewhere: { providerId: string; body: Record<string, unknown>; dropped: string[] } | undefined;
  let continued: unknown[] | undefined;
  // the conversation as kept, for the store, when truncation left turns of it out of what was sent
  let whole: { sent: Record<string, unknown>; elsewhere: Record<string, unknown> } | undefined;
  if (previousId !== undefined) {
    assertConversationFits(call, previousId, body);
    const prior = call.deps.responses.get(previousId, call.userId);
    // another profile's conversation is not this one's to continue, here or at the provider (which
    // would accept its id under the same key); nor is a deleted one, its owner's included
    if (!prior && call.deps.responses.isAnothers(previousId, call.userId)) throw previousNotFound(previousId);
    if (prior && !prior.atProvider) {
      continued = prior.inputItems;
      const kept = { inputItems: prior.inputItems, output: (await endedPrior(call, prior, previousId)).output, native: prior.native };
      // truncation 'auto': what no model could take whole goes without its oldest turns (kept whole all the same)
      const fitted = body.truncation === 'auto' ? fitByTruncation(call, kept, refs.body) : undefined;
      if (fitted) {
        whole = { sent: continueFrom(kept, refs.body), elsewhere: continueElsewhere(kept, refs.body).body };
        call.res.setHeader(TRUNCATED_HEADER, String(fitted.leftOut));
      }
      const used = fitted?.prior ?? kept;
      sent = continueFrom(used, refs.body);
      read = responsesInbound.read(sent);
      // reasoning held by id only resolves at the provider that made it: another Responses provider
      // gets the conversation as if another format had answered it
      const other = continueElsewhere(used, refs.body);
      elsewhere = { providerId: providerIdOf(prior.modelId), body: other.body, dropped: other.droppedReasoning ? ['input[type=reasoning]'] : [] };
    } else {
      atProvider = true;
      heldThere = prior;
    }
  }
  // answered later (background): only a Responses upstream keeps working on it, and is asked for it
  const background = body.background === true;
  if (atProvider || background) read = { ...read, ...onlyResponses(read, heldThere ? heldAtProvider(providerIdOf(heldThere.modelId)) : undefined) };
  if (heldThere) read = { ...read, heldBy: { providerId: providerIdOf(heldThere.modelId), ...(heldThere.ownKey === undefined ? {} : { ownKey: heldThere.ownKey }) } };
  const seal = thinkingSealOf(call.deps, call.profile.id);
  const codec = responsesCodecFor({
    id: responseIdFrom(call.requestId),
    ...(seal ? { seal } : {}),
    request: body,
    // continued here: the provider was sent the conversation, not the id
    ...(sent !== body ? { sent, ...(previousId !== undefined ? { previousResponseId: previousId } : {}) } : {}),
    ...(elsewhere ? { elsewhere } : {}),
    ...(body.store !== false ? { onResponse: storeAnswer(call, inputsSent(whole?.sent ?? sent, elsewhere && whole ? { ...elsewhere, body: whole.elsewhere } : elsewhere, continued), atProvider || namesOpenAIState(body), previousId, webSearchesAllowed('responses', 'responses', true, sent)) } : {}),
    ...(call.rawBody?.parsed === body ? { raw: call.rawBody } : {}),
  });
  try {
    await handleGenerate(call, codec, sent, read);
  } catch (err) {
    // the turns left out are said on an answer only
    if (!call.res.headersSent) call.res.removeHeader(TRUNCATED_HEADER);
    if (err instanceof ProxyError && err.kind === 'no_candidate') {
      // no Responses upstream could take a response id it alone may know
      if (atProvider && !heldThere) throw previousNotFound(previousId!);
      // nor an item id, when that is what left no model: known to no provider that could be asked (a held
      // conversation's provider may know it: what left no model then is the conversation, which the refusal says)
      if (!heldThere && refs.unresolved.length > 0 && referencesRuledOut(routeErrorBehind(err), read)) throw itemNotFound(refs.unresolved[0]!);
      if (background) throw backgroundRefused();
    }
    throw err;
  }
}

const MIB = 1024 * 1024;

/**
 * Each turn continued here replays the whole conversation so far, so a chain of requests, each under the
 * body limit, grew without bound: every turn read, rebuilt and sent it all again (seconds of a blocked
 * event loop). A continuation is refused once the conversation it would replay is more than one request
 * could carry, measured without reading the stored row.
 */
function assertConversationFits(call: ProxyCall, previousId: string, body: Record<string, unknown>): void {
  const stored = call.deps.responses.conversationBytes(previousId, call.userId);
  if (stored === undefined) return;
  const incoming = call.rawBody?.parsed === body ? call.rawBody.bytes.length : Buffer.byteLength(JSON.stringify(body));
  const limit = call.deps.maxConversationBytes;
  if (stored + incoming <= limit) return;
  const mib = (n: number) => `${(n / MIB).toFixed(1)} MiB`;
  throw new ProxyError(
    400, 'invalid_request_error',
    `The conversation continued from previous_response_id '${previousId}' would be ${mib(stored + incoming)} with this request, over Switchboard's limit of ${mib(limit)} `
      + '(the most one request may carry). Start a new conversation, or send the input whole (trimmed to fit) without previous_response_id.',
    { 'x-should-retry': 'false' }, 'bad_request', 'conversation_too_large',
  );
}

/**
 * The response a turn continues, as it ended: one its provider was still working on when last asked
 * (background) is asked again. Until it has ended it has no answer to carry, so a continuation is
 * refused, as OpenAI refuses one, rather than sent without the answer it continues.
 */
async function endedPrior(call: ProxyCall, prior: StoredResponse, previousId: string): Promise<Record<string, unknown>> {
  if (!isPending(prior.response)) return prior.response;
  let latest: Record<string, unknown>;
  try {
    latest = prior.native ? await latestAtProvider(call, prior, 'GET') : prior.response;
  } catch (err) {
    if (err instanceof ProxyError && err.status === 404) throw previousNotFound(previousId);
    throw err;
  }
  if (!isPending(latest)) return latest;
  // its provider gone from the catalog (or off OpenAI's format): how it ended can never be learnt
  if (!prior.native || !canBeAsked(call, prior.modelId)) {
    throw new ProxyError(
      400, 'invalid_request_error',
      `Cannot continue from response '${previousId}': it was last seen ${String(latest.status)} (background) and its provider ${providerIdOf(prior.modelId)} is no longer available to say how it ended, so it cannot be continued. Start a new conversation, or send the input whole without previous_response_id.`,
      { 'x-should-retry': 'false' }, 'bad_request', 'previous_response_unavailable', undefined, 'previous_response_id',
    );
  }
  throw new ProxyError(
    400, 'invalid_request_error',
    `Cannot continue from response '${previousId}': it is still ${String(latest.status)} (background). Wait until it has completed (GET /v1/responses/${previousId}), then continue from it.`,
    { 'x-should-retry': 'false' }, 'bad_request', 'response_not_completed', undefined, 'previous_response_id',
  );
}

function backgroundRefused(): ProxyError {
  return new ProxyError(
    400, 'invalid_request_error', 'background: true needs a model served on the Responses API (api "responses"); no such model can serve this request.',
    { 'x-should-retry': 'false' }, 'bad_request', 'model_not_supported',
  );
}

export function previousNotFound(id: string): ProxyError {
  return new ProxyError(404, 'invalid_request_error', `Previous response with id '${id}' not found.`, { 'x-should-retry': 'false' }, 'not_found', 'previous_response_not_found');
}

export function previousResponseId(body: Record<string, unknown>): string | undefined {
  const id = body.previous_response_id;
  if (id === undefined || id === null) return undefined;
  if (typeof id !== 'string' || id === '') throw new RequestValidationError('previous_response_id: must be a non-empty string', 'previous_response_id');
  return id;
}

/** What holds a continuation of a response kept here `atProvider` to its provider's Responses API, for the refusal elsewhere. */
function heldAtProvider(providerId: string): string {
  return `previous_response_id (a conversation held by ${providerId})`;
}

/** The request held to the Responses API; `why`: what holds it, said beside what else in it already did. */
function onlyResponses(read: InboundRead, why?: string): Pick<InboundRead, 'servableBy' | 'servableWhy'> {
  const servableBy: UpstreamApi[] = read.servableBy ? read.servableBy.filter((api) => api === 'responses') : ['responses'];
  // a request already held for something unnamed stays unnamed: naming only this would misstate it
  const servableWhy = why === undefined ? read.servableWhy : read.servableBy === undefined ? why : read.servableWhy === undefined ? undefined : `${read.servableWhy}, ${why}`;
  return { servableBy, ...(servableWhy === undefined ? {} : { servableWhy }) };
}

/**
 * The input items the provider that served a model got (a continuation differs by provider), and the stored
 * conversation they continue (`continued`, which the store checks they begin with).
 */
function inputsSent(sent: Record<string, unknown>, elsewhere: { providerId: string; body: Record<string, unknown> } | undefined, continued: unknown[] | undefined) {
  return (modelId: string, forwarded: boolean): Pick<StoredResponse, 'inputItems' | 'continues'> => ({
    inputItems: inputItemsOf(forwarded && elsewhere && providerIdOf(modelId) !== elsewhere.providerId ? elsewhere.body : sent),
    ...(continued === undefined ? {} : { continues: continued }),
  });
}

/**
 * Keeps a finished answer, written before the client sees its end (a next turn may follow at once). One answered
 * later (background, forwarded) keeps the web searches its request allowed (`searchesAllowed`), its bill's bound.
 */
function storeAnswer(
  call: ProxyCall, inputsOf: ReturnType<typeof inputsSent>, atProvider: boolean, previousId: string | undefined, searchesAllowed: number,
) {
  return (response: Record<string, unknown>, forwarded: boolean): void => {
    if (typeof response.id !== 'string' || response.id === '' || call.usage.modelId === null) return;
    const inputs = inputsOf(call.usage.modelId, forwarded);
    // a turn continued here reached the provider without the id (it never saw it): kept with it
    const kept = previousId !== undefined && response.previous_response_id !== previousId ? { ...response, previous_response_id: previousId } : response;
    // answered later: the usage row this request leaves is an estimate, amended once the response ends
    const later = forwarded && isPending(response);
    try {
      const stored: StoredResponse = {
        id: response.id, userId: call.userId, createdAt: Date.now(), modelId: call.usage.modelId, native: forwarded,
        // the key it was made with, as the request sent it (provider-key.ts): the one it is asked about with
        ownKey: call.profile.byokProviders.has(providerIdOf(call.usage.modelId)),
        atProvider: forwarded && atProvider, ...inputs, response: kept, ...(later ? { usageRow: { requestId: call.requestId, startedAt: call.startedAt, webSearchesAllowed: searchesAllowed } } : {}),
      };
      if (call.deps.responses.put(stored, call.profile.createdAt) === 'profile_gone') return void forgetAnswerOfGoneProfile(call.deps, stored);
      // settled by Switchboard itself, whether or not the client asks for it
      if (later) call.deps.settler.track(response.id, call.userId);
    } catch (err) {
      // the answer still goes out; only its continuation by id is lost
      call.deps.log(`responses: could not store ${logSafe(response.id)}: ${String((err as Error)?.message ?? err)}`);
    }
  };
}

/**
 * The profile was deleted while its request ran: the answer still goes out, but nothing is kept and its
 * id is claimed (ResponseStore.put). The profile's other responses were deleted at their providers as it
 * went (responses-forget.ts, listed before this one existed), so one a Responses provider holds is deleted
 * there now, as they were. Only with the provider's shared key: a profile's own key went with it. So is one that waited
 * for another program's lock on the database and found its profile gone when it was written (waiting-responses.ts).
 */
export function forgetAnswerOfGoneProfile(deps: ProxyDeps, stored: StoredResponse): void {
  const providerId = providerIdOf(stored.modelId);
  if (!stored.native) return void deps.log(`responses: ${logSafe(stored.id)} not stored: its profile was deleted while it ran`);
  // the key it was made with (storeAnswer: the profile's own for that provider or not)
  if (stored.ownKey === true) {
    return void deps.log(`responses: ${logSafe(stored.id)} not stored: its profile was deleted while it ran; ${providerId} keeps it (the profile's own key, gone with it, is the one that can delete it)`);
  }
  deps.log(`responses: ${logSafe(stored.id)} not stored: its profile was deleted while it ran; deleting it at ${providerId}`);
  // in the background, not on the request's signal: the client may leave once it has its answer
  void deleteAtProvider({ deps, userId: stored.userId, signal: new AbortController().signal }, stored);
}

/**
 * GET returns the stored response object (`stream=true`: its events, responses-stream-resume.ts);
 * DELETE removes it (a tombstone stays). Another profile's responses do not exist here. One the
 * provider is still working on is asked of that provider, and kept as it ends.
 */
export async function handleStoredResponse(call: ProxyCall, id: string): Promise<void> {
  const { deps, userId, requestId } = call;
  if (call.req.method === 'DELETE') {
    const held = deps.responses.get(id, userId);
    if (!deps.responses.delete(id, userId)) throw notFound(id);
    // the provider that served it keeps it too (under a key this profile shares): deleted there as well
    if (held?.native) await deleteAtProvider(call, held);
    return sendJson(call.res, 200, { id, object: 'response', deleted: true }, idHeaders(requestId));
  }
  const stored = deps.responses.get(id, userId);
  if (!stored) throw notFound(id);
  const query = new URL(call.req.url ?? '/', 'http://localhost').searchParams;
  if (query.get('stream') === 'true') return resumeStream(call, stored, query);
  const response = stored.native && isPending(stored.response) ? await latestAtProvider(call, stored, 'GET') : stored.response;
  sendJson(call.res, 200, response, idHeaders(requestId, stored.modelId));
}

/**
 * POST /v1/responses/{id}/cancel (OpenAI's, for background responses): a response of this profile's
 * that its Responses provider is still working on is cancelled there, kept as it ended, and its usage
 * row amended to what the provider says it used. As OpenAI answers: a background response that has
 * ended is returned as it is (cancelling is idempotent); one not made in the background is refused
 * with 400 ("Only responses created with the background parameter set to true can be cancelled");
 * an id this profile has no response of is 404.
 */
export async function handleCancel(call: ProxyCall, id: string): Promise<void> {
  const stored = call.deps.responses.get(id, call.userId);
  if (!stored) throw notFound(id);
  if (stored.native && isPending(stored.response)) {
    const response = await latestAtProvider(call, stored, 'cancel');
    return sendJson(call.res, 200, response, idHeaders(call.requestId, stored.modelId));
  }
  if (stored.response.background !== true) throw notCancellable();
  sendJson(call.res, 200, stored.response, idHeaders(call.requestId, stored.modelId));
}

function notCancellable(): ProxyError {
  return new ProxyError(400, 'invalid_request_error', 'Only responses created with background=true can be cancelled.', { 'x-should-retry': 'false' }, 'bad_request');
}

/**
 * Deleted here already (nobody continues it through Switchboard); the provider failing to delete
 * its copy is logged and does not undo that.
 */
async function deleteAtProvider(call: AtProviderCall, stored: StoredResponse): Promise<void> {
  try {
    const answer = await askProvider(call, stored, 'DELETE');
    if (answer && answer.status !== 200 && answer.status !== 404) {
      call.deps.log(`responses: ${providerIdOf(stored.modelId)} answered HTTP ${answer.status} to deleting ${logSafe(stored.id)}; deleted here only`);
    }
  } catch (err) {
    call.deps.log(`responses: ${logSafe(stored.id)} could not be deleted at ${providerIdOf(stored.modelId)}: ${logSafe((err as Error)?.message ?? err)}; deleted here only`);
  }
}

/** The items a kept response was generated from, a page at a time (`after`, `limit`, `order` as OpenAI takes them). */
export async function handleInputItems(call: ProxyCall, id: string, query: URLSearchParams): Promise<void> {
  const stored = call.deps.responses.get(id, call.userId);
  if (!stored) throw notFound(id);
  const page = listInputItems(stored.inputItems, id, { after: query.get('after'), limit: query.get('limit'), order: query.get('order') });
  sendJson(call.res, 200, page, idHeaders(call.requestId, stored.modelId));
}
