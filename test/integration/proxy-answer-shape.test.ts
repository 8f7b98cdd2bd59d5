// A provider's 200 whose JSON is no answer of its API ({"hello":"world"}, or OpenRouter's `{"error":{...}}`, which
// it documents for failures once a model began: openrouter.ai/docs/errors) is a failed try: the next candidate
// serves, the row names the failed try's kind, and with no candidate left the client gets a 502 in its API's shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './helpers/app-harness';
import { failoverKit, startFailoverHarness } from './helpers/failover-kit';
import { rawRequest } from './helpers/app-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

let h: Harness;
beforeAll(async () => { h = await startFailoverHarness(); });
afterAll(async () => { await h?.close(); });
const kit = failoverKit(() => h);

type Client = 'chat' | 'messages' | 'gemini';
const ask = (client: Client, model: string) => client === 'chat' ? kit.chat(model) : client === 'messages' ? kit.messages(model)
  : rawRequest(`${h.url}/v1beta/models/${model}:generateContent`, {
    headers: { 'content-type': 'application/json', 'x-goog-api-key': h.token },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
  });

const NOT_ANSWERS: [string, unknown, string][] = [
  ['JSON of no API', { hello: 'world' }, 'server'],
  ['an error object naming 502', { error: { message: 'upstream model down', code: 502 } }, 'server'],
  ['an error object naming 429', { error: { message: 'slow down', code: 429 } }, 'rate_limit'],
];

describe('a 200 whose JSON is not an answer fails over', () => {
  for (const upstream of ['fo', 'fa', 'fg'] as const) {
    for (const client of ['chat', 'messages', 'gemini'] as const) {
      it.each(NOT_ANSWERS)(`${upstream} -> ${client} client: %s`, async (_what, body, kind) => {
        const { alias, ids } = await kit.chain(upstream, upstream === 'fa' ? 'fo' : 'fa');
        kit.fakeOf(upstream).faults.push({ kind: 'status', status: 200, body });
        const res = await ask(client, alias);
        expect(res.status, res.text.slice(0, 300)).toBe(200);
        expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
        const entry = await kit.entryOf(res);
        expect(entry.attempts.map((a) => [a.model, a.error_kind])).toEqual([[ids[0], kind], [ids[1], null]]);
      });
    }
  }
});

describe('with no candidate left', () => {
  it.each([
    ['chat', (j: any) => expect(j.error).toMatchObject({ type: expect.any(String), message: expect.stringMatching(/not a chat completion/) })],
    ['messages', (j: any) => expect(j).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.stringMatching(/not a chat completion/) } })],
    ['gemini', (j: any) => expect(j.error).toMatchObject({ code: 502, message: expect.stringMatching(/not a chat completion/) })],
  ] as const)('the %s client gets a 502 in its own API\'s error shape, and the row names the failure', async (client, shape) => {
    const { alias, ids } = await kit.chain('fo');
    h.openai.faults.push({ kind: 'status', status: 200, body: { hello: 'world' } });
    const res = await ask(client, alias);
    expect(res.status, res.text.slice(0, 300)).toBe(502);
    shape(res.json);
    expect(res.text).not.toContain('hello');
    const entry = await kit.entryOf(res);
    expect(entry.attempts.map((a) => [a.model, a.error_kind])).toEqual([[ids[0], 'server']]);
  });
});

describe('what is an answer stays one', () => {
  it('a Gemini prompt blocked (promptFeedback, no candidates) reaches a Gemini client as Google\'s 200', async () => {
    const { alias, ids } = await kit.chain('fg', 'fa');
    const blocked = { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 3, totalTokenCount: 3 } };
    h.gemini.faults.push({ kind: 'status', status: 200, body: blocked });
    const res = await ask('gemini', alias);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[0]);
    expect(res.json).toMatchObject(blocked);
  });

  // Google's JSON leaves an empty list out: an answer with no candidates may hold only these (gemini-2.5-flash)
  const noCandidates = { usageMetadata: { promptTokenCount: 5000, totalTokenCount: 5000 }, modelVersion: 'gemini-2.5-flash', responseId: 'abc' };

  it('a Gemini answer with no candidates field reaches a Gemini client as sent, its prompt tokens in the row', async () => {
    const { alias, ids } = await kit.chain('fg', 'fa');
    h.gemini.faults.push({ kind: 'status', status: 200, body: noCandidates });
    const res = await ask('gemini', alias);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[0]);
    expect(res.json).toMatchObject(noCandidates);
    const entry = await kit.entryOf(res);
    expect(entry.attempts.map((a) => [a.model, a.error_kind])).toEqual([[ids[0], null]]);
    expect(entry.input_tokens).toBe(5000);
  });

  it('translated for an OpenAI chat client, it is the empty answer it is, not a failed try', async () => {
    const { alias, ids } = await kit.chain('fg', 'fa');
    h.gemini.faults.push({ kind: 'status', status: 200, body: noCandidates });
    const res = await ask('chat', alias);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[0]);
    expect(res.json.choices[0].message.content).toBe('');
    expect((await kit.entryOf(res)).input_tokens).toBe(5000);
  });
});

describe('a 200 that is not an answer but states usage', () => {
  it.each([
    ['fo', { usage: { prompt_tokens: 4000, completion_tokens: 7 } }],
    ['fa', { id: 'msg_1', type: 'message', usage: { input_tokens: 4000, output_tokens: 7 } }],
  ] as const)('%s: the failed try carries what the provider billed, counted in the row', async (upstream, body) => {
    const { alias, ids } = await kit.chain(upstream, upstream === 'fa' ? 'fo' : 'fa');
    kit.fakeOf(upstream).faults.push({ kind: 'status', status: 200, body });
    const res = await ask('chat', alias);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
    const entry = await kit.entryOf(res);
    expect(entry.attempts[0]).toMatchObject({ model: ids[0], error_kind: 'server', billed: { input_tokens: 4000, output_tokens: 7 } });
    expect(entry.input_tokens).toBeGreaterThanOrEqual(4000);
  });
});

describe('a stream whose first event is an error object (OpenRouter\'s mid-stream failure)', () => {
  let upstream: RawUpstream;
  beforeAll(async () => {
    upstream = await startRawUpstream((_body, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`: OPENROUTER PROCESSING\n\ndata: ${JSON.stringify({ error: { message: 'Provider returned error', code: 502 } })}\n\n`);
    });
    await h.app.service.createProvider({ id: 'orish', name: 'orish', type: 'openai-compatible', base_url: `${upstream.origin}/v1`, api_key: 'sk-orish-0123456789abcdef' });
  });
  afterAll(async () => { await upstream?.close(); });

  it.each(['chat', 'messages'] as const)('fails over before anything reached the %s client', async (client) => {
    const { alias, ids } = await kit.chain('orish', 'fa');
    const res = await (client === 'chat' ? kit.chat(alias, true) : kit.messages(alias, true));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
    expect(res.text).not.toContain('Provider returned error');
    const entry = await kit.entryOf(res);
    expect(entry.attempts.map((a) => [a.model, a.error_kind])).toEqual([[ids[0], 'server'], [ids[1], null]]);
  });
});
