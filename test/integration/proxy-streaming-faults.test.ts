// Streams that go wrong: an upstream failing after the first byte reaches the client as an error
// (never a clean finish) and is not retried; one failing before it fails over; a client that goes
// away aborts the upstream request.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { MODELS, startHarness, type Harness } from './helpers/app-harness';
import { gate } from '../mocks/fake-server';
import { heldAt } from './helpers/hardening-kit';
import type { Fault, FakeProvider } from '../mocks/types';

let h: Harness;
let oa: OpenAI;
let an: Anthropic;

beforeAll(async () => {
  h = await startHarness();
  await h.app.service.updateRoutingRules({ cooldown_failures: 100, retries_per_model: 0 });
  oa = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  an = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });
afterEach(() => {
  for (const f of [h.openai, h.anthropic, h.gemini]) { f.faults.length = 0; f.options.chunks = undefined; }
});

type Name = 'openai' | 'anthropic' | 'gemini';
const fakeOf = (n: Name): FakeProvider => h[n];
const UPSTREAMS: [Name, string, Name][] = [
  ['openai', MODELS.openai, 'anthropic'],
  ['anthropic', MODELS.anthropic, 'gemini'],
  ['gemini', MODELS.gemini, 'openai'],
];
const counts = (): Record<Name, number> => ({ openai: h.openai.requests.length, anthropic: h.anthropic.requests.length, gemini: h.gemini.requests.length });

const modelOf = (n: Name): string => (n === 'openai' ? MODELS.openai : n === 'anthropic' ? MODELS.anthropic : MODELS.gemini);

/** `model` first, then the model of `next`'s fake, as an alias: failover would be possible. */
async function aliasFor(model: string, next: Name): Promise<string> {
  const rules = await h.app.service.getRoutingRules(undefined);
  const alias = `then-${next}-${model.replace('/', '-')}`;
  await h.app.service.updateRoutingRules({ aliases: { ...rules.aliases, [alias]: [model, modelOf(next)] } });
  return alias;
}

/** The text of an OpenAI SSE body. */
function contentOf(sse: string): string {
  let out = '';
  for (const line of sse.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    out += JSON.parse(line.slice(6)).choices?.[0]?.delta?.content ?? '';
  }
  return out;
}

const post = (path: string, body: unknown, signal?: AbortSignal) => fetch(`${h.url}${path}`, {
  method: 'POST', signal,
  headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
  body: JSON.stringify(body),
});
const chatBody = (model: string) => ({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] });
const msgBody = (model: string, stream = true) => ({ model, stream, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });

const MID_STREAM: [string, Fault][] = [
  ['a reset after 2 chunks', { kind: 'reset-mid-stream', afterChunks: 2 }],
  ['malformed SSE after the first chunk', { kind: 'malformed-sse' }],
];

describe.each(UPSTREAMS)('a %s upstream failing mid-stream', (name, model, next) => {
  it.each(MID_STREAM)('%s: raw OpenAI stream ends with an error chunk and no [DONE]; not retried', async (_w, fault) => {
    const alias = await aliasFor(model, next);
    const before = counts();
    fakeOf(name).faults.push(fault);
    const res = await post('/v1/chat/completions', chatBody(alias));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"content":"');
    expect(text).not.toContain('[DONE]');
    expect(text).not.toMatch(/"finish_reason":"stop"/);
    const last = text.trim().split('\n\n').at(-1)!;
    expect(JSON.parse(last.replace(/^data: /, ''))).toMatchObject({ error: { message: expect.any(String) } });
    const after = counts();
    expect(after[name] - before[name]).toBe(1);
    expect(after[next] - before[next]).toBe(0);
  });

  it.each(MID_STREAM)('%s: raw Anthropic stream gets event: error, no message_stop; not retried', async (_w, fault) => {
    const alias = await aliasFor(model, next);
    const before = counts();
    fakeOf(name).faults.push(fault);
    const res = await post('/v1/messages', msgBody(alias));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^event: message_start/);
    expect(text).toContain('event: content_block_delta');
    expect(text).toContain('event: error');
    expect(text).not.toContain('event: message_stop');
    expect(text).not.toContain('"stop_reason":"end_turn"');
    const after = counts();
    expect(after[name] - before[name]).toBe(1);
    expect(after[next] - before[next]).toBe(0);
  });

  it('both SDKs raise instead of finishing cleanly', async () => {
    fakeOf(name).faults.push({ kind: 'reset-mid-stream', afterChunks: 2 });
    const stream = await oa.chat.completions.create(chatBody(model) as OpenAI.ChatCompletionCreateParamsStreaming);
    let got = '';
    const e1 = await (async () => {
      for await (const c of stream) got += c.choices[0]?.delta?.content ?? '';
    })().then(() => null, (e: unknown) => e);
    expect(got.length).toBeGreaterThan(0);
    expect(e1).toBeInstanceOf(OpenAI.APIError);

    fakeOf(name).faults.push({ kind: 'reset-mid-stream', afterChunks: 2 });
    const e2 = await an.messages.stream(msgBody(model) as Anthropic.MessageCreateParams).finalMessage().then(() => null, (e: unknown) => e);
    expect(e2).toBeInstanceOf(Anthropic.APIError);

    fakeOf(name).faults.push({ kind: 'reset-mid-stream', afterChunks: 2 });
    const raw = await an.messages.create(msgBody(model) as Anthropic.MessageCreateParamsStreaming);
    const types: string[] = [];
    const e3 = await (async () => { for await (const ev of raw) types.push(ev.type); })().then(() => null, (e: unknown) => e);
    expect(types[0]).toBe('message_start');
    expect(types).not.toContain('message_stop');
    expect(e3).toBeInstanceOf(Anthropic.APIError);
  });
});

