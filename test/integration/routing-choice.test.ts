// Issue 4: which model serves a request, proven through the real proxy with the official `openai`
// package, three fake providers of distinct price and quality, and what each fake received.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startFakeAnthropic } from '../mocks/fake-anthropic';
import { RKEYS, RM, chatCalls, startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;
let client: OpenAI;

beforeAll(async () => {
  h = await startRoutingHarness();
  client = h.client();
  // failures in one test must not cool a model down for the next
  await h.app.service.updateRoutingRules({ cooldown_failures: 100, retries_per_model: 0 });
});
afterAll(async () => { await h?.close(); });
beforeEach(() => h.resetFakes());

const hi = [{ role: 'user' as const, content: 'hi' }];

async function ask(model: string, extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}, c = client) {
  const { data, response } = await c.chat.completions.create({ model, messages: hi, ...extra }).withResponse();
  return { data, served: response.headers.get('x-switchboard-model') };
}

async function askStream(model: string): Promise<{ text: string; served: string | null }> {
  const { data: stream, response } = await client.chat.completions.create({ model, messages: hi, stream: true }).withResponse();
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  return { text, served: response.headers.get('x-switchboard-model') };
}

const calls = () => ({ cheap: chatCalls(h.cheap).length, mid: chatCalls(h.mid).length, best: chatCalls(h.best).length });

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

describe('power levels', () => {
  it('eco is served by the cheapest model', async () => {
    const r = await ask('eco');
    expect(r.served).toBe(RM.cheap);
    expect(r.data.choices[0]!.message.content).toBe('answer from cheap');
    expect(calls()).toEqual({ cheap: 1, mid: 0, best: 0 });
  });

  it('precision is served by the best model', async () => {
    const r = await ask('precision');
    expect(r.served).toBe(RM.best);
    expect(r.data.choices[0]!.message.content).toBe('answer from best');
    expect(calls()).toEqual({ cheap: 0, mid: 0, best: 1 });
  });

  it('streams from the chosen model too', async () => {
    expect(await askStream('eco')).toEqual({ text: 'answer from cheap', served: RM.cheap });
    expect(await askStream('precision')).toEqual({ text: 'answer from best', served: RM.best });
  });

  it("the profile's power level drives auto", async () => {
    const s = h.app.service;
    try {
      await s.updateUser({ id: 'default', patch: { power_level: 'eco' } });
      expect((await ask('auto')).served).toBe(RM.cheap);
      await s.updateUser({ id: 'default', patch: { power_level: 'precision' } });
      expect((await ask('auto')).served).toBe(RM.best);
      expect(calls()).toEqual({ cheap: 1, mid: 0, best: 1 });
    } finally {
      await s.updateUser({ id: 'default', patch: { power_level: 'balanced' } });
    }
  });
});

