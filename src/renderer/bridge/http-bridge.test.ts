import { describe, expect, it } from 'vitest';
import { ADMIN_METHOD_NAMES, ADMIN_ROUTES, AdminError } from '../../shared/contract';
import { createHttpBridge, planRequest } from './http-bridge';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fetch that records what it was asked and answers with the given response. */
function recordingFetch(respond: (seen: Seen) => Response) {
  const calls: Seen[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    const seen = { url, method: String(init.method), headers: init.headers as Record<string, string>, body: init.body as string | undefined };
    calls.push(seen);
    return respond(seen);
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

describe('planRequest', () => {
  it('percent-encodes a model id into one path segment', () => {
    const plan = planRequest('http://h:1/', ADMIN_ROUTES.updateModel, { id: 'fo/echo', patch: { quality: 5 } });
    expect(plan).toEqual({ method: 'PUT', url: 'http://h:1/api/v1/llm/models/fo%2Fecho', body: '{"quality":5}' });
  });

  it('fills several path params and sends no body for DELETE', () => {
    const plan = planRequest('http://h:1', ADMIN_ROUTES.revokeToken, { id: 'a b', token_id: 't/1' });
    expect(plan.url).toBe('http://h:1/api/v1/llm/users/a%20b/tokens/t%2F1');
    expect(plan.body).toBeUndefined();
  });

  it("puts query fields in the query string and skips the empty ones", () => {
    expect(planRequest('', ADMIN_ROUTES.listModels, { provider_id: 'x y', enabled: true }).url).toBe('/api/v1/llm/models?provider_id=x+y&enabled=true');
    expect(planRequest('', ADMIN_ROUTES.listModels, {}).url).toBe('/api/v1/llm/models');
    expect(planRequest('', ADMIN_ROUTES.getUsage, { days: 30 }).url).toBe('/api/v1/llm/usage?days=30');
  });

  it("sends the input minus path params for body 'all'", () => {
    const plan = planRequest('', ADMIN_ROUTES.setByok, { id: 'u1', provider_id: 'openai', api_key: 'sk-1' });
    expect(plan.url).toBe('/api/v1/llm/users/u1/byok');
    expect(JSON.parse(plan.body ?? '')).toEqual({ provider_id: 'openai', api_key: 'sk-1' });
  });

  it('sends an empty JSON object for a POST without input', () => {
    expect(planRequest('', ADMIN_ROUTES.discoverModels, { id: 'p' })).toEqual({ method: 'POST', url: '/api/v1/llm/providers/p/discover', body: '{}' });
  });

  it('refuses a missing path parameter instead of calling a wrong URL', () => {
    expect(() => planRequest('', ADMIN_ROUTES.deleteProvider, {})).toThrow(AdminError);
  });
});

describe('createHttpBridge', () => {
  it('has a function for every method of the contract', () => {
    const bridge = createHttpBridge('', () => null);
    for (const m of ADMIN_METHOD_NAMES) expect(typeof bridge[m]).toBe('function');
  });

  it('sends the admin token and JSON, and returns the parsed answer', async () => {
    const { calls, fetchImpl } = recordingFetch(() => json({ id: 'p1', name: 'P' }));
    const bridge = createHttpBridge('http://127.0.0.1:9', () => 'adm-123', { fetch: fetchImpl });
    const out = await bridge.createProvider({ name: 'P', type: 'openai' });
    expect(out).toEqual({ id: 'p1', name: 'P' });
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:9/api/v1/llm/providers', body: '{"name":"P","type":"openai"}' });
    expect(calls[0]?.headers.authorization).toBe('Bearer adm-123');
    expect(calls[0]?.headers['content-type']).toBe('application/json');
  });

  it('returns CSV as text', async () => {
    const { calls, fetchImpl } = recordingFetch(() => new Response('a,b\n1,2\n', { headers: { 'content-type': 'text/csv' } }));
    const bridge = createHttpBridge('', () => 't', { fetch: fetchImpl });
    expect(await bridge.exportUsageCsv({ days: 30 })).toBe('a,b\n1,2\n');
    expect(calls[0]?.url).toBe('/api/v1/llm/usage/export?days=30');
    expect(calls[0]?.headers.accept).toBe('text/csv');
  });

  it('turns an error body into an AdminError with status and field', async () => {
    const { fetchImpl } = recordingFetch(() => json({ error: { message: 'bad url', field: 'base_url' } }, 400));
    const bridge = createHttpBridge('', () => 't', { fetch: fetchImpl });
    const err = await bridge.createProvider({ name: 'x', type: 'openai', base_url: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdminError);
    expect(err).toMatchObject({ status: 400, message: 'bad url', field: 'base_url' });
  });

  it('reports a 401 so the UI can ask for the token', async () => {
    let unauthorized = 0;
    const { fetchImpl } = recordingFetch(() => new Response('nope', { status: 401 }));
    const bridge = createHttpBridge('', () => 'wrong', { fetch: fetchImpl, onUnauthorized: () => unauthorized++ });
    await expect(bridge.getStatus(undefined)).rejects.toMatchObject({ status: 401 });
    expect(unauthorized).toBe(1);
  });

  it('reports a network failure as status 0', async () => {
    const fetchImpl = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    const bridge = createHttpBridge('', () => 't', { fetch: fetchImpl });
    await expect(bridge.listProviders(undefined)).rejects.toMatchObject({ status: 0 });
  });
});
