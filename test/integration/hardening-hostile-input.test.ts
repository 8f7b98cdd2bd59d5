// Hostile request bodies against the proxy and the admin API: each gets a 4xx in the endpoint's
// own error shape, nothing is stored, nothing reaches an upstream, and the process keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_CONTAINERS } from '../../src/node/proxy/body-guard';
import { startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest, queryAll, usageRow, type RawResponse } from './helpers/hardening-kit';

let h: Harness;
const upstreamCount = () => h.openai.requests.length + h.anthropic.requests.length + h.gemini.requests.length;

beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const msg = (content: unknown, role = 'user') => ({ role, content });
const chat = (extra: Record<string, unknown>) => JSON.stringify({ model: 'fo/gpt-fake', messages: [msg('hi')], ...extra });
const deep = (n: number, leaf = '1') => `${'{"a":'.repeat(n)}${leaf}${'}'.repeat(n)}`;
const deepArray = (n: number) => `${'['.repeat(n)}"x"${']'.repeat(n)}`;

/**
 * Values only the provider can judge (its ranges, roles and parts change with its releases): same
 * format in and out, they are forwarded as sent and the provider's own answer reaches the client.
 */
const FORWARDED_CASES: [string, string][] = [
  ['unknown role', chat({ messages: [msg('hi', 'wizard')] })],
  ['content part unknown', chat({ messages: [msg([{ type: 'exploit', data: 'x' }])] })],
  ['temperature as a string', chat({ temperature: 'NaN' })],
  ['negative temperature', chat({ temperature: -5 })],
  ['n = 2', chat({ n: 2 })],
];

/** [name, raw body] for /v1/chat/completions (OpenAI shape): malformed, refused before routing */
const OPENAI_CASES: [string, string][] = [
  ['truncated JSON', '{"model":"fo/gpt-fake","messages":[{"role":"user","content":"hi"'],
  ['empty body', ''],
  ['[]', '[]'],
  ['null', 'null'],
  ['a string', '"hello"'],
  ['a number', '42'],
  ['{}', '{}'],
  ['no messages', JSON.stringify({ model: 'fo/gpt-fake' })],
  ['no model', JSON.stringify({ messages: [msg('hi')] })],
  ['model wrong type', JSON.stringify({ model: 123, messages: [msg('hi')] })],
  ['model an object', JSON.stringify({ model: { $ne: null }, messages: [msg('hi')] })],
  ['messages a string', chat({ messages: 'hi' })],
  ['messages empty', chat({ messages: [] })],
  ['message null', chat({ messages: [null] })],
  ['role wrong type', chat({ messages: [{ role: 7, content: 'hi' }] })],
  ['content wrong type', chat({ messages: [msg(12345)] })],
  ['negative max_tokens', chat({ max_tokens: -1 })],
  ['fractional max_tokens', chat({ max_tokens: 1.5 })],
  ['huge max_tokens (1e400 = Infinity)', '{"model":"fo/gpt-fake","messages":[{"role":"user","content":"hi"}],"max_tokens":1e400}'],
  ['NaN literal', '{"model":"fo/gpt-fake","messages":[{"role":"user","content":"hi"}],"temperature":NaN}'],
  ['stream not a boolean', chat({ stream: 'yes' })],
  ['tools not an array', chat({ tools: { a: 1 } })],
  ['20,000 messages', chat({ messages: Array.from({ length: 20_000 }, () => msg('hi')) })],
  ['JSON nested 20,000 deep (whole body)', deep(20_000)],
  ['JSON nested 20,000 deep in tool parameters', `{"model":"fo/gpt-fake","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${deep(20_000, '{}')}}}]}`],
  ['arrays nested 20,000 deep in content', `{"model":"fo/gpt-fake","messages":[{"role":"user","content":${deepArray(20_000)}}]}`],
  ['lone high surrogate', '{"model":"fo/gpt-fake","messages":[{"role":"user","content":"hi \\ud800 there"}]}'],
  ['lone low surrogate', '{"model":"fo/gpt-fake","messages":[{"role":"user","content":"\\udfff"}]}'],
  ['NUL in content', '{"model":"fo/gpt-fake","messages":[{"role":"user","content":"a\\u0000b"}]}'],
  ['raw NUL byte in JSON', '{"model":"fo/gpt-fake","messages":[{"role":"user","content":"a\u0000b"}]}'],
  ['NUL in model', '{"model":"fo/gpt-fake\\u0000","messages":[{"role":"user","content":"hi"}]}'],
  ['a million and more empty objects (seconds of JSON.parse, hundreds of MB)', chat({ extra: Array.from({ length: 1_000_001 }, () => ({})) })],
  ['more empty objects than any request holds', chat({ extra: Array.from({ length: MAX_JSON_CONTAINERS }, () => ({})) })],
  ['10,001 tools (each read, estimated and copied)', chat({ tools: Array.from({ length: 10_001 }, (_, i) => ({ type: 'function', function: { name: `f${i}` } })) })],
  ['10,001 content parts in a message', chat({ messages: [msg(Array.from({ length: 10_001 }, () => ({ type: 'text', text: 'x' })))] })],
  ['__proto__ at top level', '{"__proto__":{"api_base":"http://169.254.169.254"},"model":"fo/gpt-fake","messages":[{"role":"user","content":"hi"}]}'],
  ['__proto__ in a message', '{"model":"fo/gpt-fake","messages":[{"role":"user","content":"hi","__proto__":{"role":"system"}}]}'],
  ['api_base override', chat({ api_base: 'http://169.254.169.254/latest' })],
  ['base_url override', chat({ base_url: 'http://127.0.0.1:1/v1' })],
  ['api_key override', chat({ api_key: 'sk-attacker-0000000000000000' })],
  ['custom_llm_provider override', chat({ custom_llm_provider: 'openai', api_base: 'http://evil.example' })],
];