describe.each(UPSTREAMS)('a %s upstream failing before the first content byte', (name, model, next) => {
  it.each([
    ['a reset before any content', { kind: 'reset-mid-stream', afterChunks: 0 } as Fault],
    ['an error event with status 200', { kind: 'error-body-200' } as Fault],
  ])('%s fails over to the next candidate, on both inbound APIs', async (_w, fault) => {
    const alias = await aliasFor(model, next);
    const before = counts();
    fakeOf(name).faults.push(fault);
    const r1 = await post('/v1/chat/completions', chatBody(alias));
    const t1 = await r1.text();
    expect(r1.headers.get('x-switchboard-model')).toBe(modelOf(next));
    expect(t1).toContain('[DONE]');
    expect(contentOf(t1)).toBe(`Hello from the fake ${next} provider!`);

    fakeOf(name).faults.push(fault);
    const final = await an.messages.stream(msgBody(alias) as Anthropic.MessageCreateParams).finalMessage();
    expect(final.content[0]?.type === 'text' && final.content[0].text).toBe(`Hello from the fake ${next} provider!`);
    const after = counts();
    expect(after[name] - before[name]).toBe(2);
    expect(after[next] - before[next]).toBe(2);
  });
});

/**
 * Whether `fake`'s request number `index` is seen aborted. The fake never ends these requests itself (it stalls
 * or holds its answer), and no timeout of the proxy comes within minutes, so only the client leaving can end
 * them: the test waits for that, 10 s at most, and never times it.
 */
async function abortedAtFake(fake: FakeProvider, index: number): Promise<boolean> {
  for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
    if (fake.requests[index]?.aborted) return true;
  }
  return false;
}

describe.each(UPSTREAMS)('a client leaving a %s upstream request', (name, model) => {
  it('mid-stream aborts the upstream stream (both inbound APIs)', async () => {
    const fake = fakeOf(name);
    for (const [path, body] of [['/v1/chat/completions', chatBody(model)], ['/v1/messages', msgBody(model)]] as const) {
      // one content chunk, then nothing more while the connection stays open
      fake.faults.push({ kind: 'stall', afterChunks: 1 });
      const index = fake.requests.length;
      const ac = new AbortController();
      const res = await post(path, body, ac.signal);
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      ac.abort();
      await reader.cancel().catch(() => undefined);
      expect(await abortedAtFake(fake, index), `${path}: upstream still open after the client left`).toBe(true);
    }
  });

  it('before the first byte (non-stream) aborts the upstream request', async () => {
    const fake = fakeOf(name);
    const answer = gate();
    try {
      fake.faults.push({ kind: 'hold-first-byte', until: answer.until });
      const index = fake.requests.length;
      const ac = new AbortController();
      const pending = post('/v1/messages', msgBody(model, false), ac.signal).catch((e: unknown) => e);
      await heldAt(fake, index);
      ac.abort();
      expect(await pending).toBeInstanceOf(Error);
      expect(await abortedAtFake(fake, index), 'upstream still waited on after the client left').toBe(true);
    } finally {
      answer.release();
    }
  });

  it('the SDK abort of a stream also reaches the upstream', async () => {
    const fake = fakeOf(name);
    fake.faults.push({ kind: 'stall', afterChunks: 1 });
    const index = fake.requests.length;
    const stream = await oa.chat.completions.create(chatBody(model) as OpenAI.ChatCompletionCreateParamsStreaming);
    for await (const _chunk of stream) { stream.controller.abort(); break; }
    expect(await abortedAtFake(fake, index)).toBe(true);
  });
});

describe('usage rows for failed and abandoned requests', () => {
  it('are recorded with their errors', async () => {
    const usage = await h.app.service.getUsage({ days: 1 });
    expect(usage.total_requests).toBeGreaterThan(30);
    const errors = usage.by_day.reduce((a, d) => a + d.errors, 0);
    expect(errors).toBeGreaterThanOrEqual(3 * 7);
  });
});

describe('an upstream stream that goes silent', () => {
  let hs: Harness;
  beforeAll(async () => {
    hs = await startHarness({ config: { limits: { upstreamIdleTimeoutMs: 400 } } });
    await hs.app.service.updateRoutingRules({ aliases: { 'fa-then-fo': [MODELS.anthropic, MODELS.openai] }, retries_per_model: 0 });
  });
  afterAll(async () => { await hs?.close(); });

  it('after content: the client gets an error once the idle timeout passes, not a clean end', async () => {
    hs.anthropic.faults.push({ kind: 'stall', afterChunks: 2 });
    const res = await fetch(`${hs.url}/v1/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': hs.token }, body: JSON.stringify(msgBody('fa-then-fo')),
    });
    const text = await res.text();
    // the configured 400 ms cut it (the default is 120 s), however long after it the stream ended
    expect(text).toContain('no event for 400 ms');
    expect(text).toContain('event: content_block_delta');
    expect(text).toContain('event: error');
    expect(text).not.toContain('event: message_stop');
    expect(hs.openai.requests).toHaveLength(0);
  });

  it('before content: the next candidate serves it', async () => {
    hs.anthropic.faults.push({ kind: 'stall', afterChunks: 0 });
    const res = await fetch(`${hs.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${hs.token}` }, body: JSON.stringify(chatBody('fa-then-fo')),
    });
    expect(res.headers.get('x-switchboard-model')).toBe(MODELS.openai);
    expect(contentOf(await res.text())).toBe('Hello from the fake openai provider!');
  });
});
