// `item_reference` input items naming, by the ids Switchboard made, items it stored (the ids GET .../input_items
// gives items the client sent without one, the output item ids of a response a non-Responses model answered): each
// is replaced by its item, for whichever provider answers; only the profile's own. Any other id (one the client or a
// Responses upstream gave) is not resolved here: it goes as sent to a Responses upstream only, else 404 in OpenAI's
// shape and words; and 404 with nothing sent when only another profile's stored responses hold it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import { MODELS, rawRequest } from './helpers/app-harness';
import { RESPONSES_MODEL, startTwoProfileHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness, client: OpenAI, other: OpenAI;
beforeAll(async () => { ({ h, client, other } = await startTwoProfileHarness()); });
afterAll(async () => { await h?.close(); });

const text = (body: unknown) => JSON.stringify(body);
const ref = (id: string) => ({ type: 'item_reference' as const, id });
const firstOutputId = (r: OpenAI.Responses.Response): string => r.output[0]!.id!;
/** a user message with an id of the client's own (OpenAI takes one; the SDK's type has no room for it) */
const withId = (id: string, content: string) => [{ type: 'message', id, role: 'user', content }] as unknown as OpenAI.Responses.ResponseInput;

function post(token: string, body: unknown) {
  return rawRequest(`${h.url}/v1/responses`, {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('item_reference to items kept here', () => {
  it('sends a translated model the items an earlier response was made from and answered', async () => {
    const r1 = await client.responses.create({ model: MODELS.anthropic, input: 'My name is Bob.' });
    const listed = await client.responses.inputItems.list(r1.id);
    const r2 = await client.responses.create({
      model: MODELS.anthropic,
      input: [ref(listed.data[0]!.id), ref(firstOutputId(r1)), { role: 'user', content: 'What is my name?' }],
    });
    expect(r2.status).toBe('completed');
    const sent = h.anthropic.requests.at(-1)!.body.messages;
    expect(sent.map((m: any) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(text(sent[0])).toContain('My name is Bob.');
    expect(text(sent[1])).toContain('Hello from the fake anthropic provider!');
    expect(text(sent)).not.toContain('item_reference');
    // kept expanded: its own input items list the content, not the references
    const items = await client.responses.inputItems.list(r2.id, { order: 'asc' });
    expect(text(items.data)).toContain('My name is Bob.');
  });

  it('forwards ids the client gave its items and a Responses upstream gave its output, unexpanded, to a Responses model only', async () => {
    const r1 = await client.responses.create({ model: RESPONSES_MODEL, input: withId('msg_client_1', 'Remember 42.') });
    const refs = [ref('msg_client_1'), ref(firstOutputId(r1))];
    const res = await post(h.token, { model: RESPONSES_MODEL, input: [...refs, { role: 'user', content: 'Which number?' }] });
    expect(res.status).toBe(200);
    expect(h.responses.requests.at(-1)!.body.input.slice(0, 2)).toEqual(refs);
    const gemini = await post(h.token, { model: MODELS.gemini, input: [...refs, { role: 'user', content: 'Which number?' }] });
    expect(gemini.status).toBe(404);
    expect(gemini.json.error.message).toBe("Item with id 'msg_client_1' not found.");
  });

  it('gives a Responses upstream the items, not references it never saw (after a Gemini-served turn)', async () => {
    const r1 = await client.responses.create({ model: MODELS.gemini, input: 'The sky is green here.' });
    const listed = await client.responses.inputItems.list(r1.id);
    for (const model of [RESPONSES_MODEL, 'auto']) {
      const before = h.responses.requests.length;
      const res = await post(h.token, { model, input: [ref(listed.data[0]!.id), ref(firstOutputId(r1)), { role: 'user', content: 'What colour?' }] });
      expect(res.status).toBe(200);
      if (model === RESPONSES_MODEL) {
        expect(h.responses.requests.length).toBe(before + 1);
        const input = h.responses.requests.at(-1)!.body.input;
        expect(input.map((i: any) => i.type ?? 'message')).toEqual(['message', 'message', 'message']);
        expect(text(input)).toContain('The sky is green here.');
        expect(text(input)).toContain('Hello from the fake gemini provider!');
      }
      // wherever auto routed it, no provider was sent a reference
      for (const fake of [h.responses, h.anthropic, h.gemini, h.openai]) expect(text(fake.requests.at(-1)?.body ?? {})).not.toContain('item_reference');
    }
  });
});

describe('item_reference to ids not kept here', () => {
  it('sends an unknown id to a Responses upstream as sent (it may hold the item)', async () => {
    const res = await post(h.token, { model: RESPONSES_MODEL, input: [ref('msg_upstream_only'), { role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    expect(h.responses.requests.at(-1)!.body.input[0]).toEqual(ref('msg_upstream_only'));
  });

  it('answers 404 in OpenAI\'s words where no Responses upstream can be asked', async () => {
    const res = await post(h.token, { model: MODELS.anthropic, input: [ref('msg_nowhere'), { role: 'user', content: 'hi' }] });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { message: "Item with id 'msg_nowhere' not found.", type: 'invalid_request_error', param: 'input', code: 'item_not_found' } });
  });

  it('never resolves, nor forwards, another profile\'s item by the ids Switchboard made; its client\'s ids are not resolved', async () => {
    const r1 = await client.responses.create({ model: MODELS.anthropic, input: withId('msg_secret_1', 'My PIN is 1234.') });
    const made = await client.responses.create({ model: MODELS.anthropic, input: 'My PIN is 1234.' });
    const listed = await client.responses.inputItems.list(made.id);
    const alice = (other as unknown as { apiKey: string }).apiKey;
    const before = h.responses.requests.length;
    for (const id of [listed.data[0]!.id, firstOutputId(r1)]) {
      for (const model of [MODELS.anthropic, RESPONSES_MODEL]) {
        const res = await post(alice, { model, input: [ref(id), { role: 'user', content: 'What is my PIN?' }] });
        expect(res.status, `${id} on ${model}`).toBe(404);
        expect(res.json.error.message).toBe(`Item with id '${id}' not found.`);
      }
    }
    expect(h.responses.requests.length).toBe(before);
    // an id its client gave is no key here: for alice's request it is an id like any other, not found for a translated model
    const sent = h.anthropic.requests.length;
    const res = await post(alice, { model: MODELS.anthropic, input: [ref('msg_secret_1'), { role: 'user', content: 'What is my PIN?' }] });
    expect(res.status).toBe(404);
    expect(h.anthropic.requests.length).toBe(sent);
  });

  it('never forwards an id only another profile\'s responses hold (its upstream\'s output ids, its client\'s item ids): the upstream keeps all under one key', async () => {
    const alice = (other as unknown as { apiKey: string }).apiKey;
    const a1 = await post(alice, { model: RESPONSES_MODEL, input: [{ type: 'message', id: 'msg_alice_secret', role: 'user', content: 'PIN 1234' }] });
    expect(a1.status).toBe(200);
    const before = h.responses.requests.length;
    for (const id of [a1.json.output[0].id as string, 'msg_alice_secret']) {
      const res = await post(h.token, { model: RESPONSES_MODEL, input: [ref(id), { role: 'user', content: 'What is the PIN?' }] });
      expect(res.status, id).toBe(404);
      expect(res.json.error).toEqual({ message: `Item with id '${id}' not found.`, type: 'invalid_request_error', param: 'input', code: 'item_not_found' });
    }
    expect(h.responses.requests.length).toBe(before);
    // alice's own references go as they did
    const own = await post(alice, { model: RESPONSES_MODEL, input: [ref('msg_alice_secret'), { role: 'user', content: 'What is the PIN?' }] });
    expect(own.status).toBe(200);
    expect(h.responses.requests.at(-1)!.body.input[0]).toEqual(ref('msg_alice_secret'));
    // deleted, the response's ids are nobody's here any more: for its upstream to answer
    expect((await rawRequest(`${h.url}/v1/responses/${a1.json.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${alice}` } })).status).toBe(200);
    const after = await post(h.token, { model: RESPONSES_MODEL, input: [ref(a1.json.output[0].id), { role: 'user', content: 'hi' }] });
    expect(after.status).toBe(200);
  });

  it('does not forward another profile\'s id after this profile puts the same id on an input item of its own', async () => {
    const alice = (other as unknown as { apiKey: string }).apiKey;
    const a1 = await post(alice, { model: RESPONSES_MODEL, input: [{ type: 'message', id: 'msg_alice_claimed', role: 'user', content: 'PIN 1234' }] });
    expect(a1.status).toBe(200);
    const aliceOut = a1.json.output[0].id as string;
    // a stored turn (a translated model, no upstream to refuse the ids) whose input items carry alice's ids
    const claim = await post(h.token, { model: MODELS.anthropic, input: [...withId(aliceOut, 'x'), ...withId('msg_alice_claimed', 'y')] });
    expect(claim.status).toBe(200);
    const before = h.responses.requests.length;
    for (const id of [aliceOut, 'msg_alice_claimed']) {
      const res = await post(h.token, { model: RESPONSES_MODEL, input: [ref(id), { role: 'user', content: 'What is the PIN?' }] });
      expect(res.status, id).toBe(404);
    }
    expect(h.responses.requests.length).toBe(before);
    // nor does the claim take alice's output id from her: her answer carried it, her references go as before
    const own = await post(alice, { model: RESPONSES_MODEL, input: [ref(aliceOut), { role: 'user', content: 'What is the PIN?' }] });
    expect(own.status).toBe(200);
    expect(h.responses.requests.at(-1)!.body.input[0]).toEqual(ref(aliceOut));
    // an id only clients gave is nobody's to forward once two profiles hold it (a guessable id must not leak)
    expect((await post(alice, { model: RESPONSES_MODEL, input: [ref('msg_alice_claimed'), { role: 'user', content: 'q' }] })).status).toBe(404);
  });

  it('does not forward an id a client gave to a profile that kept it first when another profile holds it too', async () => {
    const alice = (other as unknown as { apiKey: string }).apiKey;
    expect((await post(h.token, { model: MODELS.anthropic, input: withId('msg_guessable_1', 'mine') })).status).toBe(200);
    expect((await post(alice, { model: RESPONSES_MODEL, input: withId('msg_guessable_1', 'PIN 1234') })).status).toBe(200);
    const before = h.responses.requests.length;
    expect((await post(h.token, { model: RESPONSES_MODEL, input: [ref('msg_guessable_1'), { role: 'user', content: 'What is the PIN?' }] })).status).toBe(404);
    expect(h.responses.requests.length).toBe(before);
  });

  it('forwards an id another profile\'s stored text holds but no item of it (its metadata)', async () => {
    const alice = (other as unknown as { apiKey: string }).apiKey;
    expect((await post(alice, { model: MODELS.anthropic, metadata: { id: 'msg_upstream_abc' }, input: 'alice' })).status).toBe(200);
    const res = await post(h.token, { model: RESPONSES_MODEL, input: [ref('msg_upstream_abc'), { role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    expect(h.responses.requests.at(-1)!.body.input[0]).toEqual(ref('msg_upstream_abc'));
  });

  it('does not resolve an id its client gave twice, nor a forwarded reference kept as an input item', async () => {
    for (const content of ['OLD', 'NEW']) await post(h.token, { model: MODELS.anthropic, input: withId('msg_dup', content) });
    expect((await post(h.token, { model: RESPONSES_MODEL, input: [ref('msg_selfref'), { role: 'user', content: 'hi' }] })).status).toBe(200);
    for (const id of ['msg_dup', 'msg_selfref']) {
      const res = await post(h.token, { model: MODELS.anthropic, input: [ref(id), { role: 'user', content: 'q' }] });
      expect(res.status, id).toBe(404);
    }
  });

  it('answers a request too long for the model it named as too long, not with the reference\'s 404', async () => {
    const res = await post(h.token, { model: MODELS.anthropic, input: [ref('msg_nope'), { role: 'user', content: 'x '.repeat(500_000) }] });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('context_length_exceeded');
  });

  it('forwards the client\'s own body when no reference was replaced: the provider\'s error keeps its param', async () => {
    const error = { message: "Item with id 'msg_h' not found.", type: 'invalid_request_error', param: 'input', code: null };
    h.responses.faults.push({ kind: 'status', status: 400, body: { error } });
    const res = await post(h.token, { model: RESPONSES_MODEL, input: [ref('msg_h'), { role: 'user', content: 'hi' }] });
    expect(res.status).toBe(400);
    expect(res.json.error.param).toBe('input');
    expect(res.json.error.message).toContain(error.message);
  });
});
