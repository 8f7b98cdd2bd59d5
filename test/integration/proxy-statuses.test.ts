// Status codes that tell the truth, from the official SDKs' point of view: what they raise and how
// often they call (their retry counts are part of the assertion). 400 when the named model cannot
// serve the request (retrying cannot help), 404 for an unknown path, 429/503 with retry-after and
// x-should-retry: true only when waiting helps.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { MODELS, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.app.service.createModel({ provider_id: 'fo', model_name: 'tiny-context', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 2_000 });
  await h.app.service.updateRoutingRules({ cooldown_failures: 1, cooldown_ms: 60_000, retries_per_model: 0 });
});
afterAll(async () => { await h?.close(); });

/** A fetch that counts the calls an SDK makes (its retries included). */
function counting(): { fetch: typeof fetch; calls: () => number } {
  let n = 0;
  return { fetch: (input, init) => { n++; return fetch(input, init); }, calls: () => n };
}

const openai = (c: { fetch: typeof fetch }) => new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 2, fetch: c.fetch });
const anthropic = (c: { fetch: typeof fetch }) => new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 2, fetch: c.fetch });
const long = 'lorem ipsum dolor sit amet '.repeat(800);

describe('the request is the problem: 400, never retried', () => {
  it('a prompt longer than the named model\'s context: context_length_exceeded', async () => {
    const c = counting();
    const err = await openai(c).chat.completions.create({ model: 'fo/tiny-context', messages: [{ role: 'user', content: long }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('context_length_exceeded');
    expect(c.calls()).toBe(1);
  });

  it("a prompt too long is worded as each client's own provider words it, so the client compacts", async () => {
    const err = await anthropic(counting()).messages.create({ model: 'fo/tiny-context', max_tokens: 100, messages: [{ role: 'user', content: long }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    const message = (err as InstanceType<typeof Anthropic.BadRequestError>).error as { error: { message: string } };
    // what Claude Code 2.1.332 matches ("prompt is too long") and parses for the two numbers
    expect(message.error.message).toMatch(/^prompt is too long: \d+ tokens > 2000 maximum \(Switchboard: no model can serve this request \(fo\/tiny-context: context too small/);
    const [, actual, limit] = /prompt is too long[^0-9]*(\d+)\s*tokens?\s*>\s*(\d+)/i.exec(message.error.message)!;
    expect(Number(actual)).toBeGreaterThan(2000);
    expect(limit).toBe('2000');
    const chat = await openai(counting()).chat.completions.create({ model: 'fo/tiny-context', messages: [{ role: 'user', content: long }] }).catch((e: unknown) => e);
    expect((chat as Error).message).toMatch(/This model's maximum context length is 2000 tokens\. However, your messages resulted in \d+ tokens/);
    const gemini = await fetch(`${h.url}/v1beta/models/fo%2Ftiny-context:generateContent`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': h.token }, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: long }] }] }),
    });
    expect(gemini.status).toBe(400);
    expect(((await gemini.json()) as { error: { message: string } }).error.message).toMatch(/^The input token count \(\d+\) exceeds the maximum number of tokens allowed \(2000\)\./);
  });

  it('a prompt that fits, but not beside the max_tokens asked for, is worded as the provider words that: both numbers, so the client lowers max_tokens', async () => {
    const err = await anthropic(counting()).messages.create({ model: 'fo/tiny-context', max_tokens: 5_000, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    const message = ((err as InstanceType<typeof Anthropic.BadRequestError>).error as { error: { message: string } }).error.message;
    // Anthropic's own wording, which Claude Code answers by retrying at once with a lower max_tokens (not by compacting)
    expect(message).toMatch(/^input length and `max_tokens` exceed context limit: \d+ \+ 5000 > 2000, decrease input length or `max_tokens` and try again/);
    expect(message).not.toMatch(/prompt is too long/);
    const [, prompt] = /: (\d+) \+/.exec(message)!;
    expect(Number(prompt)).toBeLessThan(100);
    const chat = await openai(counting()).chat.completions.create({ model: 'fo/tiny-context', max_tokens: 5_000, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect((chat as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('context_length_exceeded');
    expect((chat as Error).message).toMatch(/This model's maximum context length is 2000 tokens\. However, you requested \d+ tokens \(\d+ in the messages, 5000 in the completion\)/);
    const gemini = await fetch(`${h.url}/v1beta/models/fo%2Ftiny-context:generateContent`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': h.token },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: { maxOutputTokens: 5_000 } }),
    });
    expect(gemini.status).toBe(400);
    expect(((await gemini.json()) as { error: { message: string } }).error.message).toMatch(/^The input token count \(\d+\) and maxOutputTokens \(5000\) exceed the maximum number of tokens allowed \(2000\)\./);
  });

  it("a client's own model name whose provider has no key, while others serve: says so, not 'no provider is ready'", async () => {
    const err = await anthropic(counting()).messages.create({ model: 'claude-haiku-4-5-20251001', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    const message = ((err as InstanceType<typeof Anthropic.BadRequestError>).error as { error: { message: string } }).error.message;
    expect(message).not.toMatch(/no provider is ready/);
    expect(message).toMatch(/"claude-haiku-4-5-20251001" is not set up \(anthropic\/claude-haiku-4-5: provider (has no key|disabled)\), though other providers are/);
  });

  it('a chat model asked for embeddings: model_not_supported', async () => {
    const c = counting();
    const err = await openai(c).embeddings.create({ model: MODELS.openai, input: 'hi' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('model_not_supported');
    expect(c.calls()).toBe(1);
  });

  it('the privacy guard refusing a named cloud model: 400 in Anthropic\'s shape', async () => {
    const users = await h.app.service.listUsers();
    const def = users.find((u) => u.id === 'default')!;
    await h.app.service.updateUser({ id: 'default', patch: { privacy_guard: 'local_only' } });
    try {
      const c = counting();
      const err = await anthropic(c).messages.create({
        model: MODELS.anthropic, max_tokens: 16,
        messages: [{ role: 'user', content: 'deploy with OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz0123456789' }],
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.BadRequestError);
      expect(c.calls()).toBe(1);
    } finally {
      await h.app.service.updateUser({ id: 'default', patch: { privacy_guard: def.privacy_guard } });
    }
  });
});

describe('an unknown path: 404 unknown_endpoint', () => {
  it('is not reported as a missing model, and not retried', async () => {
    const c = counting();
    const err = await openai(c).post('/not/a/thing', { body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('unknown_endpoint');
    expect(c.calls()).toBe(1);
  });

  it('answers an upload to it once the body is in, on a connection kept open (a client still sending would get a broken pipe)', async () => {
    const half = Buffer.alloc(64 * 1024, 'a');
    const sent = await new Promise<{ status: number; connection: string | undefined; body: string; bodySentFirst: boolean }>((resolve, reject) => {
      let bodySent = false;
      const req = http.request(`${h.url}/v1/files`, {
        method: 'POST',
        headers: { 'x-api-key': h.token, 'anthropic-version': '2023-06-01', 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(half.length * 2) },
      }, (res) => {
        const bodySentFirst = bodySent;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => { body += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body, bodySentFirst }));
      });
      req.on('error', reject);
      req.write(half);
      // the second half comes later, as an SDK's file stream does
      setTimeout(() => req.end(half, () => { bodySent = true; }), 150);
    });
    expect(sent.bodySentFirst).toBe(true);
    expect(sent.status).toBe(404);
    expect(sent.connection).not.toBe('close');
    expect(JSON.parse(sent.body)).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  /**
   * The answer to an upload of which only the first KB is ever sent. `waitMs`: how long it may take (a
   * server reading the rest would wait for it, its 10 s drain limit, before answering).
   */
  const headOfUpload = (headers: Record<string, string>, contentLength: number, waitMs?: number) =>
    new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = http.request(`${h.url}/v1/files`, {
        method: 'POST', headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(contentLength) },
      }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
        req.destroy();
      });
      req.on('error', (e) => { if (!req.destroyed) reject(e); });
      req.write(Buffer.alloc(1024));
      if (waitMs !== undefined) setTimeout(() => { reject(new Error('the 404 waited for the rest of the body')); req.destroy(); }, waitMs).unref();
    });

  it('reads no upload of a client without a token: 404 at once, its connection closed', async () => {
    expect(await headOfUpload({}, 1024 * 1024, 5_000)).toEqual({ status: 404, connection: 'close' });
  });

  it('answers at once, closing the connection, an upload larger than any request body', async () => {
    expect(await headOfUpload({ 'x-api-key': h.token }, 64 * 1024 * 1024)).toEqual({ status: 404, connection: 'close' });
  });
});

describe('a WebSocket upgrade: 426, so Codex falls back to HTTP at once', () => {
  /** Codex's handshake on /v1/responses (it reconnects for seconds on a 404 or 405). */
  const upgrade = (token: string | undefined) => new Promise<{ status: number; connection: string | undefined; body: any }>((resolve, reject) => {
    const req = http.request(`${h.url}/v1/responses`, {
      headers: {
        connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'openai-beta': 'responses_websockets=2026-02-06', ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: JSON.parse(body) }));
    });
    req.on('upgrade', () => reject(new Error('upgraded')));
    req.on('error', reject);
    req.end();
  });

  it('answers in the OpenAI error shape, after the token check', async () => {
    expect(await upgrade(h.token)).toEqual({
      status: 426, connection: 'close',
      body: { error: expect.objectContaining({ type: 'invalid_request_error', code: 'upgrade_required', message: expect.stringContaining('WebSocket') }) },
    });
    expect((await upgrade(undefined)).status).toBe(401);
    expect((await upgrade('sb-not-a-token')).status).toBe(401);
  });
});

describe('waiting helps: 503 with retry-after and x-should-retry: true', () => {
  it('a model cooling down answers 503 with the time it comes back, and the SDK retries', async () => {
    const model = await h.app.service.createModel({ provider_id: 'fo', model_name: 'flaky', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100_000 });
    h.openai.faults.push({ kind: 'status', status: 500 });
    const first = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: model.id, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(first.status).toBe(502);
    // one failure opens the breaker (cooldown_failures: 1) for a minute
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: model.id, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('x-should-retry')).toBe('true');
    const after = Number(res.headers.get('retry-after'));
    expect(after).toBeGreaterThan(50);
    expect(after).toBeLessThanOrEqual(60);
    expect((await res.json()).error.code).toBe('cooling_down');
  });
});
