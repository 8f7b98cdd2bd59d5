// Key canary: recognisable fake keys with no well-known prefix (so only knowing the key, not a
// pattern, can redact it) are planted as provider and BYOK keys; every path runs (proxy success and
// failure, streamed errors, provider test, discovery, balances, admin errors, listings, CSV export,
// logs); then the database, its WAL, every file in the data dir, the logs and every HTTP response
// are searched: zero hits. The crash path (kill -9) is in hardening-process.test.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import { startFakeAnthropic } from '../mocks/fake-anthropic';
import { startFakeGemini } from '../mocks/fake-gemini';
import type { FakeProvider } from '../mocks/types';
import { startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest, sleep, type RawInit, type RawResponse } from './helpers/hardening-kit';

// No sk-/AIza/sb- prefix: pattern redaction cannot catch these, only knowing the key can.
const CANARY = {
  openai: 'CanaryOpenaiQ7xZk2Lm9Wv4Rt8Yp3Nb6Hd1Jf5',
  wrong: 'CanaryWrongKeyM3nB8vC2xZ7lK4jH9gF6dS1aP0',
  anthropic: 'CanaryAnthropicT5rE2wQ9yU4iO7pA3sD8fG1h',
  gemini: 'CanaryGeminiZ1xC4vB7nM2qW5eR8tY3uI6oP9a',
  byok: 'CanaryByokKeyJ8hG3fD6sA1zX4cV7bN2mQ5wE9r',
};
const ALL = Object.values(CANARY);
const PROMPT_CANARY = 'PromptCanary: the secret plan is to meet at the old mill at nine';
const COMPLETION_CANARY = 'CompletionCanary: the answer is forty-two bananas';

let h: Harness;
let fakes: { openai: FakeProvider; wrong: FakeProvider; anthropic: FakeProvider; gemini: FakeProvider };
const seen: { what: string; text: string }[] = [];

