// An image only Gemini reads (HEIC, HEIF: Anthropic and OpenAI answer 400 to them) is routed to a Gemini
// model, and naming another model is a 400 in the client's own shape before anything goes upstream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, routeAmongFakesOnly, startHarness, type Harness } from './helpers/app-harness';
import { startFakeOpenAI } from '../mocks/fake-openai';

let h: Harness;
let local: Awaited<ReturnType<typeof startFakeOpenAI>>;
beforeAll(async () => {
  h = await startHarness();
  await routeAmongFakesOnly(h);
  // a local vision model (llava on Ollama), which reads BMP and TIFF as Gemini does not
  local = await startFakeOpenAI({ models: ['llava:7b'] });
  await h.app.service.createProvider({ id: 'box', name: 'Local box', type: 'ollama', base_url: local.url, enabled: true });
  await h.app.service.createModel({
    provider_id: 'box', model_name: 'llava:7b', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 8192, capabilities: ['chat', 'vision'], enabled: true,
  });
});
afterAll(async () => { await h?.close(); await local?.close(); });

const HEIC = 'AAAAGGZ0eXBoZWljAAAAAG1pZjFoZWlj'; // an ISO-BMFF 'ftypheic' header
const sentUpstream = () => h.openai.requests.length + h.anthropic.requests.length + h.gemini.requests.length;
const geminiBody = { contents: [{ role: 'user', parts: [{ text: 'what is in this photo?' }, { inlineData: { mimeType: 'image/heic', data: HEIC } }] }] };
const gemini = (model: string) => rawRequest(`${h.url}/v1beta/models/${model}:generateContent`, {
  headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' }, body: JSON.stringify(geminiBody),
});
const chat = (model: string) => rawRequest(`${h.url}/v1/chat/completions`, {
  headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ model, messages: [{ role: 'user', content: [{ type: 'text', text: 'what is in this photo?' }, { type: 'image_url', image_url: { url: `data:image/heic;base64,${HEIC}` } }] }] }),
});

describe('a HEIC image', () => {
  it('from a Gemini client is routed to a Gemini model, whatever the level', async () => {
    for (const model of ['auto', 'eco', 'precision']) {
      const res = await gemini(model);
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('x-switchboard-model')).toBe(MODELS.gemini);
    }
    expect(JSON.stringify(h.gemini.requests.at(-1)!.body)).toContain('image/heic');
  });

  it('from an OpenAI chat client (a data URL) is routed to a Gemini model too', async () => {
    const res = await chat('precision');
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(MODELS.gemini);
  });

  it('to a model named that is not Gemini: 400 in the client\'s shape naming the image type; nothing upstream', async () => {
    const before = sentUpstream();
    for (const model of [MODELS.openai, MODELS.anthropic]) {
      const g = await gemini(model);
      expect(g.status, g.text).toBe(400);
      expect(g.json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('image/heic') });
      const c = await chat(model);
      expect(c.status, c.text).toBe(400);
      expect(c.json.error.message).toContain('image/heic');
    }
    expect(sentUpstream()).toBe(before);
  });
});

describe('an image of a type Gemini does not read either (BMP, TIFF)', () => {
  it('goes to the local vision model named, as sent', async () => {
    const BMP = 'Qk1GAAAAAAAAADYAAAAoAAAAAQAAAAEAAAABABgAAAAAABAAAAA=';
    for (const type of ['image/bmp', 'image/tiff']) {
      const res = await rawRequest(`${h.url}/v1/chat/completions`, {
        headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'box/llava:7b', messages: [{ role: 'user', content: [{ type: 'text', text: 'what?' }, { type: 'image_url', image_url: { url: `data:${type};base64,${BMP}` } }] }] }),
      });
      expect(res.status, res.text).toBe(200);
      expect(JSON.stringify(local.requests.at(-1)!.body)).toContain(`data:${type};base64,`);
    }
  });
});