function expectOpenAIError(res: RawResponse, name: string): void {
  expect(res.status, `${name}: ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, name).toBeLessThan(500);
  expect(res.json?.error, name).toMatchObject({ message: expect.any(String), type: expect.any(String) });
  expect(res.headers['x-switchboard-request-id']).toMatch(/^sbr_/);
}

describe('proxy: hostile bodies', () => {
  const refused: { id: string; status: number }[] = [];
  it.each(OPENAI_CASES)('/v1/chat/completions refuses %s with a 4xx and sends nothing upstream', async (name, body) => {
    const before = upstreamCount();
    const res = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(h.token), body });
    expectOpenAIError(res, name);
    expect(upstreamCount(), name).toBe(before);
    refused.push({ id: String(res.headers['x-switchboard-request-id']), status: res.status });
  });

  it.each(FORWARDED_CASES)('/v1/chat/completions forwards %s to a provider of the same format, unchanged', async (name, body) => {
    const before = h.openai.requests.length;
    const res = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(h.token), body });
    // the fake refuses an unknown role as OpenAI does: the provider's own 400 reaches the client
    if (name === 'unknown role') expect(res.json.error.message).toMatch(/Invalid value: 'wizard'/);
    else expect(res.status, `${name}: ${res.text.slice(0, 200)}`).toBe(200);
    expect(h.openai.requests.length).toBe(before + 1);
    const sent = h.openai.requests[h.openai.requests.length - 1]!.body as Record<string, unknown>;
    const { model: _sentModel, ...sentRest } = sent;
    const { model: _asked, ...askedRest } = JSON.parse(body) as Record<string, unknown>;
    expect(sentRest, name).toEqual(askedRest);
  });

  it('recorded each refusal as an error row with no tokens, no cost and no model', async () => {
    expect(refused.length).toBe(OPENAI_CASES.length);
    for (const { id, status } of refused) {
      const row = await usageRow(h.dataDir, id);
      expect(row).toMatchObject({ status, input_tokens: 0, output_tokens: 0, cost_usd: 0, model_id: null, provider_id: null });
    }
  });

  it.each([
    ['truncated JSON', '{"model":"fa/claude-fake","max_tokens":5,"messages":[{"role":"user"'],
    ['[]', '[]'],
    ['null', 'null'],
    ['missing max_tokens', JSON.stringify({ model: 'fa/claude-fake', messages: [msg('hi')] })],
    ['negative max_tokens', JSON.stringify({ model: 'fa/claude-fake', max_tokens: -3, messages: [msg('hi')] })],
    ['content wrong type', JSON.stringify({ model: 'fa/claude-fake', max_tokens: 5, messages: [msg({ evil: true })] })],
    ['nested 20,000 deep', deep(20_000)],
    ['lone surrogate', '{"model":"fa/claude-fake","max_tokens":5,"messages":[{"role":"user","content":"\\ud83d"}]}'],
    ['__proto__', '{"model":"fa/claude-fake","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"__proto__":{"x":1}}'],
    ['api_base override', JSON.stringify({ model: 'fa/claude-fake', max_tokens: 5, messages: [msg('hi')], api_base: 'http://169.254.169.254' })],
    ['10,001 tools', JSON.stringify({ model: 'fa/claude-fake', max_tokens: 5, messages: [msg('hi')], tools: Array.from({ length: 10_001 }, (_, i) => ({ name: `t${i}`, input_schema: { type: 'object' } })) })],
    ['10,001 blocks in a message', JSON.stringify({ model: 'fa/claude-fake', max_tokens: 5, messages: [msg(Array.from({ length: 10_001 }, () => ({ type: 'text', text: 'x' })))] })],
  ])('/v1/messages refuses %s in the Anthropic error shape', async (name, body) => {
    const before = upstreamCount();
    const res = await httpRequest(h.url, '/v1/messages', { method: 'POST', headers: authJson(h.token), body });
    expect(res.status, `${name}: ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.json).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
    expect(upstreamCount()).toBe(before);
  });

  it('/v1/responses and Gemini refuse more tools or parts than any client sends, in their own error shapes, naming the field', async () => {
    const before = upstreamCount();
    const fns = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'function', name: `f${i}` }));
    const responses = async (extra: Record<string, unknown>) => httpRequest(h.url, '/v1/responses', { method: 'POST', headers: authJson(h.token), body: JSON.stringify({ model: 'fo/gpt-fake', input: 'hi', ...extra }) });
    const tools = await responses({ tools: [{ type: 'namespace', name: 'mcp', tools: fns(10_000) }] });
    expect(tools.status).toBe(400);
    expect(tools.json.error).toMatchObject({ message: expect.stringContaining('tools[0].tools: at most 10000 tools in one request'), param: 'tools[0].tools' });
    const parts = await responses({ input: [{ role: 'user', content: Array.from({ length: 10_001 }, () => ({ type: 'input_text', text: 'x' })) }] });
    expect(parts.json.error).toMatchObject({ message: expect.stringContaining('input[0].content: at most 10000 content parts in one message'), param: 'input[0].content' });
    const gemini = async (body: Record<string, unknown>) => httpRequest(h.url, '/v1beta/models/fg/gemini-fake:generateContent', { method: 'POST', headers: authJson(h.token), body: JSON.stringify(body) });
    const declared = await gemini({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }], tools: [{ functionDeclarations: Array.from({ length: 10_001 }, (_, i) => ({ name: `f${i}` })) }] });
    expect(declared.status).toBe(400);
    expect(declared.json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('tools[0].functionDeclarations: at most 10000 tools in one request') });
    const geminiParts = await gemini({ contents: [{ role: 'user', parts: Array.from({ length: 10_001 }, () => ({ text: 'x' })) }] });
    expect(geminiParts.json.error.message).toContain('contents[0].parts: at most 10000 content parts in one message');
    expect(upstreamCount()).toBe(before);
  });

  it.each([
    ['[]', '[]'],
    ['input wrong type', JSON.stringify({ model: 'fo/embed-fake', input: { a: 1 } })],
    ['nested deep', `{"model":"fo/embed-fake","input":${deepArray(20_000)}}`],
    ['lone surrogate', '{"model":"fo/embed-fake","input":"\\udc00"}'],
  ])('/v1/embeddings refuses %s', async (name, body) => {
    const before = upstreamCount();
    const res = await httpRequest(h.url, '/v1/embeddings', { method: 'POST', headers: authJson(h.token), body });
    expectOpenAIError(res, name);
    expect(upstreamCount()).toBe(before);
  });

  it('refuses a 50 MB body with 413, declared or chunked, and keeps serving', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x61);
    const before = upstreamCount();
    const declared = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(h.token), body: big });
    expect(declared.status).toBe(413);
    expect(declared.json.error.type).toBe('request_too_large');
    const chunked = await httpRequest(h.url, '/v1/chat/completions', {
      method: 'POST', headers: authJson(h.token, { 'transfer-encoding': 'chunked' }), body: Buffer.concat([Buffer.from('{"model":"'), big]),
    }).catch((e: Error) => ({ status: -1, error: e }));
    // the server may answer 413 and close before the client finished sending: either is a refusal
    expect([413, -1]).toContain(chunked.status);
    expect(upstreamCount()).toBe(before);
    const ok = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(h.token), body: chat({}) });
    expect(ok.status).toBe(200);
  }, 30_000);

  it('still answers a good request after all of it, and nothing was polluted', async () => {
    // constructor/prototype are ordinary names (a tool schema may have such a property): plain data, no pollution
    const body = '{"model":"fo/gpt-fake","messages":[{"role":"user","content":"hi"}],"constructor":{"prototype":{"polluted":true}},'
      + '"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"constructor":{"type":"string"}}}}}]}';
    const res = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(h.token), body });
    expect(res.status).toBe(200);
    expect(h.openai.requests.at(-1)?.body?.tools?.[0]?.function?.parameters?.properties?.constructor).toEqual({ type: 'string' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).api_base).toBeUndefined();
  });
});