describe('eligibility', () => {
  it('a prompt longer than a model context never reaches it', async () => {
    const long = 'the quick brown fox jumps over the lazy dog. '.repeat(600); // ~6,000 tokens > 4,000
    const r = await ask('eco', { messages: [{ role: 'user', content: long }] });
    expect(r.served).toBe(RM.mid);
    expect(calls()).toEqual({ cheap: 0, mid: 1, best: 0 });
  });

  it('a request with tools never reaches a model without tools', async () => {
    const r = await ask('eco', { messages: [{ role: 'user', content: 'what is the weather in Paris?' }], tools: [weatherTool] });
    expect(r.served).toBe(RM.mid);
    expect(r.data.choices[0]!.message.tool_calls?.[0]).toMatchObject({ function: { name: 'get_weather' } });
    expect(calls()).toEqual({ cheap: 0, mid: 1, best: 0 });
  });

  it('a disabled provider is never called, not even by its model id', async () => {
    const s = h.app.service;
    await s.updateProvider({ id: 'cheap', patch: { enabled: false } });
    try {
      expect((await ask('eco')).served).toBe(RM.mid);
      // named, it cannot serve while its provider is off: a 400 (retrying would not help) saying so
      const err = await ask(RM.cheap).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect((err as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/provider disabled/);
      expect(calls().cheap).toBe(0);
    } finally {
      await s.updateProvider({ id: 'cheap', patch: { enabled: true } });
    }
    expect((await ask('eco')).served).toBe(RM.cheap);
  });
});

/** A model's measured latency as stored (a rules update refreshes the catalog, which writes pending figures first). */
async function storedLatency(id: string): Promise<number | null> {
  await h.app.service.updateRoutingRules({});
  return (await h.app.service.listModels({})).find((m) => m.id === id)!.avg_latency_ms;
}

describe('measured latency', () => {
  it('a failure a 200 carried is not measured: a quick error is not a fast model', async () => {
    const before = await storedLatency(RM.cheap);
    h.cheap.faults.push({ kind: 'error-body-200' });
    expect((await ask('eco')).served).toBe(RM.mid);
    expect(calls()).toEqual({ cheap: 1, mid: 1, best: 0 });
    expect(await storedLatency(RM.cheap)).toBe(before);
    expect(await storedLatency(RM.mid)).not.toBeNull();
  });

  it('a stream its provider broke off is not measured either', async () => {
    const before = await storedLatency(RM.cheap);
    h.cheap.faults.push({ kind: 'reset-mid-stream', afterChunks: 1 });
    await askStream('eco').catch(() => undefined);
    expect(calls().cheap).toBe(1);
    expect(await storedLatency(RM.cheap)).toBe(before);
  });
});

describe('failover', () => {
  it.each([500, 429, 503])('a %i from the first choice is served by the next in the chain', async (status) => {
    h.cheap.faults.push({ kind: 'status', status });
    const r = await ask('eco');
    expect(r.served).toBe(RM.mid);
    expect(r.data.choices[0]!.message.content).toBe('answer from mid');
    expect(calls()).toEqual({ cheap: 1, mid: 1, best: 0 });
  });

  it('fails over a stream that fails before its first byte', async () => {
    h.cheap.faults.push({ kind: 'status', status: 500 });
    expect(await askStream('eco')).toEqual({ text: 'answer from mid', served: RM.mid });
    expect(calls()).toEqual({ cheap: 1, mid: 1, best: 0 });
  });

  it('a 400 is not retried', async () => {
    h.cheap.faults.push({ kind: 'status', status: 400 });
    const err = await ask('eco').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(calls()).toEqual({ cheap: 1, mid: 0, best: 0 });
  });

  it('every candidate failing ends in a 5xx after trying each once', async () => {
    for (const f of h.fakes) f.persistentFault = { kind: 'status', status: 500 };
    const err = await ask('eco').catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect(calls()).toEqual({ cheap: 1, mid: 1, best: 1 });
  });
});

describe('aliases', () => {
  it('an alias resolves to its chain, in order, with failover along it', async () => {
    const s = h.app.service;
    await s.updateRoutingRules({ aliases: { fast: [RM.best, RM.cheap] } });
    try {
      expect((await ask('fast')).served).toBe(RM.best);
      h.best.faults.push({ kind: 'status', status: 500 });
      expect((await ask('fast')).served).toBe(RM.cheap);
      expect(calls()).toEqual({ cheap: 1, mid: 0, best: 2 });
      const ids: string[] = [];
      for await (const m of client.models.list()) ids.push(m.id);
      expect(ids).toContain('fast');
    } finally {
      await s.updateRoutingRules({ aliases: {} });
    }
  });

  it('an unknown model name is a 404', async () => {
    const err = await ask('no-such-model').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('keys', () => {
  it("a profile's BYOK key is sent for its requests, the global key for everyone else", async () => {
    const s = h.app.service;
    const bob = await s.createUser({ name: 'Bob' });
    const bobKey = 'sk-bob-own-key-CANARY-0123456789abcdef';
    await s.setByok({ id: bob.user.id, provider_id: 'mid', api_key: bobKey });
    const bobClient = h.client(bob.token);

    expect((await ask(RM.mid, {}, bobClient)).served).toBe(RM.mid);
    expect((await ask(RM.mid)).served).toBe(RM.mid);
    // Bob has no key of his own for best: the global one is used for him
    expect((await ask(RM.best, {}, bobClient)).served).toBe(RM.best);

    const midAuth = chatCalls(h.mid).map((r) => r.headers.authorization);
    expect(midAuth).toEqual([`Bearer ${bobKey}`, `Bearer ${RKEYS.mid}`]);
    expect(chatCalls(h.best)[0]!.headers.authorization).toBe(`Bearer ${RKEYS.best}`);
    // the profile's key is its own: listed masked, never in full
    const listed = await s.listByok({ id: bob.user.id });
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(bobKey);
  });

  it('the same holds for an Anthropic upstream (x-api-key)', async () => {
    const s = h.app.service;
    const fake = await startFakeAnthropic();
    const globalKey = 'sk-ant-global-CANARY-0123456789abcdef';
    const ownKey = 'sk-ant-carol-CANARY-0123456789abcdef';
    try {
      await s.createProvider({ id: 'anth', name: 'Anth', type: 'anthropic', base_url: fake.url, api_key: globalKey });
      await s.createModel({ provider_id: 'anth', model_name: 'claude-x', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100000 });
      const carol = await s.createUser({ name: 'Carol' });
      await s.setByok({ id: carol.user.id, provider_id: 'anth', api_key: ownKey });
      expect((await ask('anth/claude-x', {}, h.client(carol.token))).served).toBe('anth/claude-x');
      expect((await ask('anth/claude-x')).served).toBe('anth/claude-x');
      // (the model listing that tried the key when it was saved aside)
      expect(fake.requests.filter((r) => r.path.startsWith('/v1/messages')).map((r) => r.headers['x-api-key'])).toEqual([ownKey, globalKey]);
    } finally {
      await s.deleteProvider({ id: 'anth' });
      await fake.close();
    }
  });
});
