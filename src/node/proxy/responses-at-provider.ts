// A stored response that lives at the provider too (served by a Responses upstream): what the
// provider now says about it. There it belongs to the account of the key that made it, so it is asked
// with that kind of key: the profile's own (BYOK) key for that provider, or the provider's shared one,
// never the other (it would reach another account, which does not know it or must not learn its id).
import { openaiHeaders } from '../../core/providers/openai/build-request';
import { joinUrl } from '../../core/providers/openai/wire-types';
import { redactSecrets } from '../../core/redact';
import type { StoredResponse } from '../responses/response-store';
import { refuseKeyEcho } from '../http/key-echo';
import type { ProxyCall } from './proxy-call';
import { ProxyError } from './respond';
import { readBodyText } from './upstream-call';
import type { UpstreamResponse } from '../http/upstream-client';
import { isJsonObject } from '../../core/json-object';

/** The provider of the model a response was stored under: its model id is `provider_id/model_name`. */
export function providerIdOf(modelId: string): string {
  const slash = modelId.indexOf('/');
  return slash < 0 ? modelId : modelId.slice(0, slash);
}

/** What the provider holding a response can be asked: read it, cancel it (background), delete it. */
export type AtProviderAsk = 'GET' | 'cancel' | 'DELETE';

/** The provider's answer: its status, its JSON body (if any) and its headers (retry-after). */
export interface AtProviderAnswer {
  status: number;
  json: Record<string, unknown> | undefined;
  headers: UpstreamResponse['headers'];
}

/** Who asks: a client's request, or Switchboard itself settling a background response (responses-settler.ts). */
export type AtProviderCall = Pick<ProxyCall, 'deps' | 'userId' | 'signal'>;

/** A provider holding responses, and the key a request of a profile's there carries. */
export interface Holder {
  providerId: string;
  baseUrl: string;
  key: string | undefined;
  budgetMs: number;
}

/** Whether the provider that served a model can still be asked about its responses: in the catalog, on OpenAI's format. */
export function canBeAsked(call: AtProviderCall, modelId: string): boolean {
  return call.deps.catalog.snapshot().providers.get(providerIdOf(modelId))?.format === 'openai';
}

/** The provider holding a response and the key that made it; undefined when it cannot be asked. */
export async function holderOf(call: AtProviderCall, stored: Pick<StoredResponse, 'id' | 'modelId' | 'ownKey'>): Promise<Holder | undefined> {
  return holderAt(call, providerIdOf(stored.modelId), stored.ownKey, stored.id);
}

/**
 * holderOf for a provider, with the profile's own key there (`ownKey` true) or the shared one (false);
 * undefined: the key the profile would send now (a response kept before the kind was recorded). Undefined
 * when the provider is gone from the catalog or not on OpenAI's format; a 502 `key_unavailable` when that
 * key is gone or cannot be read, nothing sent.
 */
export async function holderAt(call: AtProviderCall, providerId: string, ownKey?: boolean, responseId?: string): Promise<Holder | undefined> {
  const snapshot = call.deps.catalog.snapshot();
  const provider = snapshot.providers.get(providerId);
  if (!provider || provider.format !== 'openai') return undefined;
  const budgetMs = snapshot.rules.timeout_ms;
  const hasOwn = call.deps.catalog.profile(call.userId)?.byokProviders.has(provider.id) ?? false;
  if (ownKey === true && !hasOwn) {
    const what = responseId === undefined ? 'responses made' : `${responseId} was made`;
    throw new ProxyError(502, 'api_error', `${what} with this profile's own key for ${provider.id}, which is no longer set: ` +
      `the provider keeps them in that key's account and is not asked with another key (set that key again in the BYOK tab to reach them)`, {}, 'key_unavailable', 'key_unavailable');
  }
  try {
    // the shared key: read as for a profile without its own (the stored key, else the environment's)
    const key = await call.deps.catalog.providerKey(provider.id, ownKey === false ? undefined : call.userId, budgetMs, ownKey === true);
    if (key === undefined && ownKey === false && !provider.keyless) throw new Error('it has no key now (the one the response was made with was removed)');
    return { providerId: provider.id, baseUrl: provider.baseUrl, key, budgetMs };
  } catch (err) {
    // a 502 with the cause, as the proxy's other paths: waiting does not unlock a keychain or bring a key
    // back (the user must), so no retry-after for clients to retry on in vain
    const why = redactSecrets(String((err as Error)?.message ?? err));
    throw new ProxyError(502, 'api_error', `the key for ${provider.id} could not be read: ${why}`, {}, 'key_unavailable', 'key_unavailable');
  }
}

/**
 * GET /responses/{id} (POST .../cancel, DELETE) at the provider that served it. Undefined when that
 * provider is gone from the catalog or no longer speaks OpenAI's format; the provider's answer otherwise.
 */
export async function askProvider(
  call: AtProviderCall, stored: Pick<StoredResponse, 'id' | 'modelId' | 'ownKey'>, ask: AtProviderAsk,
): Promise<AtProviderAnswer | undefined> {
  const holder = await holderOf(call, stored);
  return holder ? askHolder(call, holder, stored.id, ask) : undefined;
}

/** askProvider with the holder (and key) found already: a deleted profile's, whose own keys are gone by now. */
export async function askHolder(call: Pick<AtProviderCall, 'deps' | 'signal'>, holder: Holder, id: string, ask: AtProviderAsk): Promise<AtProviderAnswer> {
  const { key } = holder;
  try {
    // none of these has a body
    const { 'content-type': _, ...headers } = openaiHeaders(key);
    const path = `/responses/${encodeURIComponent(id)}${ask === 'cancel' ? '/cancel' : ''}`;
    const res = await call.deps.upstream.send(
      { url: joinUrl(holder.baseUrl, path), method: ask === 'cancel' ? 'POST' : ask, headers },
      { signal: call.signal, headersTimeoutMs: holder.budgetMs, bodyTimeoutMs: call.deps.idleTimeoutMs },
    );
    const text = await readBodyText(res.body, call.deps.maxUpstreamBodyBytes);
    refuseKeyEcho(text, [key]);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, json: isJsonObject(json) ? json : undefined, headers: res.headers };
  } catch (err) {
    if (err instanceof ProxyError) throw err;
    throw new ProxyError(502, 'api_error', `${holder.providerId} could not be asked about ${id}`, {}, 'upstream');
  }
}

/**
 * GET /responses/{id}?stream=true (and `starting_after`) at the provider that served it: its events, as
 * numbered there, for the caller to relay. Undefined when that provider cannot be asked.
 */
export async function streamFromProvider(
  call: AtProviderCall, stored: Pick<StoredResponse, 'id' | 'modelId' | 'ownKey'>, startingAfter: number | undefined,
): Promise<{ res: UpstreamResponse; key: string | undefined } | undefined> {
  const holder = await holderOf(call, stored);
  if (!holder) return undefined;
  const { 'content-type': _, ...headers } = openaiHeaders(holder.key);
  const query = `stream=true${startingAfter === undefined ? '' : `&starting_after=${startingAfter}`}`;
  try {
    const res = await call.deps.upstream.send(
      { url: joinUrl(holder.baseUrl, `/responses/${encodeURIComponent(stored.id)}?${query}`), method: 'GET', headers: { ...headers, accept: 'text/event-stream' } },
      { signal: call.signal, headersTimeoutMs: holder.budgetMs, bodyTimeoutMs: call.deps.idleTimeoutMs },
    );
    return { res, key: holder.key };
  } catch {
    throw new ProxyError(502, 'api_error', `${holder.providerId} could not be asked about ${stored.id}`, {}, 'upstream');
  }
}
