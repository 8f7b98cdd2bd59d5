// An Ollama cloud model under a name that does not say so (`ollama cp gpt-oss:120b-cloud mybig`) stays remote: the
// config export carries the mark and an import never clears it; the user can set or clear it by PUT. Under the
// privacy guard's local_only such a model is never sent a secret.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import { ollamaCloudShowBody, ollamaShowBody } from '../mocks/fake-openai-wire';
import type { FakeProvider } from '../mocks/types';
import { adminFetch, chatCalls, startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;
let h2: RoutingHarness;
let oll: FakeProvider;
const SECRET = 'deploy with key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH';
const cloud = () => ollamaCloudShowBody({ remoteModel: 'gpt-oss:120b', arch: 'gptoss', contextLength: 131072, capabilities: ['completion', 'tools'] });
const unknown = { input_cost_per_1m: null, output_cost_per_1m: null };

beforeAll(async () => {
  [h, h2] = await Promise.all([startRoutingHarness(), startRoutingHarness()]);
  oll = await startFakeOpenAI({
    models: ['qwen3:8b', 'mybig:latest'],
    ollamaShow: {
      'qwen3:8b': ollamaShowBody({ arch: 'qwen3', contextLength: 40960, capabilities: ['completion', 'tools'] }),
      // `ollama cp gpt-oss:120b-cloud mybig`: show says remote_host, the name says nothing
      'mybig:latest': cloud(),
    },
  });
  await h.app.service.createProvider({ id: 'oll', name: 'Ollama', type: 'ollama', base_url: oll.url });
  await h.app.service.discoverModels({ id: 'oll' });
});
afterAll(async () => {
  await Promise.all([h?.close(), h2?.close()]);
  await oll?.close();
});

const modelOf = async (app: RoutingHarness, name: string) => (await app.app.service.listModels({ provider_id: 'oll' })).find((m) => m.model_name === name);
const showCalls = () => oll.requests.filter((r) => r.path === '/api/show');

/** A local_only request holding a secret to `model`: its error code (or 200), and how many chat calls reached the fake. */
async function secretTo(app: RoutingHarness, model: string): Promise<{ status: number | string | undefined; reached: number }> {
  await app.app.service.updateUser({ id: 'default', patch: { privacy_guard: 'local_only' } });
  const before = chatCalls(oll).length;
  try {
    const status = await app.client().chat.completions.create({ model, messages: [{ role: 'user', content: SECRET }] })
      .then(() => 200, (e: unknown) => (e instanceof OpenAI.BadRequestError ? `400 ${String(e.code)}` : (e as { status?: number }).status));
    return { status, reached: chatCalls(oll).length - before };
  } finally {
    await app.app.service.updateUser({ id: 'default', patch: { privacy_guard: 'off' } });
  }
}

describe('an Ollama cloud model under a name that does not say cloud', () => {
  it('keeps its mark through an export and an import into a fresh install, and is never sent a secret there', async () => {
    expect(await modelOf(h, 'mybig:latest')).toMatchObject({ remote: true, ...unknown });
    const doc = (await adminFetch(h.app, 'GET', '/api/v1/llm/config')).json;
    expect(doc.models.find((m: { model_name: string }) => m.model_name === 'mybig:latest')).toMatchObject({ remote: true, ...unknown });
    expect(doc.models.find((m: { model_name: string }) => m.model_name === 'qwen3:8b')).toMatchObject({ remote: false });

    const shows = showCalls().length;
    const res = await adminFetch(h2.app, 'POST', '/api/v1/llm/config', doc);
    expect(res.status, res.text).toBe(200);
    // the file said so: no listing of Ollama told the fresh install
    expect(showCalls().length).toBe(shows);
    expect(await modelOf(h2, 'mybig:latest')).toMatchObject({ remote: true, ...unknown, price_unknown: true });
    expect(await modelOf(h2, 'qwen3:8b')).toMatchObject({ remote: false, input_cost_per_1m: 0, output_cost_per_1m: 0 });
    expect(await secretTo(h2, 'oll/mybig:latest')).toEqual({ status: '400 privacy_guard', reached: 0 });
    expect(await secretTo(h2, 'oll/qwen3:8b')).toEqual({ status: 200, reached: 1 });
  });

  it('is not made local by an import of a file that says remote false or nothing', async () => {
    const doc = (await adminFetch(h2.app, 'GET', '/api/v1/llm/config')).json;
    const entry = doc.models.find((m: { model_name: string }) => m.model_name === 'mybig:latest');
    for (const m of [{ ...entry, remote: false }, Object.fromEntries(Object.entries(entry).filter(([k]) => k !== 'remote'))]) {
      const res = await adminFetch(h2.app, 'POST', '/api/v1/llm/config', { ...doc, models: [m] });
      expect(res.status, res.text).toBe(200);
      expect(await modelOf(h2, 'mybig:latest')).toMatchObject({ remote: true, ...unknown });
    }
  });

  it('is set by PUT remote true (the Models tab and the API show it), and cleared by PUT remote false', async () => {
    const put = await adminFetch(h.app, 'PUT', '/api/v1/llm/models/oll%2Fqwen3%3A8b', { remote: true });
    expect(put.status, put.text).toBe(200);
    expect(put.json).toMatchObject({ remote: true, ...unknown, price_unknown: true });
    const listed = (await adminFetch(h.app, 'GET', '/api/v1/llm/models?provider_id=oll')).json;
    expect(listed.find((m: { id: string }) => m.id === 'oll/qwen3:8b')).toMatchObject({ remote: true });
    expect(await secretTo(h, 'oll/qwen3:8b')).toEqual({ status: '400 privacy_guard', reached: 0 });
    expect((await adminFetch(h.app, 'PUT', '/api/v1/llm/models/oll%2Fqwen3%3A8b', { remote: 'yes' })).status).toBe(400);

    const cleared = await adminFetch(h.app, 'PUT', '/api/v1/llm/models/oll%2Fqwen3%3A8b', { remote: false });
    expect(cleared.json).toMatchObject({ remote: false, input_cost_per_1m: 0, output_cost_per_1m: 0 });
    expect(await secretTo(h, 'oll/qwen3:8b')).toEqual({ status: 200, reached: 1 });
  });
});
