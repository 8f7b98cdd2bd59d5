// The failover tests' tools on the app harness (its fake OpenAI 'fo', Anthropic 'fa' and Gemini 'fg'): fresh
// models behind a fresh alias, the requests each fake received, plain chat and messages requests.
import { afterEach } from 'vitest';
import type { ActivityEntry } from '../../../src/shared/activity-types';
import type { FakeProvider } from '../../mocks/types';
import { rawRequest, startHarness, type Harness } from './app-harness';
import { activityEntryOf } from './routing-harness';

type Raw = Awaited<ReturnType<typeof rawRequest>>;

export interface FailoverKit {
  fakeOf(p: 'fo' | 'fa' | 'fg'): FakeProvider;
  /** Fresh models (a 429 with retry-after cools its model down) on these providers behind a fresh alias, in this order. */
  chain(...providers: string[]): Promise<{ alias: string; ids: string[] }>;
  /** the requests the fake OpenAI, Anthropic and Gemini have received */
  counts(): number[];
  delta(before: number[]): number[];
  chat(model: string, stream?: boolean): Promise<Raw>;
  messages(model: string, stream?: boolean): Promise<Raw>;
  entryOf(res: { headers: Headers }): Promise<ActivityEntry>;
}

/**
 * The app harness for moving on: breakers would otherwise close models between tests (each test uses models
 * of its own anyway), and same-model retries are off (the tests that want them turn them on).
 */
export async function startFailoverHarness(): Promise<Harness> {
  const h = await startHarness();
  await h.app.service.updateRoutingRules({ cooldown_failures: 100, max_retries: 3, retries_per_model: 0 });
  return h;
}

/**
 * `harness` is read at each call (the tests start it in beforeAll). Registers an afterEach that empties the
 * fakes' faults: a test that fails halfway must not leave its faults to the next one.
 */
export function failoverKit(harness: () => Harness): FailoverKit {
  afterEach(() => {
    const h = harness() as Harness | undefined;
    for (const f of h ? [h.openai, h.anthropic, h.gemini] : []) f.faults.length = 0;
  });
  let seq = 0;
  const counts = (): number[] => { const h = harness(); return [h.openai.requests.length, h.anthropic.requests.length, h.gemini.requests.length]; };
  return {
    fakeOf: (p) => { const h = harness(); return p === 'fo' ? h.openai : p === 'fa' ? h.anthropic : h.gemini; },
    async chain(...providers) {
      const s = harness().app.service;
      const n = ++seq;
      const ids: string[] = [];
      for (const [i, p] of providers.entries()) {
        const m = await s.createModel({
          provider_id: p, model_name: `chain${n}-${i}`, input_cost_per_1m: 1, output_cost_per_1m: 2,
          context_length: 100000, capabilities: ['chat', 'tools'],
        });
        ids.push(m.id);
      }
      const rules = await s.getRoutingRules(undefined);
      const alias = `chain-${n}`;
      await s.updateRoutingRules({ aliases: { ...rules.aliases, [alias]: ids } });
      return { alias, ids };
    },
    counts,
    delta: (before) => counts().map((c, i) => c - before[i]!),
    chat: (model, stream = false) => rawRequest(`${harness().url}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${harness().token}` },
      body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] }),
    }),
    messages: (model, stream = false) => rawRequest(`${harness().url}/v1/messages`, {
      headers: { 'content-type': 'application/json', 'x-api-key': harness().token },
      body: JSON.stringify({ model, stream, max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] }),
    }),
    entryOf: (res) => activityEntryOf(harness().app, res),
  };
}
