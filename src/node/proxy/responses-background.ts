// Stored responses a Responses provider is still working on (background: true): GET asks that
// provider until the response has ended, POST .../cancel asks it to stop, and once it has ended
// (completed, incomplete, failed, cancelled) it is kept as it ended and the usage row its POST left
// (an estimate: what an answer is expected to cost) is amended to what the provider says it used, and
// to how it ended (one that failed counts as an error, one cancelled as the client's doing).
// Switchboard asks the same way when no client does (responses-settler.ts).
import type { Usage } from '../../core/canonical';
import { priceUsage, rowTokens } from '../../core/pricing';
import { responsesUsageOf } from '../../core/providers/openai-responses/parse-response';
import { boundWebSearches, checkReportedUsage, MAX_WEB_SEARCHES_PER_ANSWER } from '../../core/usage-sanity';
import { logSafe } from '../../core/log-safe';
import type { StoredResponse } from '../responses/response-store';
import type { UsageFigures } from '../usage/usage-row';
import { ProxyError } from './respond';
import { retryAfterHeaders } from './final-error';
import { kindForStatus, parseRetryAfterMs } from '../../core/providers/errors';
import { askProvider, providerIdOf, type AtProviderAnswer, type AtProviderAsk, type AtProviderCall } from './responses-at-provider';

/** A response still being worked on (background): the provider has the news, not the stored row. */
export function isPending(response: Record<string, unknown>): boolean {
  return response.status === 'queued' || response.status === 'in_progress';
}

export function notFound(id: string): ProxyError {
  return new ProxyError(404, 'invalid_request_error', `Response with id '${id}' not found.`, {}, 'not_found', 'not_found');
}

/**
 * What the provider now says of a stored native response (GET), or answers to its cancel; kept, and
 * its usage row amended, once it has ended. Its provider gone from the catalog: what was last known.
 */
export async function latestAtProvider(call: AtProviderCall, stored: StoredResponse, ask: 'GET' | 'cancel'): Promise<Record<string, unknown>> {
  return (await askLatest(call, stored, ask)).response;
}

/** What the provider now says of a stored response, and whether it ended and was kept so. */
export interface Latest {
  response: Record<string, unknown>;
  /**
   * it ended, and was kept as it ended, its usage row amended (or its profile had gone: nothing is left to keep);
   * false while it is pending, or when the database refused (keepEnded logged it: asked again, amended then)
   */
  kept: boolean;
}

/** latestAtProvider, saying whether the response was kept as it ended (the settler asks again when not). */
export async function askLatest(call: AtProviderCall, stored: StoredResponse, ask: 'GET' | 'cancel'): Promise<Latest> {
  const answer = await askProvider(call, stored, ask);
  if (!answer) return { response: stored.response, kept: false };
  if (answer.status === 404) throw notFound(stored.id);
  if (answer.status !== 200 || answer.json?.id !== stored.id) throw providerRefused(stored, ask, answer);
  return keptLatest(call, stored, answer.json);
}

/**
 * The response as its provider now gives it (asked for, or at the end of a stream resumed there), with
 * the id it continued here; kept, and its usage row amended, once it has ended.
 */
export function keepLatest(call: AtProviderCall, stored: StoredResponse, latest: Record<string, unknown>): Record<string, unknown> {
  return keptLatest(call, stored, latest).response;
}

function keptLatest(call: AtProviderCall, stored: StoredResponse, latest: Record<string, unknown>): Latest {
  const prior = stored.response.previous_response_id;
  const response = typeof prior === 'string' && latest.previous_response_id == null ? { ...latest, previous_response_id: prior } : latest;
  return { response, kept: !isPending(response) && keepEnded(call, stored, response) };
}

/**
 * The provider holding a response refused to say what became of it (GET, cancel, a stream resumed). Only
 * a fault of the client's own request (400, 409, 422: a cancel it refuses, a response not made to be
 * streamed) is passed on as the provider worded it; its refusal of Switchboard's key (401, 402, 403) is a
 * 502 naming that key, not the client's token; a rate limit a 429 worth waiting for, as anywhere else.
 */
