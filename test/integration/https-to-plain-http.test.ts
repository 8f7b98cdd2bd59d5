// A base URL with https:// for a server that speaks plain HTTP (a local server, mostly) is told in words the user
// can act on, in the connection test and in the error a client gets, never OpenSSL's
// ('error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/...').
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { startHarness, type Harness } from './helpers/app-harness';

const KEY = 'sk-plain-http-CANARY-0123456789abcdef';
let h: Harness;
let plain: FakeProvider;

beforeAll(async () => {
  h = await startHarness();
  plain = await startFakeOpenAI({ apiKey: KEY });
  await h.app.service.updateRoutingRules({ retries_per_model: 0 });
  await h.app.service.createProvider({ id: 'tls', name: 'TLS', type: 'openai-compatible', base_url: `https://127.0.0.1:${plain.port}/v1`, api_key: KEY, enabled: true });
  await h.app.service.createModel({ provider_id: 'tls', model_name: 'gpt-fake', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 100000 });
});
afterAll(async () => {
  await plain?.close();
  await h?.close();
});

const expected = (): string => `the server at 127.0.0.1:${plain.port} answers plain HTTP, not HTTPS: use http://`;

describe('https:// to a plain-http server', () => {
  it('is named so by the connection test', async () => {
    const tested = await h.app.service.testProvider({ provider_id: 'tls' });
    expect(tested.ok).toBe(false);
    expect(tested.message).toContain(expected());
    expect(tested.message).not.toMatch(/SSL routines|openssl/i);
    expect(tested.message).not.toContain(KEY);
  });

  it('is named so to a client, as a provider failure', async () => {
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tls/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const text = await res.text();
    expect(res.status, text).toBe(502);
    expect(text).toContain(expected());
    expect(text).not.toMatch(/SSL routines|openssl/i);
    expect(text).not.toContain(KEY);
    const activity = await h.app.service.listRequests({ limit: 1 });
    expect(activity.requests[0]?.attempts[0]?.error_kind).toBe('connect');
  });
});
