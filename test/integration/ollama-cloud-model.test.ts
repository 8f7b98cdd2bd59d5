// An Ollama cloud model (Ollama 0.12+: `gpt-oss:120b-cloud`) is listed by the local daemon, which forwards its
// prompts to ollama.com: discovery records it remote (/api/show's remote_host, or its name where show says
// nothing), with the context ollama.com runs it with and no price (ollama.com bills it); the privacy guard's
// local_only never sends it a request, while the local model beside it still serves.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import { ollamaCloudShowBody, ollamaShowBody } from '../mocks/fake-openai-wire';
import type { FakeProvider } from '../mocks/types';
import { adminFetch, chatCalls, startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;
let oll: FakeProvider;
const SECRET = 'deploy with key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH';

beforeAll(async () => {
  h = await startRoutingHarness();
  oll = await startFakeOpenAI({
    models: ['qwen3:8b', 'gpt-oss:120b-cloud', 'glm-4.6:cloud'],
    ollamaShow: {
      'qwen3:8b': ollamaShowBody({ arch: 'qwen3', contextLength: 40960, capabilities: ['completion', 'tools', 'thinking'] }),
      'gpt-oss:120b-cloud': ollamaCloudShowBody({ remoteModel: 'gpt-oss:120b', arch: 'gptoss', contextLength: 131072, capabilities: ['completion', 'tools', 'thinking'] }),
      // glm-4.6:cloud: show answers 404, its name tells
    },
  });
  await h.app.service.createProvider({ id: 'oll', name: 'Ollama', type: 'ollama', base_url: oll.url });
  await h.app.service.discoverModels({ id: 'oll' });
});
afterAll(async () => {
  await h?.close();
  await oll?.close();
});

const modelOf = async (name: string, provider = 'oll') => (await h.app.service.listModels({ provider_id: provider })).find((m) => m.model_name === name)!;
const unknown = { input_cost_per_1m: null, output_cost_per_1m: null };

async function withGuard<T>(fn: () => Promise<T>): Promise<T> {
  await h.app.service.updateUser({ id: 'default', patch: { privacy_guard: 'local_only' } });
  try {
    return await fn();
  } finally {
    await h.app.service.updateUser({ id: 'default', patch: { privacy_guard: 'off' } });
  }
}

describe('an Ollama cloud model', () => {
  it('is discovered remote, with the context ollama.com runs it with and its price unknown', async () => {
    expect(await modelOf('gpt-oss:120b-cloud')).toMatchObject({
      remote: true, context_length: 131072, input_cost_per_1m: null, output_cost_per_1m: null, price_unknown: true, enabled: true,
    });
    expect(await modelOf('glm-4.6:cloud')).toMatchObject({ remote: true, price_unknown: true });
    // the local model beside it: Ollama's default context, free
    expect(await modelOf('qwen3:8b')).toMatchObject({ remote: false, context_length: 4096, input_cost_per_1m: 0, output_cost_per_1m: 0 });
  });

  it('takes a prompt that fits its context, not the local default', async () => {
    const before = chatCalls(oll).length;
    const res = await h.client().chat.completions.create({ model: 'oll/gpt-oss:120b-cloud', messages: [{ role: 'user', content: 'word '.repeat(6000) }] });
    expect(res.choices[0]!.message.content).toBeTruthy();
    expect(chatCalls(oll).length).toBe(before + 1);
  });

  it('is never sent a secret under local_only (400 privacy_guard, no request), while the local model serves', () => withGuard(async () => {
    const before = chatCalls(oll).length;
    for (const model of ['oll/gpt-oss:120b-cloud', 'oll/glm-4.6:cloud']) {
      const err = await h.client().chat.completions.create({ model, messages: [{ role: 'user', content: SECRET }] }).catch((e: unknown) => e);
      expect(err, model).toBeInstanceOf(OpenAI.BadRequestError);
      expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('privacy_guard');
    }
    expect(chatCalls(oll).length).toBe(before);

    const ok = await h.client().chat.completions.create({ model: 'oll/qwen3:8b', messages: [{ role: 'user', content: SECRET }] });
    expect(ok.choices[0]!.message.content).toBeTruthy();
    expect(chatCalls(oll).slice(before).map((r) => r.body.model)).toEqual(['qwen3:8b']);
  }));

  it('is no local candidate in the route preview of a request holding a secret', () => withGuard(async () => {
    const p = await h.app.service.previewRoute({ request: { model: 'auto', messages: [{ role: 'user', content: SECRET }] } });
    const candidates = p.candidates.map((c) => c.model);
    expect(candidates).toContain('oll/qwen3:8b');
    expect(candidates).not.toContain('oll/gpt-oss:120b-cloud');
    expect(p.excluded.find((x) => x.model === 'oll/gpt-oss:120b-cloud')?.reason).toMatch(/^privacy guard/);
  }));

  it('added by hand, edited or imported on a local runtime, keeps its price unknown (ollama.com bills it), not the runtime\'s $0', async () => {
    const made = await h.app.service.createModel({ provider_id: 'oll', model_name: 'kimi-k2:1t-cloud', ...unknown, context_length: 262144 });
    expect(made).toMatchObject({ remote: true, ...unknown, price_unknown: true });
    await h.app.service.updateModel({ id: 'oll/kimi-k2:1t-cloud', patch: { input_cost_per_1m: 1 } });
    expect((await h.app.service.updateModel({ id: 'oll/kimi-k2:1t-cloud', patch: unknown }))).toMatchObject({ ...unknown, price_unknown: true });
    const doc = { format: 'switchboard-config', version: 1, providers: [], routing_rules: {}, profiles: [], models: [
      { provider_id: 'oll', model_name: 'deepseek-v3.1:671b-cloud', ...unknown, context_length: 163840 },
      { provider_id: 'oll', model_name: 'llama3.2:3b', ...unknown, context_length: 4096 },
    ] };
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/config', doc);
    expect(res.status, res.text).toBe(200);
    expect(await modelOf('deepseek-v3.1:671b-cloud')).toMatchObject({ remote: true, ...unknown });
    expect(await modelOf('llama3.2:3b')).toMatchObject({ remote: false, input_cost_per_1m: 0, output_cost_per_1m: 0 });
  });

  it('keeps its price unknown when its provider moves onto this machine, while the others become $0', async () => {
    await h.app.service.createProvider({ id: 'ocom', name: 'Ollama hosted', type: 'ollama', base_url: 'https://ollama.com/v1', api_key: 'ollama-key-0123456789abcdef' });
    await h.app.service.createModel({ provider_id: 'ocom', model_name: 'glm-4.6:cloud', ...unknown, context_length: 200000 });
    await h.app.service.createModel({ provider_id: 'ocom', model_name: 'gpt-oss:20b', ...unknown, context_length: 131072 });
    await h.app.service.updateProvider({ id: 'ocom', patch: { base_url: oll.url } });
    expect(await modelOf('glm-4.6:cloud', 'ocom')).toMatchObject({ remote: true, ...unknown });
    expect(await modelOf('gpt-oss:20b', 'ocom')).toMatchObject({ remote: false, input_cost_per_1m: 0, output_cost_per_1m: 0 });
  });
});
