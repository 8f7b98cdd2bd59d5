// The Gemini API surface over raw HTTP, for what the SDK and the CLI do not exercise: the three ways
// to present the token (and `?key=` never leaking), errors in Google's shape with the statuses its
// SDKs retry on, budgets and the privacy guard, the JSON-array stream, same-format forwarding,
// native features ranking Gemini first and named when another format serves, and the paths.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { usageRows } from './helpers/usage-csv';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const upstreamCount = (): number => h.openai.requests.length + h.anthropic.requests.length + h.gemini.requests.length;
const hi = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
const json = { 'content-type': 'application/json' };

function post(path: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': h.token }) {
  return rawRequest(`${h.url}${path}`, { headers: { ...json, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

function expectGoogleError(res: { status: number; json: any }, status: number, rpc: string): void {
  expect(res.status).toBe(status);
  expect(res.json).toEqual({ error: { code: status, message: expect.any(String), status: rpc } });
  expect(res.json.error.message.length).toBeGreaterThan(0);
}

describe('the token', () => {
  const path = () => `/v1beta/models/${MODELS.gemini}:generateContent`;

  it.each([
    ['x-goog-api-key', () => ({ 'x-goog-api-key': h.token }), ''],
    ['?key=', () => ({}), 'key'],
    ['Bearer', () => ({ authorization: `Bearer ${h.token}` }), ''],
  ])('is accepted as %s', async (_how, headers, query) => {
    const res = await post(query ? `${path()}?key=${h.token}` : path(), hi, headers());
    expect(res.status).toBe(200);
    expect(res.json.candidates[0].content.parts[0].text).toBe('Hello from the fake gemini provider!');
  });

  it('missing or wrong: 401 UNAUTHENTICATED, and a ?key= value is never echoed, logged or recorded', async () => {
    expectGoogleError(await post(path(), hi, {}), 401, 'UNAUTHENTICATED');
    const wrong = 'sb-WRONGKEYCANARY0123456789';
    const res = await post(`${path()}?key=${wrong}`, hi, {});
    expectGoogleError(res, 401, 'UNAUTHENTICATED');
    expect(res.text).not.toContain(wrong);
    // a request that gets as far as routing, and fails there, with the real key in the URL
    const missing = await post(`/v1beta/models/nope-model:generateContent?key=${h.token}`, hi, {});
    expectGoogleError(missing, 404, 'NOT_FOUND');
    expect(missing.text).not.toContain(h.token);
    const rows = await usageRows(h.app);
    expect(JSON.stringify(rows)).not.toContain(h.token);
    expect(rows.some((r) => r.requested_model === 'nope-model' && r.status === '404' && r.inbound_api === 'gemini')).toBe(true);
    expect(h.logs.join('\n')).not.toContain(h.token);
    expect(h.logs.join('\n')).not.toContain(wrong);
  });
});

describe('errors in Google\'s shape', () => {
  const gen = `/v1beta/models/${MODELS.openai}:generateContent`;

  it.each([
    ['not JSON', '{"contents": ['],
    ['no contents', {}],
    ['empty contents', { contents: [] }],
    ['contents not a list', { contents: 'hi' }],
    ['parts not a list', { contents: [{ role: 'user', parts: 'hi' }] }],
    ['a non-numeric maxOutputTokens', { ...hi, generationConfig: { maxOutputTokens: 'lots' } }],
  ])('%s -> 400 INVALID_ARGUMENT, no provider called', async (_what, body) => {
    const before = upstreamCount();
    expectGoogleError(await post(gen, body), 400, 'INVALID_ARGUMENT');
    expect(upstreamCount()).toBe(before);
  });

  it('unknown paths and methods: 404 NOT_FOUND, a GET on a POST method 405', async () => {
    expectGoogleError(await post(`/v1beta/models/${MODELS.openai}:predictLongRunning`, hi), 404, 'NOT_FOUND');
    expectGoogleError(await post('/v1beta/tunedModels', hi), 404, 'NOT_FOUND');
    const get = await rawRequest(`${h.url}${gen}`, { method: 'GET', headers: { 'x-goog-api-key': h.token } });
    expectGoogleError(get, 405, 'UNIMPLEMENTED');
  });

  it('a provider rate limit: 429 RESOURCE_EXHAUSTED with retry-after; an overload: 503 UNAVAILABLE', async () => {
    // a harness of its own: the failing models cool down
    const hf = await startHarness();
    try {
      hf.openai.persistentFault = { kind: 'status', status: 429, headers: { 'retry-after': '7' } };
      const res = await rawRequest(`${hf.url}${gen}`, { headers: { ...json, 'x-goog-api-key': hf.token }, body: JSON.stringify(hi) });
      expectGoogleError(res, 429, 'RESOURCE_EXHAUSTED');
      expect(res.headers.get('retry-after')).toBe('7');
      hf.anthropic.persistentFault = { kind: 'status', status: 529 };
      const busy = await rawRequest(`${hf.url}/v1beta/models/${MODELS.anthropic}:generateContent`, { headers: { ...json, 'x-goog-api-key': hf.token }, body: JSON.stringify(hi) });
      expectGoogleError(busy, 503, 'UNAVAILABLE');
      expect(busy.headers.get('retry-after')).not.toBeNull();
    } finally {
      await hf.close();
    }
  });

  it('a spent budget: 402 RESOURCE_EXHAUSTED saying so, no provider called', async () => {
    const { token } = await h.app.service.createUser({ id: 'broke', name: 'Broke', credit_balance_usd: 0 });
    const before = upstreamCount();
    const res = await post(gen, hi, { 'x-goog-api-key': token });
    expectGoogleError(res, 402, 'RESOURCE_EXHAUSTED');
    expect(res.json.error.message).toMatch(/credit/);
    expect(upstreamCount()).toBe(before);
  });

  it('the privacy guard: 400 naming what it found', async () => {
    const { token } = await h.app.service.createUser({ id: 'careful', name: 'Careful', privacy_guard: 'block' });
    const secret = { contents: [{ role: 'user', parts: [{ text: 'deploy with AKIAIOSFODNN7EXAMPLF please' }] }] };
    const res = await post(gen, secret, { 'x-goog-api-key': token });
    expectGoogleError(res, 400, 'INVALID_ARGUMENT');
    expect(res.json.error.message).toMatch(/privacy guard.*aws_access_key/);
  });
});

describe('the JSON-array stream (no ?alt=sse)', () => {
  it.each([['gemini', MODELS.gemini], ['openai', MODELS.openai]] as const)('through %s: one JSON array of responses', async (name, model) => {
    const res = await post(`/v1beta/models/${model}:streamGenerateContent`, hi);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-switchboard-model')).toBe(model);
    const chunks = JSON.parse(res.text) as any[];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.candidates[0].content.parts.map((p: any) => p.text ?? '').join('')).join('')).toBe(`Hello from the fake ${name} provider!`);
    expect(chunks.at(-1).candidates[0].finishReason).toBe('STOP');
    expect(chunks.at(-1).usageMetadata).toMatchObject({ promptTokenCount: 21, totalTokenCount: 28 });
  });

  it('ends a stream that breaks off with an error element, still one valid array', async () => {
    h.openai.faults.push({ kind: 'reset-mid-stream', afterChunks: 2 });
    const res = await post(`/v1beta/models/${MODELS.openai}:streamGenerateContent`, hi);
    expect(res.status).toBe(200);
    const chunks = JSON.parse(res.text) as any[];
    expect(chunks.at(-1)).toEqual({ error: { code: 502, message: expect.stringMatching(/broke off/), status: 'INTERNAL' } });
  });
});

describe('Gemini in, Gemini out', () => {
  it('forwards the body as sent: thought signatures, thinkingConfig, cachedContent, safety settings, unknown fields', async () => {
    const body = {
      contents: [
        { role: 'user', parts: [{ text: 'hi' }] },
        { role: 'model', parts: [{ functionCall: { name: 'f', args: {} }, thoughtSignature: 'c2lnbmF0dXJl' }] },
        { role: 'user', parts: [{ functionResponse: { name: 'f', response: { output: 'ok' } } }] },
      ],
      tools: [{ functionDeclarations: [{ name: 'f', parametersJsonSchema: { type: 'object', properties: {} } }] }, { googleSearch: {} }],
      cachedContent: 'cachedContents/abc123',
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
      generationConfig: { thinkingConfig: { thinkingBudget: 1024, includeThoughts: true }, mediaResolution: 'MEDIA_RESOLUTION_LOW' },
      someFutureField: { x: 1 },
    };
    const res = await post('/v1beta/models/gemini-fake:generateContent', body);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(MODELS.gemini);
    expect(res.headers.get('x-switchboard-dropped')).toBeNull();
    const rec = h.gemini.requests.at(-1)!;
    expect(rec.path).toBe('/v1beta/models/gemini-fake:generateContent');
    expect(rec.body).toEqual(body);
    expect(rec.headers['x-goog-api-key']).not.toBe(h.token);
  });

  it('native features put Gemini first at a power level, and are named when another format serves', async () => {
    const native = { ...hi, cachedContent: 'cachedContents/abc', safetySettings: [], tools: [{ googleSearch: {} }] };
    for (const level of ['eco', 'precision']) {
      const res = await post(`/v1beta/models/${level}:generateContent`, native);
      expect(res.headers.get('x-switchboard-model')).toBe(MODELS.gemini);
    }
    // googleSearch alone would hold it to Gemini (proxy-hosted-tools.test.ts); beside a function it is dropped and named
    const { cachedContent: _, ...rest } = native;
    const translatable = { ...rest, tools: [{ functionDeclarations: [{ name: 'f', parametersJsonSchema: { type: 'object', properties: {} } }] }, { googleSearch: {} }] };
    const res = await post(`/v1beta/models/${MODELS.anthropic}:generateContent`, translatable);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-dropped')!.split(',').sort()).toEqual(['safetySettings', 'tools.googleSearch']);
  });

  it("what another format cannot carry is named as the Gemini client spelled it (topK, stopSequences, not top_k, stop)", async () => {
    const body = { ...hi, generationConfig: { topK: 40, stopSequences: ['a', 'b', 'c', 'd', 'e', 'f'] } };
    const res = await post(`/v1beta/models/${MODELS.openai}:generateContent`, body);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-dropped')!.split(',').sort()).toEqual(['stopSequences', 'topK']);
  });

  it("a dropped key no header can carry (温度, a line break) is named percent-encoded, and the answer arrives: no error, no cooldown", async () => {
    const body = { ...hi, generationConfig: { '温度': 1, 'foo\r\nX-Evil: 1': 2 } };
    const named = 'generationConfig.%E6%B8%A9%E5%BA%A6,generationConfig.foo%0D%0AX-Evil:%201';
    const plain = await post(`/v1beta/models/${MODELS.openai}:generateContent`, body);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('x-switchboard-dropped')).toBe(named);
    expect(plain.headers.get('x-evil')).toBeNull();
    // more streams than cooldown_failures: each would have been put down to the provider's stream breaking off
    for (let i = 0; i < 4; i++) {
      const res = await post(`/v1beta/models/${MODELS.openai}:streamGenerateContent?alt=sse`, body);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchboard-dropped')).toBe(named);
      expect(res.text).not.toContain('error');
      expect(res.text).toContain('Hello from the fake');
    }
    const { requests } = await h.app.service.listRequests({ limit: 5 });
    for (const r of requests) {
      expect(r).toMatchObject({ status: 200, error_kind: null, model_id: MODELS.openai });
      // the activity log keeps the names as the client sent them
      expect(r.dropped).toEqual(['generationConfig.温度', 'generationConfig.foo\r\nX-Evil: 1']);
    }
    const preview = await h.app.service.previewRoute({ request: { model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] } });
    expect(preview.candidates[0]?.model).toBe(MODELS.openai);
  });

  it('a dropped list too long for the header is cut alike in the activity log, the rest counted as +N more', async () => {
    const keys = Array.from({ length: 200 }, (_, i) => `unknownSetting${i}`);
    const body = { ...hi, generationConfig: Object.fromEntries(keys.map((k) => [k, 1])) };
    const res = await post(`/v1beta/models/${MODELS.openai}:generateContent`, body);
    expect(res.status).toBe(200);
    const header = res.headers.get('x-switchboard-dropped')!.split(',');
    const shown = header.length - 1;
    expect(header.at(-1)).toBe(`+${keys.length - shown} more`);
    expect(shown).toBeGreaterThan(20);
    const [row] = (await h.app.service.listRequests({ limit: 1 })).requests;
    expect(row!.dropped).toEqual(header);
    expect(row!.dropped!.slice(0, shown)).toEqual(keys.slice(0, shown).map((k) => `generationConfig.${k}`));
  });

  it('a cached context (cachedContent) is served by Gemini only: another provider would answer without it', async () => {
    const cached = { ...hi, cachedContent: 'cachedContents/abc' };
    const routed = await post('/v1beta/models/eco:generateContent', cached);
    expect(routed.headers.get('x-switchboard-model')).toBe(MODELS.gemini);
    const before = h.anthropic.requests.length;
    const named = await post(`/v1beta/models/${MODELS.anthropic}:generateContent`, cached);
    expect(named.status).toBe(400);
    expect(h.anthropic.requests.length).toBe(before);
  });

  it('an Anthropic client learns the exact prompt size from a Gemini upstream\'s first chunk', async () => {
    const client = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
    const stream = await client.messages.create({ model: MODELS.gemini, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'a long question '.repeat(30) }] });
    let start: any;
    for await (const ev of stream) if (ev.type === 'message_start') start = ev.message.usage;
    expect(start.input_tokens).toBe(21);
  });
});

