// The 400 for a model not set up says how to reach it another way, and only ways the rules take: with
// only an OpenRouter key, openai/gpt-4o-mini points to openrouter/openai/gpt-4o-mini (a provider/model id
// cannot be an alias); a client's bare name gets an alias example that PUT /routing/rules accepts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { adminFetch, startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;

beforeAll(async () => {
  h = await startRoutingHarness();
  // the seeded OpenRouter provider with a key (its fake is mid's: nothing here is sent upstream)
  await h.app.service.updateProvider({ id: 'openrouter', patch: { enabled: true, base_url: h.mid.url, api_key: 'sk-or-v1-0123456789abcdef0123456789abcdef' } });
});
afterAll(async () => { await h?.close(); });

async function notSetUp(model: string): Promise<string> {
  const err = await h.client().chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OpenAI.BadRequestError);
  expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('model_not_supported');
  return (err as Error).message;
}

describe('the not-set-up hint', () => {
  it('points a provider/model id to the set-up model of the same name, and suggests no alias', async () => {
    const message = await notSetUp('openai/gpt-4o-mini');
    expect(message).toContain('"openai/gpt-4o-mini" is not set up');
    expect(message).toContain('or send "openrouter/openai/gpt-4o-mini" (the same model, set up) or "auto"');
    expect(message).not.toContain('aliases');
    const served = await h.client().chat.completions.create({ model: 'openrouter/openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(served.response.headers.get('x-switchboard-model')).toBe('openrouter/openai/gpt-4o-mini');
  });

  it("a client's bare name gets an alias example the routing rules accept", async () => {
    const message = await notSetUp('claude-haiku-4-5-20251001');
    const example = /"aliases": (\{.*?\]\})/.exec(message)?.[1];
    expect(example).toBeDefined();
    const put = await adminFetch(h.app, 'PUT', '/api/v1/llm/routing/rules', { aliases: JSON.parse(example!) });
    expect(put.status).toBe(200);
  });
});
