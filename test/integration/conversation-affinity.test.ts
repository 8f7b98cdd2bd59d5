// Conversation affinity through the real proxy: four models of one price on four fake providers (Gemini,
// OpenAI chat, Anthropic, OpenAI Responses), a client's tool loop routed by a power level. Scores that measured
// latency moves between its requests no longer move the conversation: it stays on the model that served it,
// while a new conversation is routed by score; an edit of the routing re-routes it at once; a model cooling down
// is left for the next candidate, which the conversation then keeps to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIResponses } from '../mocks/fake-openai-responses';
import type { FakeProvider } from '../mocks/types';
import { KEYS, postJson, routeAmongFakesOnly, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';

let h: Harness;
let responses: FakeProvider;
const fakeOf: Record<string, () => FakeProvider> = {};

const MODELS = ['fo/gpt-fake', 'fa/claude-fake', 'fg/gemini-fake', 'fr/gpt-resp'];

beforeAll(async () => {
  h = await startHarness();
  responses = await startFakeOpenAIResponses({ apiKey: KEYS.openai });
  const s = h.app.service;
  await s.createProvider({ id: 'fr', name: 'Fake Responses', type: 'openai', base_url: responses.url, api_key: KEYS.openai, enabled: true });
  await s.createModel({ provider_id: 'fr', model_name: 'gpt-resp', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128000, capabilities: ['chat', 'tools'], quality: 70, api: 'responses' });
  // one price and one quality: nothing but what changes below tells them apart
  for (const id of MODELS) await s.updateModel({ id, patch: { input_cost_per_1m: 1, output_cost_per_1m: 2, cached_input_cost_per_1m: 0.1, quality: 70 } });
  await routeAmongFakesOnly(h);
  await s.updateRoutingRules({ cooldown_failures: 1 });
  Object.assign(fakeOf, { fo: () => h.openai, fa: () => h.anthropic, fg: () => h.gemini, fr: () => responses });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await responses?.close();
});

const tools = [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }];

/** A tool loop's request after `rounds` tool rounds, opened by `first`. */
function turn(first: string, rounds: number) {
  const messages: unknown[] = [{ role: 'system', content: 'You are a careful coding agent.' }, { role: 'user', content: first }];
  for (let i = 0; i < rounds; i++) {
    messages.push({ role: 'assistant', content: null, tool_calls: [{ id: `call_${i}`, type: 'function', function: { name: 'read_file', arguments: `{"path":"f${i}.ts"}` } }] });
    messages.push({ role: 'tool', tool_call_id: `call_${i}`, content: `contents of f${i}.ts `.repeat(200) });
  }
  return { model: 'balanced', messages, tools };
}

async function ask(body: unknown): Promise<{ served: string; res: { headers: Headers } }> {
  const res = await postJson(h, '/v1/chat/completions', body);
  expect(res.status, res.text).toBe(200);
  return { served: res.headers.get('x-switchboard-model')!, res };
}

const setQuality = (id: string, quality: number) => h.app.service.updateModel({ id, patch: { quality } });

