// truncation: "auto" on a conversation continued here (previous_response_id) for a model of another format:
// as OpenAI does, the oldest turns go when the conversation no longer fits the model's context, instead of
// every turn from the second on being refused with context_length_exceeded. The conversation stays kept
// whole, the new input is never cut, and the answer says how many items were left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { MODELS } from './helpers/app-harness';
import { startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness, client: OpenAI;
const TINY = 'fo/tiny';
beforeAll(async () => {
  h = await startResponsesHarness();
  await h.app.service.createModel({ provider_id: 'fo', model_name: 'tiny', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 2000, capabilities: ['chat'] });
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

/** ~600 words: one turn fits tiny's 2000 tokens (with the 1024 kept for the answer), two do not */
const big = (i: number) => `turn${i} ${'word '.repeat(600)}`;
const userTexts = (body: any) => (body.messages as any[]).filter((m) => m.role === 'user').map((m) => String(m.content).slice(0, 5));

describe('truncation auto on a conversation continued here', () => {
  it('leaves out the oldest turns to fit, names nothing dropped for it, and keeps the conversation whole', async () => {
    let prev: string | undefined;
    const leftOut: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const { data, response } = await client.responses.create({ model: TINY, input: big(i), truncation: 'auto', ...(prev ? { previous_response_id: prev } : {}) }).withResponse();
      expect(data.truncation).toBe('auto');
      expect(response.headers.get('x-switchboard-dropped') ?? '').not.toContain('truncation');
      leftOut.push(response.headers.get('x-switchboard-truncated'));
      // the new input is never cut, and the turns before it went whole
      expect(userTexts(h.openai.requests.at(-1)!.body)).toEqual([`turn${i}`]);
      prev = data.id;
    }
    // turn 1 left out turn 0 (its question and answer); turn 2 both turns before it
    expect(leftOut).toEqual([null, '2', '4']);
    // streamed, the same
    const { data: stream, response } = await client.responses.create({ model: TINY, input: big(3), truncation: 'auto', previous_response_id: prev, stream: true }).withResponse();
    for await (const e of stream) if (e.type === 'response.completed') prev = e.response.id;
    expect(response.headers.get('x-switchboard-truncated')).toBe('6');
    expect(userTexts(h.openai.requests.at(-1)!.body)).toEqual(['turn3']);
    // kept whole: a model with room gets every turn
    await client.responses.create({ model: MODELS.anthropic, input: 'and now?', previous_response_id: prev, truncation: 'auto' });
    const sent = JSON.stringify(h.anthropic.requests.at(-1)!.body.messages);
    for (const t of ['turn0', 'turn1', 'turn2', 'turn3', 'and now?']) expect(sent).toContain(t);
  });

  it('without truncation auto, a conversation past the context is refused as before', async () => {
    const first = await client.responses.create({ model: TINY, input: big(0) });
    const err = await client.responses.create({ model: TINY, input: big(1), previous_response_id: first.id }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.error.code).toBe('context_length_exceeded');
  });

  it('with new input alone too large, is refused, not cut', async () => {
    const first = await client.responses.create({ model: TINY, input: 'hi' });
    const err = await client.responses.create({ model: TINY, input: `${big(1)} ${big(2)}`, previous_response_id: first.id, truncation: 'auto' }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.error.code).toBe('context_length_exceeded');
    expect(err.headers.get('x-switchboard-truncated')).toBeNull();
  });
});
