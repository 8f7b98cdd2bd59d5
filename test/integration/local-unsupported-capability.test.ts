// An Ollama model without a tool template answers a request with tools 400 "... does not support tools" (Ollama's
// capability check). That is the model unable to take this request, not the request at fault: the next candidate
// of the alias serves it; with none left the client gets 400 model_not_supported with Ollama's words; and the model
// is not cooled down or put last, since it serves requests without tools as before. Real proxy on 127.0.0.1; the
// Ollama is a fake speaking its /v1 error body as sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { activityEntryOf, chatCalls, startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

const NO_TOOLS = 'registry.ollama.ai/library/llama3.2:latest does not support tools';
const OLLAMA_400 = { error: { message: NO_TOOLS, type: 'api_error', param: null, code: null } };
const TOOLS = [{ name: 'get_weather', description: 'weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }];

let h: RoutingHarness;
let oll: FakeProvider;

const messages = (model: string, tools: boolean) => fetch(`${h.url}/v1/messages`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-api-key': h.token, 'anthropic-version': '2023-06-01' },
  body: JSON.stringify({ model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }], ...(tools ? { tools: TOOLS } : {}) }),
});

beforeAll(async () => {
  h = await startRoutingHarness();
  oll = await startFakeOpenAI({ models: ['llama3.2'], text: 'answer from ollama' });
  const s = h.app.service;
  await s.createProvider({ id: 'oll', name: 'Ollama', type: 'ollama', base_url: oll.url });
  await s.createModel({ provider_id: 'oll', model_name: 'llama3.2', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 32768, capabilities: ['chat', 'tools'] });
  expect(await s.testProvider({ provider_id: 'oll' })).toMatchObject({ ok: true });
  await s.updateRoutingRules({ aliases: { fast: ['oll/llama3.2', 'mid/mid'], solo: ['oll/llama3.2'] } });
});

afterAll(async () => {
  await h?.close();
  await oll?.close();
});

describe('an Ollama model that does not support tools', () => {
  it('passes a request with tools to the next candidate, and still serves the next request without tools', async () => {
    h.resetFakes();
    oll.requests.length = 0;
    oll.faults.push({ kind: 'status', status: 400, body: OLLAMA_400 });
    const res = await messages('fast', true);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe('mid/mid');
    expect(chatCalls(oll)).toHaveLength(1);
    expect(chatCalls(h.mid)).toHaveLength(1);
    const entry = await activityEntryOf(h.app, res);
    expect(entry.attempts[0]).toMatchObject({ model: 'oll/llama3.2', error_kind: 'untranslatable' });

    // not cooled down nor put last: a request without tools goes to it first, as before
    const plain = await messages('fast', false);
    expect(plain.status, await plain.clone().text()).toBe(200);
    expect(plain.headers.get('x-switchboard-model')).toBe('oll/llama3.2');
    expect(chatCalls(oll)).toHaveLength(2);
    expect(chatCalls(h.mid)).toHaveLength(1);
  });

  it('with nothing else to try, answers 400 model_not_supported carrying Ollama\'s words, after one try', async () => {
    oll.requests.length = 0;
    oll.faults.push({ kind: 'status', status: 400, body: OLLAMA_400 }, { kind: 'status', status: 400, body: OLLAMA_400 });
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify({
        model: 'solo', messages: [{ role: 'user', content: 'hi' }],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; type: string; code: string } };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_supported' });
    expect(body.error.message).toContain(NO_TOOLS);
    expect(chatCalls(oll)).toHaveLength(1);
    oll.faults.length = 0;
  });
});