describe('conversation affinity', () => {
  it('a conversation stays on the model that served it while measured latency moves the scores; a new one is routed by score; a routing edit re-routes it; a cooling model is left', async () => {
    const conversation = 'fix the failing test in src/app.ts';
    const { served: first } = await ask(turn(conversation, 0));
    expect(MODELS).toContain(first);

    // the model that served grows slow: requests naming it are answered late, so it now scores worst (one price,
    // one quality: latency decides; a sample counts for at most three times the average, so it takes a few)
    // (every model answered once first: a model of unknown latency counts as the median of the known ones)
    for (const id of MODELS) expect((await postJson(h, '/v1/chat/completions', { ...turn('hello', 0), model: id })).status).toBe(200);
    const slow = fakeOf[first.split('/')[0]!]!();
    for (let i = 0; i < 15; i++) {
      slow.faults.push({ kind: 'slow-first-byte', ms: 60 });
      expect((await postJson(h, '/v1/chat/completions', { ...turn(`ping ${i}`, 0), model: first })).status).toBe(200);
    }
    // a new conversation is routed by score, elsewhere; this one stays where its prompt cache is
    expect((await ask(turn('write a README for this repo', 0))).served).not.toBe(first);
    for (let round = 1; round <= 3; round++) expect((await ask(turn(conversation, round))).served).toBe(first);
    // the level is part of the conversation's key: precision routes it at once
    expect((await ask({ ...turn(conversation, 3), model: 'precision' })).served).not.toBe(first);

    // an edit of the routing (here a model's quality) re-routes every conversation at once
    // (not fo: the tests below need it served)
    const best = MODELS.find((m) => m !== first && m !== 'fo/gpt-fake')!;
    await setQuality(best, 99);
    expect((await ask(turn(conversation, 4))).served).toBe(best);

    // the conversation's model begins cooling down (its provider failed a request that named it)
    const fake = fakeOf[best.split('/')[0]!]!();
    fake.faults.push({ kind: 'status', status: 503 });
    expect((await postJson(h, '/v1/chat/completions', { ...turn('ping', 0), model: best })).status).toBeGreaterThanOrEqual(500);
    const before = fake.requests.length;
    const left = await ask(turn(conversation, 5));
    expect(left.served).not.toBe(best);
    expect(fake.requests.length).toBe(before);
    expect((await activityEntryOf(h.app, left.res)).attempts.map((a) => a.model)).not.toContain(best);
    // and it keeps to the model that served it then
    const kept = await ask(turn(conversation, 6));
    expect(kept.served).toBe(left.served);
    expect((await activityEntryOf(h.app, kept.res)).model_id).toBe(left.served);
    await setQuality(best, 70);
  });

  it('a model named outright is not moved by a conversation routed before', async () => {
    const conversation = 'explain the build';
    const { served } = await ask(turn(conversation, 0));
    const other = MODELS.find((m) => m !== served && !m.startsWith(served.split('/')[0]!))!;
    expect((await ask({ ...turn(conversation, 1), model: other })).served).toBe(other);
  });

  it('an answer that counts as an error (a stream cut mid-way) is not remembered: the next request is routed by score', async () => {
    // no cooldown from the one failure, so only the memory could send the conversation back to it
    await h.app.service.updateRoutingRules({ cooldown_failures: 100 });
    try {
      for (const id of MODELS) await setQuality(id, 70);
      await setQuality('fo/gpt-fake', 99);
      const conversation = 'summarise the changelog';
      h.openai.faults.push({ kind: 'reset-mid-stream', afterChunks: 2 });
      const cut = await postJson(h, '/v1/chat/completions', { ...turn(conversation, 0), stream: true });
      expect(cut.headers.get('x-switchboard-model')).toBe('fo/gpt-fake');
      const entry = await activityEntryOf(h.app, cut);
      expect(entry.model_id).toBe('fo/gpt-fake');
      expect(entry.error_kind).not.toBeNull();

      // every other model now scores above it (one may still be cooling down from the test before)
      for (const id of MODELS) await setQuality(id, id === 'fo/gpt-fake' ? 70 : 99);
      expect((await ask(turn(conversation, 1))).served).not.toBe('fo/gpt-fake');
    } finally {
      await h.app.service.updateRoutingRules({ cooldown_failures: 1 });
    }
  });

  it('a model standing in once for the conversation\'s model (a 503) does not take the conversation', async () => {
    await h.app.service.updateRoutingRules({ cooldown_failures: 100 });
    try {
      const conversation = 'rename the config loader';
      const { served: kept } = await ask(turn(conversation, 0));
      fakeOf[kept.split('/')[0]!]!().faults.push({ kind: 'status', status: 503 });
      const standIn = await ask(turn(conversation, 1));
      expect(standIn.served).not.toBe(kept);
      expect((await activityEntryOf(h.app, standIn.res)).attempts.map((a) => a.model)[0]).toBe(kept);
      expect((await ask(turn(conversation, 2))).served).toBe(kept);
    } finally {
      await h.app.service.updateRoutingRules({ cooldown_failures: 1 });
    }
  });
});
