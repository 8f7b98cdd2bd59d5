// A model pulled into Ollama (or downloaded in LM Studio) while Switchboard runs is served by the first request
// that names it: the request that finds it "not installed" (its runtime's last listing left it out) lists that
// runtime again and is routed again. A model still not there is refused as before, and its runtime is listed
// once for a burst of such requests, not once each. Real proxy on 127.0.0.1; the runtimes are fake Ollamas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;
let oll: FakeProvider;
let box: FakeProvider;

/** the model listings a fake was asked for */
const listings = (f: FakeProvider): number => f.requests.filter((q) => q.method === 'GET' && q.path === '/v1/models').length;
const installed = async (id: string): Promise<boolean | undefined> => (await h.app.service.listModels({})).find((m) => m.id === id)?.installed;

const chat = (model: string) => fetch(`${h.url}/v1/chat/completions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
  body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
});

beforeAll(async () => {
  h = await startRoutingHarness();
  oll = await startFakeOpenAI({ models: ['llama3.2:latest'], text: 'answer from ollama' });
  box = await startFakeOpenAI({ models: ['llama3.2:latest'], text: 'answer from box' });
  const s = h.app.service;
  for (const [id, fake, model] of [['oll', oll, 'qwen3:8b'], ['box', box, 'gone:7b']] as const) {
    await s.createProvider({ id, name: id, type: 'ollama', base_url: fake.url });
    await s.createModel({ provider_id: id, model_name: model, input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 32768, capabilities: ['chat'] });
    // the runtime lists what it has: the model is not there (yet)
    expect(await s.testProvider({ provider_id: id })).toMatchObject({ ok: true });
    expect(await installed(`${id}/${model}`)).toBe(false);
  }
});

afterAll(async () => {
  await h?.close();
  await Promise.all([oll?.close(), box?.close()]);
});

describe('a model its runtime did not list last time', () => {
  it('pulled since, is served by the next request naming it, with no Test clicked', async () => {
    oll.options.models = ['llama3.2:latest', 'qwen3:8b'];
    const before = listings(oll);
    const res = await chat('oll/qwen3:8b');
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe('oll/qwen3:8b');
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe('answer from ollama');
    expect(listings(oll)).toBe(before + 1);
    expect(await installed('oll/qwen3:8b')).toBe(true);
  });

  it('still not there, is refused with "pull it"; a burst of such requests lists the runtime once', async () => {
    const before = listings(box);
    const answers = await Promise.all([chat('box/gone:7b'), chat('box/gone:7b'), chat('box/gone:7b')]);
    answers.push(await chat('box/gone:7b'));
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/not installed.*Pull it \(ollama pull\)/);
    }
    expect(listings(box)).toBe(before + 1);
    expect(await installed('box/gone:7b')).toBe(false);
  });
});