describe('thoughts', () => {
  // an OpenAI-compatible upstream that reasons (as DeepSeek does, `reasoning_content`): the shared fakes do not
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => { raw += c.toString(); });
      req.on('end', () => {
        const usage = { prompt_tokens: 11, completion_tokens: 9, total_tokens: 20, completion_tokens_details: { reasoning_tokens: 4 } };
        const head = { id: 'chatcmpl-r', object: 'chat.completion.chunk', created: 0, model: 'r1' };
        if (JSON.parse(raw).stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          for (const delta of [{ role: 'assistant', reasoning_content: 'Let me think.' }, { content: 'Four.' }]) {
            res.write(`data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`);
          }
          res.write(`data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
          res.end(`data: ${JSON.stringify({ ...head, choices: [], usage })}\n\ndata: [DONE]\n\n`);
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({
            id: 'chatcmpl-r', object: 'chat.completion', created: 0, model: 'r1', usage,
            choices: [{ index: 0, message: { role: 'assistant', content: 'Four.', reasoning_content: 'Let me think.' }, finish_reason: 'stop' }],
          }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    await h.app.service.createProvider({ id: 'fr', name: 'Reasoner', type: 'openai-compatible', base_url: url, api_key: 'sk-reasoner-0123456789' });
    await h.app.service.createModel({ provider_id: 'fr', model_name: 'r1', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 64000, capabilities: ['chat', 'reasoning'] });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const ask = (includeThoughts: boolean) => ({ ...hi, generationConfig: { thinkingConfig: { includeThoughts, thinkingBudget: 1024 } } });

  it('come back as thought parts to a client that asked, and only then', async () => {
    const shown = await post('/v1beta/models/fr/r1:generateContent', ask(true));
    expect(shown.json.candidates[0].content.parts).toEqual([{ text: 'Let me think.', thought: true }, { text: 'Four.' }]);
    expect(shown.json.usageMetadata).toEqual({ promptTokenCount: 11, candidatesTokenCount: 5, thoughtsTokenCount: 4, totalTokenCount: 20 });
    const hidden = await post('/v1beta/models/fr/r1:generateContent', ask(false));
    expect(hidden.json.candidates[0].content.parts).toEqual([{ text: 'Four.' }]);
  });

  it('stream as thought parts too', async () => {
    const res = await post('/v1beta/models/fr/r1:streamGenerateContent', ask(true));
    const chunks = JSON.parse(res.text) as any[];
    // the last chunk, with the finish reason, closes with an empty text part, as Gemini's does
    expect(chunks.flatMap((c) => c.candidates[0].content.parts)).toEqual([{ text: 'Let me think.', thought: true }, { text: 'Four.' }, { text: '' }]);
    expect(chunks.at(-1).usageMetadata.thoughtsTokenCount).toBe(4);
    const hidden = await post('/v1beta/models/fr/r1:streamGenerateContent?alt=sse', ask(false));
    expect(hidden.text).not.toContain('Let me think.');
  });
});

describe('paths', () => {
  it('takes the model encoded or not, under /v1 too, by a bare name a client knows it by', async () => {
    for (const path of [`/v1/models/${encodeURIComponent(MODELS.openai)}:generateContent`, `/v1/models/${MODELS.openai}:generateContent`]) {
      const res = await post(path, hi);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchboard-model')).toBe(MODELS.openai);
    }
    const bare = await post('/v1beta/models/gpt-fake:generateContent', hi);
    expect(bare.headers.get('x-switchboard-model')).toBe(MODELS.openai);
  });

  it('GET /v1/models stays OpenAI\'s list, but is Gemini\'s for Google clients; /v1beta/models always is', async () => {
    const openai = await rawRequest(`${h.url}/v1/models`, { method: 'GET', headers: { authorization: `Bearer ${h.token}` } });
    expect(openai.json.object).toBe('list');
    const google = await rawRequest(`${h.url}/v1/models`, { method: 'GET', headers: { 'x-goog-api-key': h.token } });
    expect(google.json.models.map((m: any) => m.name)).toContain(`models/${MODELS.gemini}`);
    const beta = await rawRequest(`${h.url}/v1beta/models/${MODELS.openai}`, { method: 'GET', headers: { authorization: `Bearer ${h.token}` } });
    expect(beta.json).toMatchObject({ name: `models/${MODELS.openai}`, inputTokenLimit: 128000, supportedGenerationMethods: expect.arrayContaining(['generateContent']) });
  });

  it('countTokens reads a whole generateContentRequest too', async () => {
    const res = await post(`/v1beta/models/${MODELS.openai}:countTokens`, { generateContentRequest: { model: `models/${MODELS.openai}`, ...hi, systemInstruction: { parts: [{ text: 'You are a careful assistant who answers briefly.' }] } } });
    expect(res.status).toBe(200);
    expect(res.json.totalTokens).toBeGreaterThan(10);
  });

  it('countTokens takes the names generateContent takes, and refuses an unknown one as it does: 404 NOT_FOUND', async () => {
    await h.app.service.updateRoutingRules({ aliases: { 'count-alias': [MODELS.openai] } });
    try {
      for (const name of ['auto', 'eco', 'count-alias', encodeURIComponent(MODELS.openai), MODELS.gemini, 'gpt-fake']) {
        const res = await post(`/v1beta/models/${name}:countTokens`, hi);
        expect(res.status, name).toBe(200);
        expect(res.json.totalTokens).toBeGreaterThan(0);
      }
    } finally {
      await h.app.service.updateRoutingRules({ aliases: {} });
    }
    for (const method of ['countTokens', 'generateContent']) {
      const res = await post(`/v1beta/models/nope:${method}`, hi);
      expectGoogleError(res, 404, 'NOT_FOUND');
      expect(res.json.error.message).toContain("unknown model 'nope'");
    }
  });

  it('snake_case fields, as Google\'s curl examples write them, work the same', async () => {
    const res = await post(`/v1beta/models/${MODELS.openai}:generateContent`, {
      system_instruction: { parts: [{ text: 'snake system' }] },
      contents: [{ role: 'user', parts: [{ text: 'hi' }, { inline_data: { mime_type: 'image/png', data: 'iVBORw0KGgo=' } }] }],
      generation_config: { max_output_tokens: 32, stop_sequences: ['END'] },
    });
    expect(res.status).toBe(200);
    const sent = h.openai.requests.at(-1)!.body;
    expect(sent.messages[0]).toEqual({ role: 'system', content: 'snake system' });
    expect(sent.messages[1].content[1]).toEqual({ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } });
    expect(sent).toMatchObject({ max_tokens: 32, stop: ['END'] });
  });
});

describe('the README', () => {
  it('tells Gemini CLI users what to set', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const s of ['GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:4141', 'GEMINI_API_KEY=', '"selectedType":"gemini-api-key"', 'httpOptions']) expect(readme).toContain(s);
  });
});
