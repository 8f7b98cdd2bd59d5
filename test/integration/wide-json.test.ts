// JSON broad rather than deep: one object of hundreds of thousands of keys, or an array of as many
// numbers, is one container, yet JSON.parse and the passes after it hold the event loop for seconds.
// Refused by counting values and keys before parsing, from a client (400) and from a provider (failed over).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYOUTS_FROM_BYTES, MAX_ANSWER_JSON_KEYS, MAX_ANSWER_JSON_LAYOUTS, MAX_ANSWER_JSON_VALUES, MAX_JSON_VALUES } from '../../src/node/proxy/body-guard';
import { logprobsAnswer } from '../fixtures/openai/logprobs-answer';
import { anthropicFixture } from '../fixtures/anthropic/load-fixture';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // a second try a model where it may help: a refused answer is not one of those
  await h.app.service.updateRoutingRules({ retries_per_model: 1, fallbacks: { [MODELS.openai]: [MODELS.gemini] } });
});
afterAll(async () => { await h?.close(); });

const upstreamCount = () => h.openai.requests.length + h.anthropic.requests.length + h.gemini.requests.length;
const over = (n: number): string => n.toLocaleString('en-US');

/** `{"k0":1,...}` with `keys` keys: one container, two values and keys a key. */
const wideObject = (keys: number): string => {
  const parts: string[] = [];
  for (let i = 0; i < keys; i++) parts.push(`"k${i}":1`);
  return `{${parts.join(',')}}`;
};
const post = (path: string, body: string, headers: Record<string, string> = {}) => rawRequest(`${h.url}${path}`, {
  headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', ...headers }, body,
});

describe('a request holding more values and keys than any real one', () => {
  const wide = wideObject(MAX_JSON_VALUES / 2 + 1);

  it('gets a 400 in its API\'s own shape naming the limit, nothing reaches a provider, and /healthz answers meanwhile', async () => {
    const before = upstreamCount();
    const chat = `{"model":"${MODELS.openai}","messages":[{"role":"user","content":"hi"}],"x":${wide}}`;
    const [res, health] = await Promise.all([post('/v1/chat/completions', chat), fetch(`${h.url}/healthz`)]);
    expect(res.status, res.text.slice(0, 200)).toBe(400);
    expect(res.json.error).toMatchObject({ type: 'invalid_request_error', message: `the request holds more than ${over(MAX_JSON_VALUES)} JSON values and keys` });
    expect(health.status).toBe(200);
    const anthropic = await post('/v1/messages', `{"model":"${MODELS.anthropic}","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"metadata":${wide}}`, { 'anthropic-version': '2023-06-01' });
    expect(anthropic.status).toBe(400);
    expect(anthropic.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: `the request holds more than ${over(MAX_JSON_VALUES)} JSON values and keys` } });
    const numbers = await post('/v1/chat/completions', `{"model":"${MODELS.openai}","messages":[{"role":"user","content":"hi"}],"x":[${'1,'.repeat(MAX_JSON_VALUES)}1]}`);
    expect(numbers.json.error.message).toBe(`the request holds more than ${over(MAX_JSON_VALUES)} JSON values and keys`);
    expect(upstreamCount()).toBe(before);
  });

  it('is refused before it is parsed: a wide body cut short is refused for its breadth, not as invalid JSON', async () => {
    const cut = await post('/v1/chat/completions', `{"model":"${MODELS.openai}","messages":[{"role":"user","content":"hi"}],"x":${wide.slice(0, -1)}`);
    expect(cut.status).toBe(400);
    expect(cut.json.error.message).toBe(`the request holds more than ${over(MAX_JSON_VALUES)} JSON values and keys`);
    // the same cut short of the bound is parsed, and found not to be JSON
    const narrow = await post('/v1/chat/completions', `{"model":"${MODELS.openai}","messages":[{"role":"user","content":"hi"}],"x":${wideObject(1000).slice(0, -1)}`);
    expect(narrow.json.error.message).toBe('The request body is not valid JSON');
  });

  it('commas and colons inside strings are not counted: a prompt of a million of them passes', async () => {
    // escaped quotes and backslashes among them: the string ends where JSON says
    const content = 'a:b, "c",\\'.repeat(MAX_JSON_VALUES / 2);
    const res = await post('/v1/messages/count_tokens', JSON.stringify({ model: MODELS.anthropic, messages: [{ role: 'user', content }] }), { 'anthropic-version': '2023-06-01' });
    expect(res.status, res.text.slice(0, 200)).toBe(200);
  });

  it('passes the largest request README promises: 10,000 of Claude Code\'s tools (26 MB, ~416,000 values and keys)', async () => {
    const cc = anthropicFixture('claude-code-tool-result.request.json') as { tools: { name: string }[] };
    const tools = Array.from({ length: 10_000 }, (_, i) => ({ ...cc.tools[i % cc.tools.length], name: `${cc.tools[i % cc.tools.length]!.name}_${i}` }));
    const res = await post('/v1/messages/count_tokens', JSON.stringify({ ...cc, tools }), { 'anthropic-version': '2023-06-01' });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.json.input_tokens).toBeGreaterThan(1_000_000);
  });
});

