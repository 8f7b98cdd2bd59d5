// A Gemini client's JSON mode (responseMimeType application/json, no schema, a prompt that need not say
// "json") reaching OpenAI: chat's json_object and the Responses API's text.format json_object are refused
// unless the messages say "json" (the fakes refuse as OpenAI does), so Switchboard says it in the prompt;
// an OpenAI client's own request goes as sent, and gets OpenAI's refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness;
beforeAll(async () => { h = await startResponsesHarness(); });
afterAll(async () => { await h?.close(); });

const JSON_MODE = { contents: [{ role: 'user', parts: [{ text: 'give a recipe' }] }], generationConfig: { responseMimeType: 'application/json' } };
const post = (path: string, body: unknown, auth: Record<string, string>) => rawRequest(`${h.url}${path}`, {
  headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body),
});
const gemini = (model: string, method: string) => post(`/v1beta/models/${model}:${method}`, JSON_MODE, { 'x-goog-api-key': h.token });
const saysJson = (body: unknown) => /json/i.test(JSON.stringify(body));

describe('Gemini JSON mode -> OpenAI chat', () => {
  it('is json_object with "json" said in a system message; 200, streamed and not', async () => {
    for (const method of ['generateContent', 'streamGenerateContent?alt=sse']) {
      const res = await gemini(MODELS.openai, method);
      expect(res.status, res.text).toBe(200);
      const sent = h.openai.requests.at(-1)!.body;
      expect(sent.response_format).toEqual({ type: 'json_object' });
      expect(sent.messages[0]).toMatchObject({ role: 'system', content: expect.stringMatching(/JSON/) });
      expect(sent.messages.at(-1)).toEqual({ role: 'user', content: 'give a recipe' });
    }
  });

  it('an OpenAI chat client\'s json_object without "json" goes as sent and gets OpenAI\'s 400', async () => {
    const body = { model: MODELS.openai, response_format: { type: 'json_object' }, messages: [{ role: 'user', content: 'give a recipe' }] };
    const res = await post('/v1/chat/completions', body, { authorization: `Bearer ${h.token}` });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.message).toContain("'messages' must contain the word 'json' in some form");
    expect(saysJson(h.openai.requests.at(-1)!.body.messages)).toBe(false);
  });
});

describe('Gemini JSON mode -> OpenAI Responses', () => {
  it('is text.format json_object with "json" said in a developer input message; 200, streamed and not', async () => {
    for (const method of ['generateContent', 'streamGenerateContent?alt=sse']) {
      const res = await gemini(RESPONSES_MODEL, method);
      expect(res.status, res.text).toBe(200);
      const sent = h.responses.requests.at(-1)!.body;
      expect(sent.text).toEqual({ format: { type: 'json_object' } });
      expect(sent.input[0]).toMatchObject({ role: 'developer', content: expect.stringMatching(/JSON/) });
    }
  });

  it('a Responses client\'s json_object said only in instructions goes as sent and gets OpenAI\'s 400', async () => {
    const body = { model: RESPONSES_MODEL, instructions: 'Reply in JSON.', input: 'give a recipe', text: { format: { type: 'json_object' } } };
    const res = await post('/v1/responses', body, { authorization: `Bearer ${h.token}` });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.message).toContain("Response input messages must contain the word 'json' in some form");
    expect(h.responses.requests.at(-1)!.body.input).toBe('give a recipe');
  });
});
