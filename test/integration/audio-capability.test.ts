// The `audio` capability: a request holding audio goes only to models that take it. A text-only model first
// in a chain is passed over (before, it got the audio, and its 400 "input_audio is not supported" ended the
// request with the Gemini model after it never tried); the route preview names why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_WAV_BASE64 } from '../fixtures/samples';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  const s = h.app.service;
  for (const id of ['ollama', 'lmstudio']) await s.updateProvider({ id, patch: { enabled: false } });
  await s.updateModel({ id: MODELS.gemini, patch: { capabilities: ['chat', 'tools', 'vision', 'json', 'audio'] } });
  const rules = await s.getRoutingRules();
  await s.updateRoutingRules({ aliases: { ...rules.aliases, listen: [MODELS.openai, MODELS.gemini] } });
});
afterAll(async () => { await h?.close(); });

const audioChat = { model: 'listen', messages: [{ role: 'user', content: [{ type: 'text', text: 'Transcribe this' }, { type: 'input_audio', input_audio: { data: SAMPLE_WAV_BASE64, format: 'wav' } }] }] };

describe('audio capability', () => {
  it('is seeded for the bundled Gemini models and not for text-only ones', async () => {
    const models = await h.app.service.listModels({});
    const hears = new Set(models.filter((m) => m.capabilities.includes('audio')).map((m) => m.id));
    for (const id of ['gemini/gemini-2.5-flash', 'gemini/gemini-2.5-pro', 'openrouter/google/gemini-2.5-flash']) expect(hears.has(id), id).toBe(true);
    for (const id of ['deepseek/deepseek-chat', 'groq/llama-3.3-70b-versatile', 'mistral/mistral-large-latest', 'openai/gpt-4.1', 'gemini/gemini-embedding-001']) expect(hears.has(id), id).toBe(false);
  });

  it('the route preview leaves the text-only model out, saying why', async () => {
    const preview = await h.app.service.previewRoute({ request: audioChat });
    expect(preview.candidates.map((c) => c.model)).toEqual([MODELS.gemini]);
    expect(preview.excluded.find((x) => x.model === MODELS.openai)?.reason).toBe('no audio support');
  });

  it('chat input_audio to [text-only, gemini] is served by Gemini; the text-only model gets nothing', async () => {
    const before = h.openai.requests.length;
    const res = await rawRequest(`${h.url}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify(audioChat),
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(MODELS.gemini);
    expect(h.gemini.requests.at(-1)!.body.contents[0].parts).toContainEqual({ inlineData: { mimeType: 'audio/wav', data: SAMPLE_WAV_BASE64 } });
    expect(h.openai.requests.length).toBe(before);
  });

  it('Gemini inlineData audio to the same chain is served by Gemini too', async () => {
    const before = h.openai.requests.length;
    const res = await rawRequest(`${h.url}/v1beta/models/listen:generateContent`, {
      headers: { 'content-type': 'application/json', 'x-goog-api-key': h.token },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Transcribe this' }, { inlineData: { mimeType: 'audio/wav', data: SAMPLE_WAV_BASE64 } }] }] }),
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(MODELS.gemini);
    expect(h.openai.requests.length).toBe(before);
  });

  it('audio sent to a text-only model by name is refused with 400 naming the reason, and reaches no provider', async () => {
    const before = h.openai.requests.length;
    const res = await rawRequest(`${h.url}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify({ ...audioChat, model: MODELS.openai }),
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_supported' });
    expect(res.json.error.message).toContain('no audio support');
    expect(h.openai.requests.length).toBe(before);
  });
});
