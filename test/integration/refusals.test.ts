// A model's refusal crossing formats: each client gets it where its own API puts one. Chat Completions
// in message.refusal / delta.refusal with finish_reason stop (the SDK's parse() returns it, and throws on
// content_filter), Responses as a refusal part of a completed response, Anthropic as stop_reason refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { MODELS } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

const REFUSAL = "I'm sorry, I can't help with that.";
const messages = [{ role: 'user' as const, content: 'something harmful' }];
const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };

let h: ResponsesHarness;
let openai: OpenAI;
let anthropic: Anthropic;
beforeAll(async () => {
  h = await startResponsesHarness({ fake: { refusal: REFUSAL } });
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

describe('a refusal from a Responses model', () => {
  it('reaches a Chat Completions client as message.refusal ending with stop, so parse() returns it, streamed and not', async () => {
    const answer = { type: 'json_schema' as const, json_schema: { name: 'answer', strict: true, schema } };
    const parsed = await openai.chat.completions.parse({ model: RESPONSES_MODEL, messages, response_format: answer });
    expect(parsed.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: null, refusal: REFUSAL, parsed: null } });
    const streamed = await openai.chat.completions.stream({ model: RESPONSES_MODEL, messages, response_format: answer }).finalChatCompletion();
    expect(streamed.choices[0]).toMatchObject({ finish_reason: 'stop', message: { refusal: REFUSAL, parsed: null } });
    expect(streamed.choices[0]!.message.content || null).toBeNull();
  });

  it('still reaches an Anthropic client as its text with stop_reason refusal', async () => {
    const res = await anthropic.messages.create({ model: RESPONSES_MODEL, max_tokens: 64, messages });
    expect(res).toMatchObject({ stop_reason: 'refusal', content: [{ type: 'text', text: REFUSAL }] });
    const final = await anthropic.messages.stream({ model: RESPONSES_MODEL, max_tokens: 64, messages }).finalMessage();
    expect(final).toMatchObject({ stop_reason: 'refusal', content: [{ type: 'text', text: REFUSAL }] });
  });
});

describe('a refusal from an OpenAI chat model', () => {
  it('reaches a Responses client as the refusal part of a completed response, streamed and not', async () => {
    const text = { format: { type: 'json_schema' as const, name: 'answer', strict: true, schema } };
    const res = await openai.responses.parse({ model: MODELS.openai, input: 'something harmful', text });
    expect(res.status).toBe('completed');
    expect(res.output).toMatchObject([{ type: 'message', content: [{ type: 'refusal', refusal: REFUSAL }] }]);
    expect(res.output_parsed).toBeNull();
    const stream = openai.responses.stream({ model: MODELS.openai, input: 'something harmful', text });
    const types: string[] = [];
    for await (const e of stream) types.push(e.type);
    expect(types).toContain('response.refusal.delta');
    const final = await stream.finalResponse();
    expect(final.status).toBe('completed');
    expect(final.output).toMatchObject([{ type: 'message', content: [{ type: 'refusal', refusal: REFUSAL }] }]);
  });
});
