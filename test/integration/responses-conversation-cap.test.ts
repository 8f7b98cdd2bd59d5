// A previous_response_id chain may not grow past what one request could carry: each turn continued
// here is stored with the whole conversation so far, so 30 MB turns chained eight times took 10 s a
// turn (5 s of it blocking every other client) and 1.7 GB of database. Run with a small cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { KEYS, MODELS, rawRequest } from './helpers/app-harness';
import { startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

const CAP = 64 * 1024;
let h: ResponsesHarness;
let client: OpenAI;
beforeAll(async () => {
  h = await startResponsesHarness({ config: { limits: { maxConversationBytes: CAP } } });
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

const turn = (n: number) => `turn ${n}: ${'lorem ipsum dolor sit amet '.repeat(1_000)}`; // ~27 KB

describe('a conversation continued by id', () => {
  it('goes on while it fits in one request, then gets a 400 saying to start anew or send it whole, nothing sent upstream', async () => {
    const t1 = await client.responses.create({ model: MODELS.openai, input: turn(1) });
    const t2 = await client.responses.create({ model: MODELS.openai, previous_response_id: t1.id, input: turn(2) });
    expect(t2.output_text).toBe('Hello from the fake openai provider!');

    const sent = h.openai.requests.length;
    const err = await client.responses.create({ model: MODELS.openai, previous_response_id: t2.id, input: turn(3) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const bad = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(bad.code).toBe('conversation_too_large');
    expect(bad.message).toMatch(/previous_response_id '.+' would be 0\.\d MiB with this request, over Switchboard's limit of 0\.1 MiB/);
    expect(bad.message).toMatch(/Start a new conversation, or send the input whole/);
    expect(bad.headers?.get('x-should-retry')).toBe('false');
    expect(h.openai.requests.length).toBe(sent);

    // the same turn sent whole is an ordinary request, under the body limit only
    const whole = await client.responses.create({ model: MODELS.openai, input: [turn(1), turn(2), turn(3)].map((content) => ({ role: 'user' as const, content })) });
    expect(whole.output_text).toBe('Hello from the fake openai provider!');
    // and what was kept still reads
    const items = await rawRequest(`${h.url}/v1/responses/${t2.id}/input_items?limit=1`, { method: 'GET', headers: { authorization: `Bearer ${h.token}` } });
    expect(items.status).toBe(200);
    expect(items.json.data).toHaveLength(1);
  });

  it('does not count a conversation the provider keeps itself: its id is forwarded, nothing replayed', async () => {
    const big = (n: number) => `turn ${n}: ${'lorem ipsum dolor sit amet '.repeat(1_500)}`; // ~40 KB: two are over the cap
    const direct = new OpenAI({ baseURL: h.responses.url, apiKey: KEYS.openai, maxRetries: 0 });
    const upstream = await direct.responses.create({ model: 'gpt-resp-fake', input: 'remember 42' });
    // kept here at_provider: its row holds this turn's input, never replayed
    const t1 = await client.responses.create({ model: 'auto', previous_response_id: upstream.id, input: big(1) });
    const t2 = await client.responses.create({ model: 'auto', previous_response_id: t1.id, input: big(2) });
    expect(t2.output_text).toBe('Hello from the fake openai responses provider!');
    expect(h.responses.requests.at(-1)!.body.previous_response_id).toBe(t1.id);
  });
});