describe('admin API: hostile bodies', () => {
  const snapshotState = () => JSON.stringify(queryAll(h.dataDir, `
    SELECT (SELECT COUNT(*) FROM providers) AS p, (SELECT COUNT(*) FROM models) AS m, (SELECT COUNT(*) FROM users) AS u,
           (SELECT COUNT(*) FROM user_tokens) AS t, (SELECT COUNT(*) FROM byok) AS b, (SELECT COUNT(*) FROM audit_log) AS a,
           (SELECT group_concat(base_url) FROM providers) AS urls`));
  const provider = (extra: Record<string, unknown>) => JSON.stringify({ name: 'Evil', type: 'openai-compatible', base_url: 'https://evil.example/v1', ...extra });

  const ADMIN_CASES: [string, string, string, string][] = [
    ['POST', '/api/v1/llm/providers', 'truncated JSON', '{"name":"x","type":"openai'],
    ['POST', '/api/v1/llm/providers', '[]', '[]'],
    ['POST', '/api/v1/llm/providers', 'null', 'null'],
    ['POST', '/api/v1/llm/providers', 'a number', '7'],
    ['POST', '/api/v1/llm/providers', 'missing type', JSON.stringify({ name: 'x' })],
    ['POST', '/api/v1/llm/providers', 'wrong type', JSON.stringify({ name: 'x', type: 'evilcorp' })],
    ['POST', '/api/v1/llm/providers', 'name not a string', provider({ name: ['a'] })],
    ['POST', '/api/v1/llm/providers', 'priority NaN (string)', provider({ priority: 'NaN' })],
    ['POST', '/api/v1/llm/providers', 'priority huge', provider({ priority: 1e308 })],
    ['POST', '/api/v1/llm/providers', 'priority Infinity', '{"name":"x","type":"openai","priority":1e999}'],
    ['POST', '/api/v1/llm/providers', 'nested 20,000 deep', `{"name":${deep(20_000)},"type":"openai"}`],
    ['POST', '/api/v1/llm/providers', 'lone surrogate in name', '{"name":"a\\ud800b","type":"openai"}'],
    ['POST', '/api/v1/llm/providers', 'NUL in name', '{"name":"a\\u0000b","type":"openai"}'],
    ['POST', '/api/v1/llm/providers', '__proto__', '{"name":"x","type":"openai","__proto__":{"base_url":"http://169.254.169.254"}}'],
    ['POST', '/api/v1/llm/providers', 'api_base (unknown field)', provider({ api_base: 'http://169.254.169.254' })],
    ['POST', '/api/v1/llm/providers', 'key with CR/LF', provider({ api_key: 'sk-abc\r\nX-Injected: 1' })],
    ['POST', '/api/v1/llm/providers', 'key with a lone LF', provider({ api_key: 'sk-abc\nevil' })],
    ['POST', '/api/v1/llm/providers', 'key non-ASCII', provider({ api_key: 'sk-ключ-0000000000' })],
    ['POST', '/api/v1/llm/providers', 'key with NUL', provider({ api_key: 'sk-abc\u0000def' })],
    ['POST', '/api/v1/llm/providers', 'id with SQL', provider({ id: "x'); DROP TABLE providers; --" })],
    ['POST', '/api/v1/llm/providers', 'name with RTL override', provider({ name: 'safe\u202Etxt.exe' })],
    ['POST', '/api/v1/llm/providers', 'name of 10,000 characters', provider({ name: 'n'.repeat(10_000) })],
    ['POST', '/api/v1/llm/providers', 'id of 10,000 characters', provider({ id: 'a'.repeat(10_000) })],
    ['PUT', '/api/v1/llm/providers/fo', 'patch []', '[]'],
    ['PUT', '/api/v1/llm/providers/fo', 'patch key CR/LF', JSON.stringify({ api_key: 'k\r\nHost: evil' })],
    ['PUT', '/api/v1/llm/providers/fo', 'patch api_base', JSON.stringify({ api_base: 'http://169.254.169.254' })],
    ['PUT', '/api/v1/llm/providers/fo', 'patch enabled "yes"', JSON.stringify({ enabled: 'yes' })],
    ['POST', '/api/v1/llm/models', 'negative price', JSON.stringify({ provider_id: 'fo', model_name: 'x', input_cost_per_1m: -1, output_cost_per_1m: 1, context_length: 10 })],
    ['POST', '/api/v1/llm/models', 'context length huge', JSON.stringify({ provider_id: 'fo', model_name: 'x', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 1e300 })],
    ['POST', '/api/v1/llm/models', 'model name with whitespace and RTL', JSON.stringify({ provider_id: 'fo', model_name: 'a\u202Eb', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 10 })],
    ['POST', '/api/v1/llm/users', 'user name 10,000 chars', JSON.stringify({ name: 'u'.repeat(10_000) })],
    ['POST', '/api/v1/llm/users', 'user id with SQL', JSON.stringify({ id: "1 OR 1=1", name: 'x' })],
    ['POST', '/api/v1/llm/users/default/byok', 'BYOK key with CR/LF', JSON.stringify({ provider_id: 'fo', api_key: 'sk-x\r\nX: y' })],
    ['POST', '/api/v1/llm/users/default/byok', 'BYOK key non-ASCII', JSON.stringify({ provider_id: 'fo', api_key: 'sk-é' })],
    ['PUT', '/api/v1/llm/routing/rules', 'rules wrong types', JSON.stringify({ max_retries: -1, timeout_ms: 'NaN' })],
    ['PUT', '/api/v1/llm/routing/rules', 'rules __proto__', '{"aliases":{"__proto__":["fo/gpt-fake"]}}'],
    ['PUT', '/api/v1/llm/settings', 'retention huge', JSON.stringify({ usage_retention_days: 1e12 })],
    ['POST', '/api/v1/llm/route/preview', 'preview [] request', JSON.stringify({ request: [] })],
  ];

  it.each(ADMIN_CASES)('%s %s refuses %s with a 4xx {error:{message}} and changes nothing', async (method, path, name, body) => {
    const before = snapshotState();
    const upstream = upstreamCount();
    const res = await httpRequest(h.url, path, { method, headers: authJson(h.app.adminToken), body });
    expect(res.status, `${name}: ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(res.status, name).toBeLessThan(500);
    expect(res.json?.error?.message, name).toEqual(expect.any(String));
    expect(Object.keys(res.json.error).every((k) => k === 'message' || k === 'field')).toBe(true);
    // SPEC: invalid input is {"error":{"message","field"}}, the field null when it is the whole body
    if (res.status === 400) expect(res.json.error, name).toHaveProperty('field');
    expect(snapshotState(), name).toBe(before);
    expect(upstreamCount()).toBe(upstream);
  });

  it('refuses a 50 MB admin body with 413', async () => {
    const before = snapshotState();
    const res = await httpRequest(h.url, '/api/v1/llm/providers', {
      method: 'POST', headers: authJson(h.app.adminToken), body: Buffer.alloc(50 * 1024 * 1024, 0x20),
    }).catch(() => ({ status: 413 }) as RawResponse);
    expect(res.status).toBe(413);
    expect(snapshotState()).toBe(before);
  }, 30_000);

  it('stores SQL-looking names literally and keeps every table', async () => {
    const evil = "Robert'); DROP TABLE providers; -- \"quoted\" %_ \\";
    const created = await httpRequest(h.url, '/api/v1/llm/providers', {
      method: 'POST', headers: authJson(h.app.adminToken), body: provider({ id: 'bobby', name: evil }),
    });
    expect(created.status).toBe(200);
    expect(created.json.name).toBe(evil);
    const model = await httpRequest(h.url, '/api/v1/llm/models', {
      method: 'POST', headers: authJson(h.app.adminToken),
      body: JSON.stringify({ provider_id: 'bobby', model_name: "m';DELETE/**/FROM/**/models;--", input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100, enabled: false }),
    });
    expect(model.status).toBe(200);
    expect(model.json.id).toBe("bobby/m';DELETE/**/FROM/**/models;--");
    const got = await httpRequest(h.url, `/api/v1/llm/models?provider_id=${encodeURIComponent("bobby' OR '1'='1")}`, { headers: { authorization: `Bearer ${h.app.adminToken}` } });
    expect(got.status === 200 ? got.json : []).toEqual([]);
    const list = await httpRequest(h.url, '/api/v1/llm/providers', { headers: { authorization: `Bearer ${h.app.adminToken}` } });
    expect(list.json.find((p: { id: string }) => p.id === 'bobby').name).toBe(evil);
    expect(queryAll(h.dataDir, 'SELECT COUNT(*) AS n FROM models WHERE provider_id = ?', 'fo')[0]).toEqual({ n: 2 });
    const del = await httpRequest(h.url, `/api/v1/llm/models/${encodeURIComponent(model.json.id)}`, { method: 'DELETE', headers: { authorization: `Bearer ${h.app.adminToken}` } });
    expect(del.status).toBe(200);
    await h.app.service.deleteProvider({ id: 'bobby' });
  });

  it('answers unknown, malformed and over-long path ids with 4xx', async () => {
    for (const path of [
      `/api/v1/llm/providers/${'a'.repeat(10_000)}`, '/api/v1/llm/providers/%E0%A4%A', `/api/v1/llm/providers/${encodeURIComponent("x' OR 1=1")}`,
      '/api/v1/llm/models/%00', '/api/v1/llm/users/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    ]) {
      const res = await httpRequest(h.url, path, { method: 'PUT', headers: authJson(h.app.adminToken), body: '{"name":"x"}' });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
  });
});
