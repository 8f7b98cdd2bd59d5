// What the proxy refuses, and how: bad input in each inbound API's error shape without reaching any
// provider, the Host/Origin/CORS guards, and no provider key in any error or log line.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { KEYS, MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { httpRaw, type RawResponse } from './helpers/proxy-raw-http';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const upstreamCount = (): number => h.openai.requests.length + h.anthropic.requests.length + h.gemini.requests.length;

type Shape = 'openai' | 'anthropic';
const ENDPOINTS: [string, Shape, Record<string, unknown>][] = [
  ['/v1/chat/completions', 'openai', { model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] }],
  ['/v1/messages', 'anthropic', { model: MODELS.anthropic, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }],
];

function expectShape(res: { status: number; json: any }, shape: Shape, status: number): void {
  expect(res.status).toBe(status);
  if (shape === 'openai') {
    expect(res.json).toEqual({ error: expect.objectContaining({ message: expect.any(String), type: expect.any(String) }) });
    expect(res.json.error).toHaveProperty('code');
    expect(res.json.error.message.length).toBeGreaterThan(0);
  } else {
    expect(res.json).toEqual({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
    expect(res.json.error.message.length).toBeGreaterThan(0);
  }
}

describe.each(ENDPOINTS)('bad input to %s', (path, shape, good) => {
  const auth = (): Record<string, string> => ({ 'content-type': 'application/json', authorization: `Bearer ${h.token}` });
  const post = (body: string, headers = auth()) => rawRequest(`${h.url}${path}`, { headers, body });

  const badBodies: [string, string][] = [
    ['malformed JSON', '{"model": "x", "messages": ['],
    ['an array', '[]'],
    ['null', 'null'],
    ['a string', '"hello"'],
    ['missing model', JSON.stringify({ ...good, model: undefined })],
    ['missing messages', JSON.stringify({ ...good, messages: undefined })],
    ['model of the wrong type', JSON.stringify({ ...good, model: 42 })],
    ['messages of the wrong type', JSON.stringify({ ...good, messages: 'hi' })],
    ['a message with a role that is not a string', JSON.stringify({ ...good, messages: [{ role: 7, content: 'hi' }] })],
    ['content of the wrong type', JSON.stringify({ ...good, messages: [{ role: 'user', content: 5 }] })],
    ['stream of the wrong type', JSON.stringify({ ...good, stream: 'yes' })],
  ];

  it.each(badBodies)('%s -> 400 in the inbound shape, no provider called', async (_what, body) => {
    const before = upstreamCount();
    const res = await post(body);
    expectShape(res, shape, 400);
    expect(shape === 'openai' ? res.json.error.type : res.json.error.type).toBe('invalid_request_error');
    expect(res.headers.get('x-switchboard-request-id')).toMatch(/^sbr_/);
    expect(upstreamCount()).toBe(before);
  });

  it('an unknown model -> 404', async () => {
    const before = upstreamCount();
    const res = await post(JSON.stringify({ ...good, model: 'nope/not-a-model' }));
    expectShape(res, shape, 404);
    if (shape === 'openai') expect(res.json.error.code).toBe('model_not_found');
    else expect(res.json.error.type).toBe('not_found_error');
    expect(upstreamCount()).toBe(before);
  });

  it('a body over 32 MiB -> 413, with content-length and chunked', async () => {
    const before = upstreamCount();
    const huge = Buffer.alloc(33 * 1024 * 1024, 0x20);
    huge.write(`{"model":"${MODELS.openai}","messages":[],"pad":"`, 0);
    const declared = await httpRaw(`${h.url}${path}`, { headers: { ...auth(), 'content-length': String(huge.length) }, body: huge });
    expectShape(declared, shape, 413);
    const chunked = await httpRaw(`${h.url}${path}`, { headers: { ...auth(), 'transfer-encoding': 'chunked' }, body: huge, chunked: true });
    expectShape(chunked, shape, 413);
    expect(upstreamCount()).toBe(before);
  });

  it('a body that is not application/json -> 415', async () => {
    const before = upstreamCount();
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await post(JSON.stringify(good), { ...auth(), 'content-type': ct });
      expectShape(res, shape, 415);
    }
    expect(upstreamCount()).toBe(before);
  });

  it('no token / a wrong token -> 401', async () => {
    const before = upstreamCount();
    const none = await post(JSON.stringify(good), { 'content-type': 'application/json' });
    expectShape(none, shape, 401);
    const wrongBearer = await post(JSON.stringify(good), { 'content-type': 'application/json', authorization: 'Bearer sb-wrongwrongwrongwrongwrong' });
    expectShape(wrongBearer, shape, 401);
    const wrongKey = await post(JSON.stringify(good), { 'content-type': 'application/json', 'x-api-key': 'sb-wrongwrongwrongwrongwrong' });
    expectShape(wrongKey, shape, 401);
    if (shape === 'anthropic') expect(wrongKey.json.error.type).toBe('authentication_error');
    else expect(wrongKey.json.error.code).toBe('invalid_api_key');
    expect(upstreamCount()).toBe(before);
  });
});

describe('the parameter at fault reaches OpenAI SDK clients as err.param', () => {
  const client = (): OpenAI => new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  const refused = async (p: Promise<unknown>): Promise<{ status: number; param: unknown; code: unknown; type: unknown }> => {
    const err = await p.then(() => { throw new Error('expected a 400'); }, (e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const { status, param, code, type } = err as InstanceType<typeof OpenAI.BadRequestError>;
    return { status, param, code, type };
  };

  it.each([
    ['chat to another format: temperature 5', 'temperature', () => client().chat.completions.create({ model: MODELS.anthropic, messages: [{ role: 'user', content: 'hi' }], temperature: 5 })],
    ['chat: no model', 'model', () => client().chat.completions.create({ messages: [{ role: 'user', content: 'hi' }] } as never)],
    ['responses: reasoning.effort bogus', 'reasoning.effort', () => client().responses.create({ model: MODELS.openai, input: 'hi', reasoning: { effort: 'bogus' as never } })],
    ['responses: no model', 'model', () => client().responses.create({ input: 'hi' } as never)],
  ] as const)('%s', async (_what, param, send) => {
    const before = upstreamCount();
    expect(await refused(send())).toEqual({ status: 400, param, code: 'invalid_request_error', type: 'invalid_request_error' });
    expect(upstreamCount()).toBe(before);
  });
});

describe('Host and Origin guards', () => {
  const body = JSON.stringify(ENDPOINTS[0]![2]);
  const headers = (): Record<string, string> => ({ 'content-type': 'application/json', authorization: `Bearer ${h.token}` });
  const noCors = (res: RawResponse): void => {
    expect(Object.keys(res.headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
  };

  it('accepts loopback names with our port', async () => {
    const port = new URL(h.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const res = await httpRaw(`${h.url}/v1/models`, { method: 'GET', headers: { ...headers(), host } });
      expect(res.status).toBe(200);
    }
  });

  it.each([['evil.example.com'], ['evil.example.com:PORT'], ['127.0.0.1:1'], ['localhost'], ['127.0.0.1.nip.io:PORT']])(
    'Host %s -> 403, no provider called', async (host) => {
      const before = upstreamCount();
      const port = new URL(h.url).port;
      const res = await httpRaw(`${h.url}/v1/chat/completions`, { headers: { ...headers(), host: host.replace('PORT', port) }, body });
      expect(res.status).toBe(403);
      noCors(res);
      expect(upstreamCount()).toBe(before);
    });

  it('a foreign Origin -> 403 with no access-control-* headers, on /v1 and /api', async () => {
    const before = upstreamCount();
    for (const origin of ['https://evil.example.com', 'http://localhost:1', 'null']) {
      const res = await httpRaw(`${h.url}/v1/chat/completions`, { headers: { ...headers(), origin }, body });
      expect(res.status).toBe(403);
      noCors(res);
      const api = await httpRaw(`${h.url}/api/status`, { method: 'GET', headers: { origin } });
      expect(api.status).toBe(403);
      noCors(api);
    }
    expect(upstreamCount()).toBe(before);
  });

  it('the app\'s own origin is allowed', async () => {
    const res = await httpRaw(`${h.url}/v1/chat/completions`, { headers: { ...headers(), origin: h.url }, body });
    expect(res.status).toBe(200);
  });

  it('an OPTIONS preflight from a foreign origin -> 403, no CORS grant', async () => {
    const res = await httpRaw(`${h.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(res.status).toBe(403);
    noCors(res);
  });
});

describe('no provider key in any error or log line', () => {
  let hk: Harness;
  // no recognisable key prefix: only knowing the stored key can redact it
  const WRONG_OPENAI = 'wrongkey-CANARY-9f8e7d6c5b4a3210';
  const WRONG_ANTHROPIC = 'sk-ant-wrong-CANARY-00112233445566';
  beforeAll(async () => {
    hk = await startHarness();
    await hk.app.service.updateProvider({ id: 'fo', patch: { api_key: WRONG_OPENAI } });
    await hk.app.service.updateProvider({ id: 'fa', patch: { api_key: WRONG_ANTHROPIC } });
  });
  afterAll(async () => { await hk?.close(); });

  const secrets = (): string[] => [WRONG_OPENAI, WRONG_ANTHROPIC, WRONG_OPENAI.slice(0, 20), WRONG_ANTHROPIC.slice(0, 20), KEYS.openai, KEYS.anthropic, KEYS.gemini];
  const expectClean = (text: string): void => {
    for (const s of secrets()) expect(text).not.toContain(s);
  };

  it('the fakes really echo the wrong key (the test can fail)', async () => {
    const res = await rawRequest(`${hk.openai.url}/chat/completions`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${WRONG_OPENAI}` },
      body: JSON.stringify({ model: 'gpt-fake', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.text).toContain(WRONG_OPENAI);
  });

  it.each([[MODELS.openai], [MODELS.anthropic]])('%s with a wrong key: raw and SDK errors carry no key', async (model) => {
    const texts: string[] = [];
    for (const stream of [false, true]) {
      const chat = await rawRequest(`${hk.url}/v1/chat/completions`, {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${hk.token}` },
        body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(chat.status).toBeGreaterThanOrEqual(400);
      expect(chat.headers.get('x-should-retry')).toBe('false');
      texts.push(chat.text);
      const msg = await rawRequest(`${hk.url}/v1/messages`, {
        headers: { 'content-type': 'application/json', 'x-api-key': hk.token },
        body: JSON.stringify({ model, stream, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(msg.status).toBeGreaterThanOrEqual(400);
      texts.push(msg.text);
    }
    const oa = new OpenAI({ baseURL: `${hk.url}/v1`, apiKey: hk.token, maxRetries: 0 });
    const err1 = await oa.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err1).toBeInstanceOf(OpenAI.APIError);
    texts.push(String((err1 as Error).message), JSON.stringify((err1 as InstanceType<typeof OpenAI.APIError>).error));
    const an = new Anthropic({ baseURL: hk.url, apiKey: hk.token, maxRetries: 0 });
    const err2 = await an.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(Anthropic.APIError);
    texts.push(String((err2 as Error).message), JSON.stringify((err2 as InstanceType<typeof Anthropic.APIError>).error));

    for (const t of texts) expectClean(t);
    // the failure is still explained
    expect(texts[0]).toMatch(/key|auth|401/i);
  });

  it('neither do the logs, nor the usage rows (failed attempts keep the provider message)', async () => {
    const usage = await hk.app.service.getUsage({ days: 1 }); // flushes the recorder
    expect(usage.total_requests).toBeGreaterThanOrEqual(8);
    // failed attempts keep the provider's message in SQLite: look at the raw database bytes
    const db = ['switchboard.db', 'switchboard.db-wal']
      .map((f) => join(hk.dataDir, f)).filter((f) => existsSync(f))
      .map((f) => readFileSync(f).toString('latin1')).join('');
    expect(db).toContain('Incorrect API key provided');
    expectClean(db);
    const all = hk.logs.join('\n');
    expectClean(all);
    expect(all).not.toContain(hk.token);
  });
});

describe('runs of millions of key-alphabet characters get an answer, not 500/502', () => {
  // V8's backtrack stack overflowed (RangeError) in the secret patterns past ~5.6M characters
  const M = 1_000_000;
  const chat = (body: Record<string, unknown>) =>
    rawRequest(`${h.url}/v1/chat/completions`, { headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` }, body: JSON.stringify(body) });

  it('a model name of "Bearer " or "sk-" and millions of characters: 404, the name redacted', async () => {
    for (const model of [`Bearer ${'A'.repeat(7 * M)}`, `sk-${'A'.repeat(7 * M)}`]) {
      const res = await chat({ model, messages: [{ role: 'user', content: 'hi' }] });
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('model_not_found');
      expect(res.text.length).toBeLessThan(10_000);
    }
  });

  it('the privacy guard reads them: a base64url document passes, a key-shaped run is refused', async () => {
    const def = (await h.app.service.listUsers()).find((u) => u.id === 'default')!;
    await h.app.service.updateUser({ id: 'default', patch: { privacy_guard: 'block' } });
    await h.app.service.createModel({ provider_id: 'fo', model_name: 'huge-context', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 10_000_000 });
    try {
      const doc = Buffer.from(JSON.stringify({ data: 'x'.repeat(Math.round(4.8 * M)) })).toString('base64url');
      const ok = await chat({ model: 'fo/huge-context', messages: [{ role: 'user', content: `decode ${doc}` }] });
      expect(ok.status).toBe(200);
      const refused = await chat({ model: 'fo/huge-context', messages: [{ role: 'user', content: `sk-${'aB3dE5gH'.repeat(7 * M / 8)}` }] });
      expect(refused.status).toBe(400);
      expect(refused.json.error.code).toBe('privacy_guard');
    } finally {
      await h.app.service.deleteModel({ id: 'fo/huge-context' });
      await h.app.service.updateUser({ id: 'default', patch: { privacy_guard: def.privacy_guard } });
    }
  });

  it("a provider's answer holding the key's first character and millions of spaces is relayed", async () => {
    expect(KEYS.openai[0]).toBe('s');
    const text = `s${' '.repeat(8.4 * M)}.`;
    h.openai.options.text = text;
    try {
      const res = await chat({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] });
      expect(res.status).toBe(200);
      expect(res.json.choices[0].message.content).toBe(text);
    } finally {
      delete h.openai.options.text;
    }
  });
});