export function providerRefused(
  stored: Pick<StoredResponse, 'id' | 'modelId'>, ask: AtProviderAsk | 'stream', answer: Pick<AtProviderAnswer, 'status' | 'json' | 'headers'>,
): ProxyError {
  const { id } = stored;
  const { status } = answer;
  const error = answer.json?.error as { message?: unknown; code?: unknown } | undefined;
  const said = typeof error?.message === 'string' ? error.message : undefined;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  if (status === 404) return notFound(id);
  if ((status === 400 || status === 409 || status === 422) && said !== undefined) {
    return new ProxyError(status, 'invalid_request_error', said, { 'x-should-retry': 'false' }, 'bad_request', code);
  }
  const providerId = providerIdOf(stored.modelId);
  if (kindForStatus(status) === 'auth') {
    return new ProxyError(
      502, 'api_error',
      `${providerId} refused Switchboard's key for it (HTTP ${status}${said ? `: ${said}` : ''}) when asked about response '${id}' (${ask}); check ${providerId}'s API key in Switchboard.`,
      { 'x-should-retry': 'false' }, 'auth',
    );
  }
  if (status === 429) {
    return new ProxyError(
      429, 'rate_limit_error', `${providerId} is rate limiting requests about response '${id}' (${ask})${said ? `: ${said}` : ''}`,
      retryAfterHeaders((parseRetryAfterMs(answer.headers) ?? 1000) / 1000), 'rate_limit', code,
    );
  }
  return new ProxyError(502, 'api_error', `The provider holding response '${id}' answered HTTP ${status} to ${ask}.`, {}, 'upstream');
}

/**
 * Amends the usage row first: if SQLite refuses, the row stays pending here and the next GET asks
 * (and amends) again; amending twice with the same figures changes nothing. False when SQLite refused.
 */
function keepEnded(call: AtProviderCall, stored: StoredResponse, response: Record<string, unknown>): boolean {
  try {
    if (stored.usageRow) {
      const figures = usedBy(call, stored.modelId, response, stored.usageRow.webSearchesAllowed ?? MAX_WEB_SEARCHES_PER_ANSWER);
      const amended = figures ? call.deps.usage.amend({ ...stored.usageRow, userId: stored.userId }, figures) : 'queued';
      if (amended === 'missing') call.deps.log(`usage: the row of ${stored.usageRow.requestId} (response ${logSafe(stored.id)}) is gone; its usage was not recorded`);
    }
    // its items are the conversation get read for it: kept from where that one ends, not hashed again
    call.deps.responses.put({ ...stored, response, continues: stored.inputItems });
    return true;
  } catch (err) {
    call.deps.log(`responses: could not keep ${logSafe(stored.id)} as it ended: ${String((err as Error)?.message ?? err)}`);
    return false;
  }
}

/**
 * What an ended response used, priced as any answer is. One that failed or was cancelled saying
 * nothing used nothing; one that completed saying nothing keeps its estimate (undefined).
 */
function usedBy(call: AtProviderCall, modelId: string, response: Record<string, unknown>, searchesAllowed: number): UsageFigures | undefined {
  const reported = responsesUsageOf(response);
  const checked = reported && checkReportedUsage(reported).ok ? reported : undefined;
  if (!checked && response.status !== 'failed' && response.status !== 'cancelled') {
    if (reported) call.deps.log(`usage: ${modelId} reported impossible usage for ${logSafe(response.id)}; its estimate stays`);
    return undefined;
  }
  // its web searches held to what its request allowed, kept with it (none without a search tool; more: the bound, estimated)
  const bounded = boundWebSearches(checked ?? { inputTokens: 0, outputTokens: 0 }, searchesAllowed);
  const usage: Usage = bounded.usage;
  const snapshot = call.deps.catalog.snapshot();
  const model = snapshot.modelsById.get(modelId);
  const cost = model
    ? priceUsage(model, usage, snapshot.providers.get(model.providerId)?.type)
    : { costUsd: null, priceUnknown: true, priceBasis: [], providerCostUsd: null, costDriftUsd: null };
  return {
    ...rowTokens(usage),
    ...cost,
    webSearchCalls: usage.webSearchCalls ?? 0,
    // reported figures; a cost is estimated only when the tier that served it has no known price
    estimated: cost.estimated === true || bounded.over,
    // the POST was answered 200 (queued): how it ended is known only now
    ...(response.status === 'failed' ? { errorKind: failedKind(response) } : response.status === 'cancelled' ? { errorKind: 'client_closed' } : {}),
  };
}

/** A failed background response's error kind: OpenAI's `error.code` says whether a rate limit ended it. */
function failedKind(response: Record<string, unknown>): string {
  const error = response.error as { code?: unknown } | null | undefined;
  return error?.code === 'rate_limit_exceeded' ? 'rate_limit' : 'server';
}
