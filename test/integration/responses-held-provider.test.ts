// A response held at its provider (made with a `conversation` or a stored `prompt`, or continuing an id Switchboard
// never kept) is known there only, to the account of the key that made it: continuing it goes to that provider's
// models, sent that kind of key (the profile's own or the shared one). Another Responses provider (another OpenAI
// account, here `fr2`, which answers an id it does not know as OpenAI does: 404 previous_response_not_found) is
// never sent the id: named, the request is refused with 400, and routing never fails over to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';
import { withRules } from './helpers/rules-change';

const OWN = 'sk-held-own-account-key-0123456789';
let h: ResponsesHarness, client: OpenAI, bo: OpenAI, fr2: RawUpstream;
/** the bodies fr2 was sent */
const atFr2: Record<string, unknown>[] = [];

beforeAll(async () => {
  // fr knows a response only under the key that made it (the shared key's account, or OWN's)
  h = await startResponsesHarness({ fake: { accounts: [OWN] } });
  fr2 = await startRawUpstream((raw, res) => {
    const body = JSON.parse(raw.toString()) as Record<string, unknown>;
    atFr2.push(body);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `Previous response with id '${String(body.previous_response_id)}' not found.`, type: 'invalid_request_error', param: 'previous_response_id', code: 'previous_response_not_found' } }));
  });
  const s = h.app.service;
  await s.createProvider({ id: 'fr2', name: 'Another OpenAI account', type: 'openai-compatible', base_url: `${fr2.origin}/v1`, api_key: 'sk-otheraccount-0123456789abcdef' });
  await s.createModel({ provider_id: 'fr2', model_name: 'gpt-b', input_cost_per_1m: 0.1, output_cost_per_1m: 0.2, context_length: 400000, capabilities: ['chat', 'tools', 'vision', 'json', 'reasoning'], quality: 99, api: 'responses' });
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  bo = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: (await s.createUser({ id: 'bo', name: 'Bo' })).token, maxRetries: 0 });
});
afterAll(async () => {
  await h?.close();
  await fr2?.close();
});

const held = (c: OpenAI) => c.responses.create({ model: RESPONSES_MODEL, input: 'what is my name?', conversation: 'conv_abc' } as never);

describe('a response held at its provider, continued', () => {
  it('naming another Responses provider: 400 naming the one that holds it, nothing sent (before: the id sent there, its 404 a 502)', async () => {
    const first = await held(client);
    const err = await client.responses.create({ model: 'fr2/gpt-b', input: 'repeat my name', previous_response_id: first.id }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.error.type).toBe('invalid_request_error');
    expect(err.error.message).toContain('previous_response_id (a conversation held by fr) needs a model of fr on the OpenAI Responses API');
    expect(atFr2).toEqual([]);
  });

  it('naming another provider with an item only the holder may know: the same 400, not 404 for the item', async () => {
    const first = await held(client);
    const err = await client.responses.create({ model: 'fr2/gpt-b', input: [{ type: 'item_reference', id: 'msg_at_fr_only' }, { role: 'user', content: 'and?' }], previous_response_id: first.id } as never).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.error.message).toContain('previous_response_id (a conversation held by fr) needs a model of fr on the OpenAI Responses API');
    expect(atFr2).toEqual([]);
  });

  it('made with the shared key, after the profile set its own for that provider: 400, never sent with its own key', async () => {
    const first = await held(bo);
    await h.app.service.setByok({ id: 'bo', provider_id: 'fr', api_key: OWN });
    const asked = h.responses.requests.length;
    try {
      const err = await bo.responses.create({ model: RESPONSES_MODEL, input: 'repeat my name', previous_response_id: first.id }).catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect(err.error.message).toContain("needs a model of fr on the OpenAI Responses API, sent its shared key, where this profile now has its own");
      expect(h.responses.requests.length).toBe(asked);
    } finally {
      await h.app.service.deleteByok({ id: 'bo', provider_id: 'fr' });
    }
  });

  it('made with the profile\'s own key, after it was removed: 400, never sent with the shared key', async () => {
    await h.app.service.setByok({ id: 'bo', provider_id: 'fr', api_key: OWN });
    const first = await held(bo);
    await h.app.service.deleteByok({ id: 'bo', provider_id: 'fr' });
    const asked = h.responses.requests.length;
    const err = await bo.responses.create({ model: RESPONSES_MODEL, input: 'repeat my name', previous_response_id: first.id }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.error.message).toContain("needs a model of fr on the OpenAI Responses API, sent this profile's own key for it, which is no longer set");
    expect(h.responses.requests.length).toBe(asked);
    expect(atFr2).toEqual([]);
  });
  it('by auto: goes to its provider, and is not failed over to another Responses provider when that fails', async () => {
    const first = await held(client);
    const next = await client.responses.create({ model: 'auto', input: 'repeat my name', previous_response_id: first.id });
    expect(next.output_text).toContain('Hello');
    expect(h.responses.requests.at(-1)!.body.previous_response_id).toBe(first.id);
    // every try at fr fails (last of these tests: fr may be left cooling down)
    h.responses.persistentFault = { kind: 'status', status: 500 };
    try {
      const err = await client.responses.create({ model: 'auto', input: 'repeat my name', previous_response_id: next.id }).catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.APIError);
      expect(err.message).not.toContain('fr2');
      expect(atFr2).toEqual([]);
    } finally {
      h.responses.persistentFault = null;
    }
  });
});

// The refusal says first why the holder's own models cannot take it (before: every other provider's model, one by one
// "not fr, which holds ...", and "fr/...: provider disabled" lost in "and 71 more")
describe('a held conversation whose provider cannot take it now', () => {
  it('the holder disabled: 400 saying fr is disabled, its models first, the others said once', async () => {
    const first = await held(client);
    await h.app.service.updateProvider({ id: 'fr', patch: { enabled: false } });
    try {
      const err = await client.responses.create({ model: 'auto', input: 'repeat my name', previous_response_id: first.id }).catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      const message: string = err.error.message;
      expect(message).toContain(`needs a model of fr on the OpenAI Responses API, and fr is disabled (${RESPONSES_MODEL}: provider disabled`);
      expect(message).toMatch(/only fr's models can continue it, not the \d+ others here\)$/);
      expect(message).not.toContain('fr2/gpt-b');
      expect(message).not.toContain('none set up here');
    } finally {
      await h.app.service.updateProvider({ id: 'fr', patch: { enabled: true } });
    }
  });

  // last: fr is left cooling down
  it('the holder cooling down: 503 with retry-after, saying fr is cooling down', async () => {
    await withRules(h.app, { cooldown_failures: 1, cooldown_ms: 600_000, retries_per_model: 0 }, async () => {
      const first = await held(client);
      h.responses.persistentFault = { kind: 'status', status: 500 };
      let err: InstanceType<typeof OpenAI.APIError> | undefined;
      try {
        // fails at fr (opening its cooldown), then finds it cooling down
        for (let i = 0; i < 3 && err?.status !== 503; i++) {
          err = await client.responses.create({ model: 'auto', input: 'repeat my name', previous_response_id: first.id }).catch((e) => e);
        }
      } finally {
        h.responses.persistentFault = null;
      }
      expect(err?.status).toBe(503);
      expect(Number(err?.headers?.get('retry-after'))).toBeGreaterThan(500);
      const message = (err?.error as { message?: string } | undefined)?.message ?? '';
      expect(message).toContain(`needs a model of fr on the OpenAI Responses API, and fr is cooling down (${RESPONSES_MODEL}: cooling down`);
      expect(message).not.toContain('fr2/gpt-b');
      expect(message).not.toContain('none set up here');
    });
  });
});
