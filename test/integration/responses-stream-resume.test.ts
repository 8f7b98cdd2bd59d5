// GET /v1/responses/{id}?stream=true (`starting_after`), OpenAI's way to resume a stream, through the
// official SDK (retrieve(id, {stream: true}), responses.stream({response_id})): a response made here from
// another format's answer is replayed as its typed events; one a Responses provider served is streamed
// again by that provider, numbered as first seen, and a background one the client left is kept as it ended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { MODELS, rawRequest } from './helpers/app-harness';
import { RESPONSES_MODEL, fakeAnswer, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness;
let client: OpenAI;
beforeAll(async () => {
  // the client asks here: Switchboard's own asks would move the fake's background responses on
  h = await startResponsesHarness({ config: { limits: { backgroundSettle: { firstMs: 600_000, maxMs: 600_000 } } } });
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

async function collect(stream: AsyncIterable<any>): Promise<any[]> {
  const events: any[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

/** A streamed request's SSE events, parsed. */
async function streamed(body: Record<string, unknown>): Promise<any[]> {
  const res = await rawRequest(`${h.url}/v1/responses`, {
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true }),
  });
  return res.text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));
}

describe('a response kept here (another format answered it)', () => {
  it('is replayed as typed events the SDK accumulates into the same response, from starting_after on', async () => {
    const made = await client.responses.create({ model: MODELS.anthropic, input: 'hi' });
    const events = await collect(await client.responses.retrieve(made.id, { stream: true }));
    expect(events[0]).toMatchObject({ type: 'response.created', sequence_number: 0, response: { id: made.id, status: 'in_progress' } });
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.at(-1)).toMatchObject({ type: 'response.completed', response: { id: made.id, status: 'completed' } });

    const final = await client.responses.stream({ response_id: made.id }).finalResponse();
    expect(final.id).toBe(made.id);
    expect(final.output_text).toBe(fakeAnswer('anthropic'));

    const later = await collect(await client.responses.retrieve(made.id, { stream: true, starting_after: 2 }));
    expect(later.map((e) => e.sequence_number)).toEqual(events.slice(3).map((e) => e.sequence_number));

    const bad = await rawRequest(`${h.url}/v1/responses/${made.id}?stream=true&starting_after=-1`, { method: 'GET', headers: { authorization: `Bearer ${h.token}` } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ type: 'invalid_request_error', param: 'starting_after' });
  });
});

describe('a response a Responses provider served', () => {
  it('is streamed again by that provider, numbered as the client first saw it', async () => {
    const first = await streamed({ model: RESPONSES_MODEL, input: 'hi' });
    const id = first[0].response.id;
    const again = await collect(await client.responses.retrieve(id, { stream: true, starting_after: 3 }));
    expect(h.responses.requests.at(-1)).toMatchObject({ method: 'GET' });
    expect(again).toEqual(first.filter((e) => e.sequence_number > 3));
    const final = await client.responses.stream({ response_id: id }).finalResponse();
    expect(final.output_text).toBe(fakeAnswer('responses'));

    // one the provider will not stream (made without stream: true): its refusal, in OpenAI's shape
    const json = await client.responses.create({ model: RESPONSES_MODEL, input: 'hi' });
    const refused = await rawRequest(`${h.url}/v1/responses/${json.id}?stream=true`, { method: 'GET', headers: { authorization: `Bearer ${h.token}` } });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ type: 'invalid_request_error', message: `Response '${json.id}' was not created with stream=true and cannot be streamed.` });
  });

  it('a background stream the client lost is resumed to its end there, and kept as it ended', async () => {
    // cut once the client has been shown some of the answer: it goes on at the provider
    h.responses.faults.push({ kind: 'reset-mid-stream', afterChunks: 4 });
    const cut = await streamed({ model: RESPONSES_MODEL, input: 'take your time', background: true });
    const id = cut[0].response.id;
    expect(cut.at(-1).type).toBe('response.failed');
    // the last the provider sent (Switchboard's error events after it are its own)
    const seen = cut.filter((e) => e.type !== 'error' && e.type !== 'response.failed').at(-1).sequence_number;

    const rest = await collect(await client.responses.retrieve(id, { stream: true, starting_after: seen }));
    expect(rest[0].sequence_number).toBe(seen + 1);
    expect(rest.at(-1)).toMatchObject({ type: 'response.completed', response: { id, status: 'completed' } });
    // kept as it ended: GET answers without asking the provider
    const asked = h.responses.requests.length;
    const got = await client.responses.retrieve(id);
    expect(got).toMatchObject({ status: 'completed', output_text: fakeAnswer('responses') });
    expect(h.responses.requests.length).toBe(asked);
  });
});

describe('a turn continued here (previous_response_id), streamed again by its provider', () => {
  it('shows the previous_response_id it continued, as its first stream and GET do', async () => {
    const first = await client.responses.create({ model: RESPONSES_MODEL, input: 'hi' });
    const events = await streamed({ model: RESPONSES_MODEL, previous_response_id: first.id, input: 'and then?' });
    const id = events[0].response.id;
    expect(events[0].response.previous_response_id).toBe(first.id);
    expect((await client.responses.retrieve(id)).previous_response_id).toBe(first.id);

    const again = await collect(await client.responses.retrieve(id, { stream: true }));
    expect(h.responses.requests.at(-1)).toMatchObject({ method: 'GET' });
    expect(again[0]).toMatchObject({ type: 'response.created', response: { id, previous_response_id: first.id } });
    expect(again.at(-1)).toMatchObject({ type: 'response.completed', response: { id, previous_response_id: first.id } });
    const final = await client.responses.stream({ response_id: id }).finalResponse();
    expect(final.previous_response_id).toBe(first.id);
  });

  it('a background one the client lost, resumed to its end, is kept with that id: the turn after it carries the whole conversation', async () => {
    const first = await client.responses.create({ model: RESPONSES_MODEL, input: 'hi' });
    h.responses.faults.push({ kind: 'reset-mid-stream', afterChunks: 4 });
    const cut = await streamed({ model: RESPONSES_MODEL, previous_response_id: first.id, input: 'and then?', background: true });
    const id = cut[0].response.id;
    // the provider was sent the conversation, not the id: its finished event says null
    expect(h.responses.requests.filter((r) => r.method === 'POST').at(-1)!.body.previous_response_id).toBeUndefined();
    const seen = cut.filter((e) => e.type !== 'error' && e.type !== 'response.failed').at(-1).sequence_number;
    const rest = await collect(await client.responses.retrieve(id, { stream: true, starting_after: seen }));
    expect(rest.at(-1)).toMatchObject({ type: 'response.completed', response: { id, previous_response_id: first.id } });
    // kept as it ended, with the id it continued
    const asked = h.responses.requests.length;
    expect(await client.responses.retrieve(id)).toMatchObject({ status: 'completed', previous_response_id: first.id });
    expect(h.responses.requests.length).toBe(asked);
    await client.responses.create({ model: MODELS.anthropic, previous_response_id: id, input: 'more' });
    const sent = h.anthropic.requests.at(-1)!.body.messages as any[];
    expect(sent.map((m) => [m.role, m.content[0].text])).toEqual([
      ['user', 'hi'], ['assistant', fakeAnswer('responses')], ['user', 'and then?'], ['assistant', fakeAnswer('responses')], ['user', 'more'],
    ]);
  });
});