describe('a logprobs answer (top_logprobs 20), broader than any request', () => {
  // ~3,000 tokens (3.6 MB, ~540,000 values and keys) was refused when answers were held to a request's bound
  const TOKENS = 3000;
  const request = { model: MODELS.openai, logprobs: true, top_logprobs: 20, max_tokens: 4000, messages: [{ role: 'user', content: 'write' }] };

  it('is forwarded whole to a chat client, and billed its tokens', async () => {
    const before = h.openai.requests.length;
    h.openai.faults.push({ kind: 'status', status: 200, body: logprobsAnswer(TOKENS) });
    const res = await post('/v1/chat/completions', JSON.stringify(request));
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(MODELS.openai);
    expect(res.json.choices[0].logprobs.content).toHaveLength(TOKENS);
    expect(res.json.choices[0].logprobs.content[TOKENS - 1].top_logprobs).toHaveLength(20);
    expect(h.openai.requests.length - before).toBe(1);
    const row = (await h.app.service.listRequests({ limit: 1 })).requests[0]!;
    expect(row).toMatchObject({ status: 200, model_id: MODELS.openai, output_tokens: TOKENS });
    expect(row.cost_usd).toBeGreaterThan(0);
  });

  it('is translated for an Anthropic client', async () => {
    h.openai.faults.push({ kind: 'status', status: 200, body: logprobsAnswer(TOKENS) });
    const { logprobs: _l, top_logprobs: _t, ...rest } = request;
    const res = await post('/v1/messages', JSON.stringify(rest), { 'anthropic-version': '2023-06-01' });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(MODELS.openai);
    expect(res.json.content).toEqual([{ type: 'text', text: ' word'.repeat(TOKENS) }]);
    expect(res.json.usage).toMatchObject({ output_tokens: TOKENS });
  });
});

describe('a provider answer broader than any answer is given', () => {
  const wideAnswer = (extra: unknown) => ({
    id: 'chatcmpl-wide', object: 'chat.completion', created: 1, model: 'gpt-fake',
    choices: [{ index: 0, message: { role: 'assistant', content: 'the wide answer' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    x: extra,
  });
  const objectKeys = `more than ${over(MAX_ANSWER_JSON_KEYS)} distinct JSON object keys`;
  const chat = JSON.stringify({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] });

  it.each([
    // keys and layouts are counted past LAYOUTS_FROM_BYTES only: a long string brings the answer there
    ['keys (the hunter\'s answer: one object of millions)', () => ({ pad: 'x'.repeat(LAYOUTS_FROM_BYTES), ...JSON.parse(wideObject(MAX_ANSWER_JSON_KEYS + 100)) }), objectKeys],
    ['object layouts', () => Array.from({ length: MAX_ANSWER_JSON_LAYOUTS * 100 }, (_, i) => ({ [`k${i % (MAX_ANSWER_JSON_LAYOUTS + 1)}`]: 1 })), `more than ${over(MAX_ANSWER_JSON_LAYOUTS)} distinct JSON object layouts (key sequences)`],
    ['values', () => Array.from({ length: MAX_ANSWER_JSON_VALUES + 1 }, () => 1), `more than ${over(MAX_ANSWER_JSON_VALUES)} JSON values and keys`],
  ])('holding too many %s, is a failed try, never parsed nor tried again on its model: the request is failed over to the next candidate', async (_what, extra, message) => {
    const before = h.openai.requests.length;
    h.openai.faults.push({ kind: 'status', status: 200, body: wideAnswer(extra()) });
    const res = await post('/v1/chat/completions', chat);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(MODELS.gemini);
    expect(res.json.choices[0].message.content).not.toBe('the wide answer');
    expect(h.openai.requests.length - before).toBe(1);
    const row = (await h.app.service.listRequests({ limit: 1 })).requests[0]!;
    expect(row.attempts.map((a) => [a.model, a.error_kind])).toEqual([[MODELS.openai, 'server'], [MODELS.gemini, null]]);
    expect(row.attempts[0]).toMatchObject({ message: `upstream response holds ${message}` });
  });

  it('with no other candidate, the client gets a 502 naming the limit', async () => {
    h.anthropic.faults.push({ kind: 'status', status: 200, body: {
      id: 'msg_wide', type: 'message', role: 'assistant', model: 'claude-fake', content: [{ type: 'text', text: 'the wide answer' }],
      stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 }, pad: 'x'.repeat(LAYOUTS_FROM_BYTES), x: JSON.parse(wideObject(MAX_ANSWER_JSON_KEYS + 100)),
    } });
    const res = await post('/v1/messages', JSON.stringify({ model: MODELS.anthropic, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }), { 'anthropic-version': '2023-06-01' });
    expect(res.status, res.text.slice(0, 300)).toBe(502);
    expect(res.json.error.message).toContain(objectKeys);
  });
});
