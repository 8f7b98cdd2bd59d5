// LM Studio refuses a prompt longer than the context a model is LOADED with (often 4096), whatever its
// max_context_length: Switchboard records the loaded context, follows a reload at the next connection test, and
// an Anthropic client (Claude Code) is told "prompt is too long" in Anthropic's words, before anything is sent.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;
let lms: FakeProvider;
const KEY = 'qwen/qwen3-8b';
// GET /api/v1/models as LM Studio 0.4 answers it; loaded_instances is edited in place to load and unload
const entry = {
  type: 'llm', publisher: 'qwen', key: KEY, display_name: 'Qwen3 8B', architecture: 'qwen3', max_context_length: 262144, format: 'gguf',
  loaded_instances: [{ id: KEY, config: { context_length: 4096, parallel: 4 } }] as { id: string; config: { context_length: number; parallel?: number } }[],
  capabilities: { vision: false, trained_for_tool_use: true },
};
const contextOf = async (): Promise<number> => (await h.app.service.listModels({})).find((m) => m.id === `lms/${KEY}`)!.context_length;
const chatCalls = () => lms.requests.filter((q) => q.path.startsWith('/v1/chat/completions'));

beforeAll(async () => {
  h = await startRoutingHarness();
  lms = await startFakeOpenAI({ models: [KEY], lmStudioV1Models: [entry] });
  await h.app.service.createProvider({ id: 'lms', name: 'LM Studio', type: 'lmstudio', base_url: lms.url });
  await h.app.service.discoverModels({ id: 'lms' });
});
afterAll(async () => {
  await h?.close();
  await lms?.close();
});

describe('LM Studio: the context a model is loaded with', () => {
  it('is what discovery records, and an Anthropic client gets "prompt is too long: N > 4096" without a call', async () => {
    expect(await contextOf()).toBe(4096);
    const client = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
    const before = chatCalls().length;
    const err = await client.messages.create({
      model: `lms/${KEY}`, max_tokens: 1024, messages: [{ role: 'user', content: 'word '.repeat(30_000) }],
    }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    const e = err as InstanceType<typeof Anthropic.BadRequestError>;
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/prompt is too long: \d+ tokens > 4096 maximum/);
    expect(chatCalls().length).toBe(before);
  });

  it('follows a reload with another context at the next connection test; unloaded, it keeps the last', async () => {
    entry.loaded_instances = [{ id: KEY, config: { context_length: 32768 } }];
    await h.app.service.testProvider({ provider_id: 'lms' });
    expect(await contextOf()).toBe(32768);
    entry.loaded_instances = [{ id: KEY, config: { context_length: 32768 } }, { id: `${KEY}:2`, config: { context_length: 8192 } }];
    await h.app.service.testProvider({ provider_id: 'lms' });
    expect(await contextOf()).toBe(8192);
    entry.loaded_instances = [];
    await h.app.service.testProvider({ provider_id: 'lms' });
    expect(await contextOf()).toBe(8192);
  });

  it("a context the user set is left alone", async () => {
    await h.app.service.updateModel({ id: `lms/${KEY}`, patch: { context_length: 20000 } });
    entry.loaded_instances = [{ id: KEY, config: { context_length: 4096 } }];
    await h.app.service.testProvider({ provider_id: 'lms' });
    expect(await contextOf()).toBe(20000);
  });
});
