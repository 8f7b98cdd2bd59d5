// OpenAI-compatible providers' own error answers (test/mocks/provider-errors.ts), each in its provider's
// words and shape: whether the request moves on to the next candidate, what the client is told, and
// whether the provider is held against our key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, type Harness } from './helpers/app-harness';
import { failoverKit, startFailoverHarness } from './helpers/failover-kit';
import { withRules } from './helpers/rules-change';
import {
  LOCAL_CONTEXT_FAULTS, MODEL_GONE_FAULTS, groqFlexCapacityFault, groqTpmTooLargeFault, llamaServerLoadingFault, lmStudioLoadFault, openRouterModerationFault, xaiContextFault,
} from '../mocks/provider-errors';
import type { Fault } from '../mocks/types';

let h: Harness;

beforeAll(async () => {
  h = await startFailoverHarness();
  for (const [id, type] of [['or', 'openrouter'], ['xc', 'xai'], ['gq', 'groq'], ['lm', 'lmstudio'], ['ls', 'openai-compatible'], ['mi', 'mistral'], ['ds', 'deepseek']] as const) {
    await h.app.service.createProvider({ id, name: `${type} fake`, type, base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  }
});
afterAll(async () => { await h?.close(); });
const { chain, counts, delta, chat, messages, entryOf } = failoverKit(() => h);

const preview = (model: string) => h.app.service.previewRoute({ request: { model, messages: [{ role: 'user', content: 'hi' }] } });
const servedBy = (res: { headers: Headers }) => res.headers.get('x-switchboard-model');

/** One request to a fresh alias of models on these providers, with these faults queued on the fake OpenAI. */
async function ask(providers: string[], ...faults: Fault[]) {
  const { alias, ids } = await chain(...providers);
  h.openai.faults.push(...faults);
  const before = counts();
  const res = await chat(alias);
  return { alias, ids, res, asked: delta(before) };
}

/** One request to the only model on this provider, which answers with this fault. */
async function askAlone(provider: string, fault: Fault) {
  const { ids } = await chain(provider);
  h.openai.faults.push(fault);
  return chat(ids[0]!);
}

describe("OpenRouter's 403 moderation flag", () => {
  it('reaches the client as 400 content_filter, not failed over, and holds nothing against the model', async () => {
    const { alias, ids, res, asked } = await ask(['or', 'fa'], openRouterModerationFault());
    expect(res.status, res.text).toBe(400);
    expect(res.headers.get('x-should-retry')).toBe('false');
    expect(res.json.error).toMatchObject({ type: 'invalid_request_error', code: 'content_filter' });
    expect(res.json.error.message).toContain('flagged for "harassment"');
    // the input is at fault: no other model is asked to read it
    expect(asked).toEqual([1, 0, 0]);
    // and the model is not put last for everyone as if it refused our key
    const p = await preview(alias);
    expect(p.candidates.map((c) => c.model)).toEqual(ids);
    expect(p.notes.join(' ')).not.toContain('refused');
    expect(servedBy(await chat(alias))).toBe(ids[0]);
  });

  it('as the only candidate is still the request\'s 400, not 502 auth', async () => {
    const res = await askAlone('or', openRouterModerationFault());
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('content_filter');
  });
});

describe("xAI's 400 for a wrong key", () => {
  it('fails over, and xAI is tried last as a provider refusing our key until the key changes', async () => {
    h.openai.options.keyErrors = 'xai';
    try {
      await h.app.service.createProvider({ id: 'xa', name: 'xAI fake', type: 'xai', base_url: h.openai.url, api_key: 'xai-expired-key-0123456789abcdef56', enabled: true });
      const { alias, ids, res, asked } = await ask(['xa', 'fa']);
      expect(res.status, res.text).toBe(200);
      expect(servedBy(res)).toBe(ids[1]);
      expect(asked).toEqual([1, 1, 0]);
      const xa = (await h.app.service.listProviders(undefined)).find((p) => p.id === 'xa');
      expect(xa?.health).toMatchObject({ status: 'unhealthy', message: expect.stringContaining('key or account refused, HTTP 400') });
      const again = counts();
      expect(servedBy(await chat(alias))).toBe(ids[1]);
      expect(delta(again)).toEqual([0, 1, 0]);

      // alone: the providers failed for good (502), not the client's request (400)
      const { ids: alone } = await chain('xa');
      const res2 = await chat(alone[0]!);
      expect(res2.status).toBe(502);
      expect(res2.json.error.message).toContain('Incorrect API key provided');

      // the right key puts it back in its place
      await h.app.service.updateProvider({ id: 'xa', patch: { api_key: KEYS.openai } });
      expect(servedBy(await chat(alias))).toBe(ids[0]);
    } finally {
      delete h.openai.options.keyErrors;
    }
  });
});

describe("xAI's prompt too long for the model", () => {
  it('moves on to a model that takes it; with none left the client is told context_length_exceeded', async () => {
    const { ids, res, asked } = await ask(['xc', 'fa'], xaiContextFault());
    expect(res.status, res.text).toBe(200);
    expect(servedBy(res)).toBe(ids[1]);
    expect(asked).toEqual([1, 1, 0]);

    const res2 = await askAlone('xc', xaiContextFault());
    expect(res2.status).toBe(400);
    expect(res2.json.error.code).toBe('context_length_exceeded');
    expect(res2.json.error.message).toContain('maximum prompt length is 131072');
  });
});

describe("llama-server's and vLLM's prompt too long for the context they run with", () => {
  it.each(Object.keys(LOCAL_CONTEXT_FAULTS) as (keyof typeof LOCAL_CONTEXT_FAULTS)[])(
    '%s: moves on to the fallback; with none, an Anthropic client is told "prompt is too long: N tokens > M maximum"',
    async (server) => {
      const { ids, res, asked } = await ask(['ls', 'fa'], LOCAL_CONTEXT_FAULTS[server]);
      expect(res.status, res.text).toBe(200);
      expect(servedBy(res)).toBe(ids[1]);
      expect(asked).toEqual([1, 1, 0]);

      const { ids: alone } = await chain('ls');
      h.openai.faults.push(LOCAL_CONTEXT_FAULTS[server]);
      const res2 = await messages(alone[0]!);
      expect(res2.status, res2.text).toBe(400);
      expect(res2.json.error.type).toBe('invalid_request_error');
      expect(res2.json.error.message).toMatch(/^prompt is too long: 9000 tokens > 8192 maximum/);
    },
  );
});

describe("Groq's 413 for a request above the key's tokens per minute", () => {
  it('moves on to another provider without cooling the model down; with none left, 400 context_length_exceeded, not 413', async () => {
    const { alias, ids, res, asked } = await ask(['gq', 'fa'], groqTpmTooLargeFault());
    expect(res.status, res.text).toBe(200);
    expect(servedBy(res)).toBe(ids[1]);
    expect(asked).toEqual([1, 1, 0]);
    // a smaller request still goes to Groq first: the model is neither cooling down nor refused
    const p = await preview(alias);
    expect(p.candidates.map((c) => c.model)).toEqual(ids);
    expect(servedBy(await chat(alias))).toBe(ids[0]);

    const res2 = await askAlone('gq', groqTpmTooLargeFault());
    expect(res2.status).toBe(400);
    expect(res2.headers.get('x-should-retry')).toBe('false');
    expect(res2.json.error.code).toBe('context_length_exceeded');
    expect(res2.json.error.message).toContain('tokens per minute (TPM)');
  });
});

describe("Groq's 498, its flex tier out of capacity", () => {
  it('is retried on the same model, then another provider serves', () => withRules(h.app, { retries_per_model: 1 }, async () => {
    const { ids, res, asked } = await ask(['gq', 'fa'], groqFlexCapacityFault(), groqFlexCapacityFault());
    expect(res.status, res.text).toBe(200);
    expect(servedBy(res)).toBe(ids[1]);
    expect(asked).toEqual([2, 1, 0]);
  }));

  it('with no other candidate tells the client to wait (503, retry-after, x-should-retry: true), not that its request is bad', async () => {
    const res = await askAlone('gq', groqFlexCapacityFault());
    expect(res.status).toBe(503);
    expect(res.headers.get('x-should-retry')).toBe('true');
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(res.json.error.type).toBe('overloaded_error');
  });
});

describe("LM Studio's 400 for a model it cannot load", () => {
  it('moves on to another model, which serves, and the model goes last for a while', async () => {
    const { alias, ids, res, asked } = await ask(['lm', 'fa'], lmStudioLoadFault());
    expect(res.status, res.text).toBe(200);
    expect(servedBy(res)).toBe(ids[1]);
    expect(asked).toEqual([1, 1, 0]);
    const p = await preview(alias);
    expect(p.candidates.map((c) => c.model)).toEqual([ids[1], ids[0]]);
  });

  it("as the only candidate is the providers' failure (502), not the client's request (400)", async () => {
    const res = await askAlone('lm', lmStudioLoadFault());
    expect(res.status).toBe(502);
    expect(res.json.error.message).toContain('Failed to load model');
  });
});

describe("llama-server's 503 while it loads its model", () => {
  it('tells the client to wait a moment (503, short retry-after, x-should-retry: true), not that providers failed for good', async () => {
    const res = await askAlone('ls', llamaServerLoadingFault());
    expect(res.status, res.text).toBe(503);
    expect(res.headers.get('x-should-retry')).toBe('true');
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(5);
    expect(res.json.error.type).toBe('overloaded_error');
  });

  it('is retried on the same model, which serves once loaded', () => withRules(h.app, { retries_per_model: 1 }, async () => {
    const { ids, res, asked } = await ask(['ls', 'fa'], llamaServerLoadingFault());
    expect(res.status, res.text).toBe(200);
    expect(servedBy(res)).toBe(ids[0]);
    expect(asked).toEqual([2, 0, 0]);
  }));
});

describe('a 400 saying the model is gone (decommissioned, not a valid model ID)', () => {
  it.each([
    ['Groq', 'gq', MODEL_GONE_FAULTS.groq],
    ['OpenRouter', 'or', MODEL_GONE_FAULTS.openrouter],
    ['Mistral', 'mi', MODEL_GONE_FAULTS.mistral],
    ['DeepSeek', 'ds', MODEL_GONE_FAULTS.deepseek],
  ] as const)('%s: moves on to the next model, which serves, and the gone model goes last as a 404 one does', async (_provider, id, fault) => {
    const { alias, ids, res, asked } = await ask([id, 'fa'], fault);
    expect(res.status, res.text).toBe(200);
    expect(servedBy(res)).toBe(ids[1]);
    expect(asked).toEqual([1, 1, 0]);
    expect((await entryOf(res)).attempts).toEqual([
      expect.objectContaining({ model: ids[0], error_kind: 'not_found', status: 400 }),
      expect.objectContaining({ model: ids[1], error_kind: null, status: 200 }),
    ]);
    const p = await preview(alias);
    expect(p.candidates.map((c) => c.model)).toEqual([ids[1], ids[0]]);
    expect(p.notes.join(' ')).toContain(`${ids[0]} (model unknown to the provider, HTTP 400)`);
    // the next request does not spend a round trip on it first
    const again = counts();
    expect(servedBy(await chat(alias))).toBe(ids[1]);
    expect(delta(again)).toEqual([0, 1, 0]);
  });
});
