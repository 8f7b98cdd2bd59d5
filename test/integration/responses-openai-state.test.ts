// A response whose request named state OpenAI keeps (a `conversation`, a stored `prompt`) holds more than
// Switchboard saw: its next turn goes to the Responses upstream by id, never replayed from what was kept
// here (the conversation's earlier turns would be lost, silently); any other model is refused for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { MODELS } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness, client: OpenAI;
beforeAll(async () => {
  h = await startResponsesHarness();
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

const cases: [string, Record<string, unknown>][] = [
  ['conversation', { conversation: 'conv_abc' }],
  ['prompt', { prompt: { id: 'pmpt_abc', version: '2' } }],
];

describe.each(cases)('continuing a response made with %s', (field, state) => {
  it('goes to the Responses upstream by id, not replayed', async () => {
    const first = await client.responses.create({ model: RESPONSES_MODEL, input: 'what is my name?', ...state });
    expect(h.responses.requests.at(-1)!.body[field]).toEqual(state[field]);
    await client.responses.create({ model: RESPONSES_MODEL, input: 'repeat my name', previous_response_id: first.id });
    const sent = h.responses.requests.at(-1)!.body;
    expect(sent.previous_response_id).toBe(first.id);
    expect(JSON.stringify(sent.input)).not.toContain('what is my name?');
  });

  it('is refused on a model of another format, in the Responses error shape, with nothing sent', async () => {
    const first = await client.responses.create({ model: RESPONSES_MODEL, input: 'what is my name?', ...state });
    const before = h.anthropic.requests.length;
    const err = await client.responses.create({ model: MODELS.anthropic, input: 'repeat my name', previous_response_id: first.id }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.error.type).toBe('invalid_request_error');
    expect(err.error.message).toContain('previous_response_id (a conversation held by fr) needs a model of fr on the OpenAI Responses API');
    expect(h.anthropic.requests.length).toBe(before);
  });
});