async function call(what: string, path: string, init: RawInit = {}): Promise<RawResponse> {
  const res = await httpRequest(h.url, path, init);
  seen.push({ what, text: `${JSON.stringify(res.headers)}\n${res.text}` });
  return res;
}
const admin = (what: string, method: string, path: string, body?: unknown) =>
  call(what, path, { method, headers: authJson(h.app.adminToken), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
async function proxy(what: string, path: string, body: unknown): Promise<RawResponse> {
  const res = await call(what, path, { method: 'POST', headers: authJson(h.token), body: JSON.stringify(body) });
  for (const f of Object.values(fakes)) expect(f.faults, `${what}: a planted fault was not consumed (${res.status} ${res.text.slice(0, 300)})`).toEqual([]);
  return res;
}
const chat = (model: string, extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user', content: 'hi' }], ...extra });
const echo = (key: string) => ({ error: { message: `Incorrect API key provided: ${key}. Header was Authorization: Bearer ${key}`, type: 'invalid_request_error', code: 'invalid_api_key' } });

/** Every variant of a key something might write: plain, base64 (three alignments), hex, URL-encoded, spaced, and a long middle slice. */
function variants(key: string): string[] {
  const b64 = [0, 1, 2].map((lead) => Buffer.from(`${'x'.repeat(lead)}${key}`).toString('base64').slice(lead + 1, 36));
  return [key, ...b64, Buffer.from(key).toString('hex'), encodeURIComponent(key), percentAll(key), spaced(key), key.slice(6, 30)];
}
const spaced = (key: string): string => [...key].join(' ');
/** The key as an echoing upstream might change it: upper-cased, with zero-width spaces (Unicode Cf) inside, both. */
const disguised = (key: string): string[] => [key.toUpperCase(), `${key.slice(0, 10)}\u200b${key.slice(10)}`, [...key.toUpperCase()].join('\u200b')];
/** Text with format characters taken out and lower-cased: where a disguised key shows as itself. */
const undisguised = (text: string): string => text.replace(/\p{Cf}/gu, '').toLowerCase();
const percentAll = (key: string): string => [...key].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

beforeAll(async () => {
  h = await startHarness();
  const [openai, wrong, anthropic, gemini] = await Promise.all([
    startFakeOpenAI({ apiKey: CANARY.openai }),
    startFakeOpenAI({ apiKey: 'the-key-the-provider-really-wants' }),
    startFakeAnthropic({ apiKey: CANARY.anthropic }),
    startFakeGemini({ apiKey: CANARY.gemini }),
  ]);
  fakes = { openai, wrong, anthropic, gemini };
  // every request must reach its upstream: no circuit breaker in the way
  expect((await admin('rules', 'PUT', '/api/v1/llm/routing/rules', { cooldown_ms: 0, cooldown_failures: 100 })).status).toBe(200);
  const providers = [
    { id: 'cn', type: 'openai-compatible', base_url: openai.url, api_key: CANARY.openai },
    { id: 'cw', type: 'openai-compatible', base_url: wrong.url, api_key: CANARY.wrong },
    { id: 'ca', type: 'anthropic', base_url: anthropic.url, api_key: CANARY.anthropic },
    { id: 'cg', type: 'gemini', base_url: gemini.url, api_key: CANARY.gemini },
  ];
  for (const p of providers) {
    expect((await admin(`create ${p.id}`, 'POST', '/api/v1/llm/providers', { name: `canary ${p.id}`, ...p })).status).toBe(200);
    const model = p.id === 'ca' ? 'claude-fake' : p.id === 'cg' ? 'gemini-fake' : 'gpt-fake';
    expect((await admin(`model ${p.id}`, 'POST', '/api/v1/llm/models', {
      provider_id: p.id, model_name: model, input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100_000, capabilities: ['chat', 'tools'],
    })).status).toBe(200);
  }
});
afterAll(async () => {
  await h?.close();
  await Promise.all(Object.values(fakes ?? {}).map((f) => f.close()));
});

describe('key canary', () => {
  it('exercises every path', async () => {
    // proxy success, each wire format, stream and not
    for (const model of ['cn/gpt-fake', 'ca/claude-fake', 'cg/gemini-fake']) {
      expect((await proxy(`ok ${model}`, '/v1/chat/completions', chat(model))).status).toBe(200);
      expect((await proxy(`ok stream ${model}`, '/v1/chat/completions', chat(model, { stream: true }))).status).toBe(200);
      expect((await proxy(`ok messages ${model}`, '/v1/messages', { ...chat(model), max_tokens: 20 })).status).toBe(200);
    }
    // the upstream echoes the wrong key back (401), streamed and not, both inbound formats
    for (const stream of [false, true]) {
      const res = await proxy(`echo401 stream=${stream}`, '/v1/chat/completions', chat('cw/gpt-fake', { stream }));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(fakes.wrong.requests.at(-1)!.headers.authorization).toBe(`Bearer ${CANARY.wrong}`);
      await sleep(10);
    }
    // every upstream error shape carrying the key: status bodies, error bodies in a 200, streamed error events
    const faulted: [FakeProvider, string, unknown][] = [
      [fakes.openai, 'cn/gpt-fake', echo(CANARY.openai)],
      [fakes.anthropic, 'ca/claude-fake', { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${CANARY.anthropic}` } }],
      [fakes.gemini, 'cg/gemini-fake', { error: { code: 400, status: 'INVALID_ARGUMENT', message: `API key not valid: ${CANARY.gemini}` } }],
    ];
    for (const [fake, model, body] of faulted) {
      const key = fake === fakes.openai ? CANARY.openai : fake === fakes.anthropic ? CANARY.anthropic : CANARY.gemini;
      for (const status of [400, 401, 500]) {
        for (const stream of [false, true]) {
          fake.faults.push({ kind: 'status', status, body, headers: { 'x-echo': key } });
          await proxy(`fault ${status} ${model} stream=${stream}`, '/v1/chat/completions', chat(model, { stream }));
        }
      }
      for (const stream of [false, true]) {
        fake.faults.push({ kind: 'error-body-200', message: `upstream says key ${key} is bad` });
        await proxy(`error-body-200 ${model} stream=${stream}`, '/v1/chat/completions', chat(model, { stream }));
        fake.faults.push({ kind: 'error-body-200', message: `upstream says key ${key} is bad` });
        await proxy(`error-body-200 messages ${model} stream=${stream}`, '/v1/messages', { ...chat(model), max_tokens: 20, stream });
      }
    }
    // the key spelled out other ways in an error: spaced, percent-encoded, inside base64 (Basic auth), case-changed,
    // with zero-width spaces in it
    for (const spelling of [spaced(CANARY.openai), percentAll(CANARY.openai), Buffer.from(`user:${CANARY.openai}`).toString('base64'), ...disguised(CANARY.openai)]) {
      for (const stream of [false, true]) {
        fakes.openai.faults.push({ kind: 'status', status: 401, body: echo(spelling) });
        const res = await proxy(`spelled key stream=${stream}`, '/v1/chat/completions', chat('cn/gpt-fake', { stream }));
        expect(res.text).toContain('[REDACTED]');
      }
    }
    // a successful answer that repeats the key sent: withheld (502 naming why), streamed or not, any inbound format
    fakes.openai.options.text = `Sure. Your key is ${CANARY.openai} and spaced: ${spaced(CANARY.openai)}`;
    fakes.openai.options.chunks = 1;
    for (const [path, extra] of [['/v1/chat/completions', {}], ['/v1/messages', { max_tokens: 20 }]] as const) {
      for (const stream of [false, true]) {
        const res = await proxy(`echoed in a 200 ${path} stream=${stream}`, path, { ...chat('cn/gpt-fake', { stream }), ...extra });
        expect(res.status, res.text).toBe(502);
        expect(res.text).toMatch(/contained the API key it was sent/);
      }
    }
    // the same after the first byte (content, then the key): the stream ends with an error event
    fakes.openai.options.chunks = 2;
    fakes.openai.options.text = `${'Hello there, fine words. '.repeat(4)}${CANARY.openai}`;
    const late = await proxy('echoed mid-stream', '/v1/chat/completions', chat('cn/gpt-fake', { stream: true }));
    expect(late.status).toBe(200);
    expect(late.text).toMatch(/contained the API key it was sent/);
    delete fakes.openai.options.text;
    delete fakes.openai.options.chunks;
    // mid-stream: content first, then an error event that quotes the key
    fakes.openai.faults.push({ kind: 'reset-mid-stream', afterChunks: 2 });
    await proxy('reset mid-stream', '/v1/chat/completions', chat('cn/gpt-fake', { stream: true }));
    // embeddings through the canary provider
    await admin('embed model', 'POST', '/api/v1/llm/models', { provider_id: 'cn', model_name: 'embed-fake', input_cost_per_1m: 1, output_cost_per_1m: 0, context_length: 8000, capabilities: ['embeddings'] });
    const emb = await proxy('embeddings ok', '/v1/embeddings', { model: 'cn/embed-fake', input: 'x' });
    expect(emb.status, emb.text).toBe(200);
    fakes.openai.faults.push({ kind: 'status', status: 401, body: echo(CANARY.openai) });
    await proxy('embeddings echo', '/v1/embeddings', { model: 'cn/embed-fake', input: 'x' });

    // provider test, discovery and balances, good and echoing
    for (const id of ['cn', 'cw', 'ca', 'cg']) {
      await admin(`test ${id}`, 'POST', '/api/v1/llm/test', { provider_id: id });
      await admin(`discover ${id}`, 'POST', `/api/v1/llm/providers/${id}/discover`);
    }
    const test = await admin('test cw', 'POST', '/api/v1/llm/test', { provider_id: 'cw' });
    expect(test.json.ok).toBe(false);
    expect(test.json.message).toMatch(/Incorrect API key/);
    fakes.openai.faults.push({ kind: 'status', status: 500, body: echo(CANARY.openai) });
    await admin('discover echo', 'POST', '/api/v1/llm/providers/cn/discover');
    // a listing that carries the key (an echoing gateway): refused whole, no model is named after it
    const listed = fakes.openai.options.models;
    fakes.openai.options.models = ['gpt-fake', CANARY.openai];
    const discovered = await admin('discover listing echo', 'POST', '/api/v1/llm/providers/cn/discover');
    expect(discovered.status, discovered.text).toBe(502);
    expect(discovered.text).toMatch(/contained the API key it was sent/);
    const tested = await admin('test listing echo', 'POST', '/api/v1/llm/test', { provider_id: 'cn' });
    expect(tested.json.ok).toBe(false);
    if (listed === undefined) delete fakes.openai.options.models;
    else fakes.openai.options.models = listed;
    await admin('balances', 'GET', '/api/v1/llm/balances');

    // BYOK: a profile's own key, used and echoed
    expect((await admin('byok set', 'POST', '/api/v1/llm/users/default/byok', { provider_id: 'cw', api_key: CANARY.byok })).status).toBe(200);
    await proxy('byok echo', '/v1/chat/completions', chat('cw/gpt-fake'));
    expect(fakes.wrong.requests.at(-1)!.headers.authorization).toBe(`Bearer ${CANARY.byok}`);
    await admin('byok list', 'GET', '/api/v1/llm/users/default/byok');

    // admin errors with keys in the input (in key fields: a client's own model name or field name echoed back is no leak)
    await admin('dup id', 'POST', '/api/v1/llm/providers', { id: 'cn', name: 'x', type: 'openai', api_key: CANARY.openai });
    await admin('bad type', 'POST', '/api/v1/llm/providers', { name: 'x', type: CANARY.openai, api_key: CANARY.openai });
    await admin('bad url', 'POST', '/api/v1/llm/providers', { name: 'x', type: 'openai', base_url: `http://${CANARY.openai}@x.example/`, api_key: CANARY.openai });
    await admin('bad key', 'PUT', '/api/v1/llm/providers/cn', { api_key: `${CANARY.openai}\r\n` });
    await admin('byok bad provider', 'POST', '/api/v1/llm/users/default/byok', { provider_id: 'nope', api_key: CANARY.byok });
    await proxy('proxy override field', '/v1/chat/completions', chat('cn/gpt-fake', { api_key: CANARY.openai }));

    // every read the UI makes
    for (const path of ['providers', 'models', 'users', 'routing/rules', 'status', 'settings', 'audit?limit=1000', 'usage?days=7', 'alerts', 'credits']) {
      await admin(`read ${path}`, 'GET', `/api/v1/llm/${path}`);
    }
    // prompt and completion text: answered to the client, recorded nowhere
    fakes.openai.options.text = COMPLETION_CANARY;
    for (const stream of [false, true]) {
      const res = await proxy(`content stream=${stream}`, '/v1/chat/completions', { model: 'cn/gpt-fake', stream, messages: [{ role: 'user', content: PROMPT_CANARY }] });
      expect(res.status).toBe(200);
    }
    expect(fakes.openai.requests.at(-1)!.body.messages[0].content).toBe(PROMPT_CANARY);
    expect(seen.at(-1)!.text).toContain(COMPLETION_CANARY.slice(0, 3));
    const csv = await admin('csv', 'GET', '/api/v1/llm/usage/export?days=30');
    expect(csv.status).toBe(200);
    expect(csv.text.split('\n').length).toBeGreaterThan(20);
  }, 30_000);

  it('finds the canaries nowhere: HTTP responses, logs, the database, its WAL, any file in the data dir', async () => {
    await sleep(400); // the usage recorder's flush
    const haystacks: { what: string; text: string }[] = [
      ...seen,
      { what: 'logs', text: h.logs.join('\n') },
      ...filesUnder(h.dataDir).map((f) => ({ what: f, text: readFileSync(f).toString('latin1') })),
    ];
    expect(haystacks.some((x) => x.what.endsWith('switchboard.db-wal'))).toBe(true);
    const hits: string[] = [];
    for (const key of ALL) {
      for (const v of variants(key)) {
        for (const x of haystacks) if (x.text.includes(v)) hits.push(`${key.slice(0, 12)}… as "${v.slice(0, 16)}…" in ${x.what}`);
      }
    }
    // case-changed or with format characters in it, in what went out and what was kept
    for (const x of [...seen, { what: 'logs', text: h.logs.join('\n') }, ...filesUnder(h.dataDir).map((f) => ({ what: f, text: readFileSync(f).toString('utf8') }))]) {
      for (const key of ALL) if (undisguised(x.text).includes(key.toLowerCase())) hits.push(`${key.slice(0, 12)}… disguised in ${x.what}`);
    }
    expect(hits).toEqual([]);
    const stored = haystacks.filter((x) => !seen.includes(x));
    for (const text of [PROMPT_CANARY, COMPLETION_CANARY, 'the old mill', 'forty-two bananas']) {
      expect(stored.filter((x) => x.text.includes(text)).map((x) => x.what), text).toEqual([]);
    }
    // the test is able to fail: the keys did reach the fakes, and the responses did carry their errors
    expect(fakes.wrong.requests.length).toBeGreaterThan(3);
    expect(seen.some((s) => s.what.startsWith('echo401') && /Incorrect API key/.test(s.text))).toBe(true);
  });

  it('shows keys only masked', async () => {
    const list = await admin('providers', 'GET', '/api/v1/llm/providers');
    const cn = list.json.find((p: { id: string }) => p.id === 'cn');
    expect(cn).toMatchObject({ has_key: true, api_key_masked: expect.stringMatching(/^\.\.\..{4}$/) });
    expect(JSON.stringify(cn)).not.toContain('api_key"');
  });
});
