// `item_reference` input items name items Switchboard stored (the ids GET .../input_items lists, a stored
// response's output item ids): each is replaced by its item, for whichever provider answers; only the profile's
// own; one unknown here goes as sent to a Responses upstream only, else 404 in OpenAI's shape and words.
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

  it('resolves ids the client gave its items and a Responses upstream gave its output', async () => {
    const r1 = await client.responses.create({ model: RESPONSES_MODEL, input: withId('msg_client_1', 'Remember 42.') });
    await client.responses.create({ model: MODELS.gemini, input: [ref('msg_client_1'), ref(firstOutputId(r1)), { role: 'user', content: 'Which number?' }] });
    const contents = h.gemini.requests.at(-1)!.body.contents;
    expect(contents.map((c: any) => c.role)).toEqual(['user', 'model', 'user']);
    expect(text(contents[0])).toContain('Remember 42.');
    expect(text(contents[1])).toContain('Hello from the fake openai responses provider!');
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

  it('never resolves, nor forwards, another profile\'s item', async () => {
    const r1 = await client.responses.create({ model: MODELS.anthropic, input: withId('msg_secret_1', 'My PIN is 1234.') });
    const listed = await client.responses.inputItems.list(r1.id);
    const alice = (other as unknown as { apiKey: string }).apiKey;
    const before = h.responses.requests.length;
    for (const id of [listed.data[0]!.id, firstOutputId(r1), 'msg_secret_1']) {
      for (const model of [MODELS.anthropic, RESPONSES_MODEL]) {
        const res = await post(alice, { model, input: [ref(id), { role: 'user', content: 'What is my PIN?' }] });
        expect(res.status, `${id} on ${model}`).toBe(404);
        expect(res.json.error.message).toBe(`Item with id '${id}' not found.`);
      }
    }
    expect(h.responses.requests.length).toBe(before);
  });
});
