// A Gemini image model's picture (an inlineData part of its answer), translated for a chat, Anthropic or
// Responses client: their answers have no place for it, so the text goes out and the picture is named in
// x-switchboard-dropped, whole or streamed, and in the activity row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';

const NAME = 'candidates.content.parts[inlineData]';
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.gemini.options.chunks = 1;
  h.gemini.options.inlineData = { mimeType: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' };
});
afterAll(async () => { await h?.close(); });

const asked = 'Draw me a cat';
const bodies = {
  chat: ['/v1/chat/completions', (stream: boolean) => ({ model: MODELS.gemini, stream, messages: [{ role: 'user', content: asked }] })],
  messages: ['/v1/messages', (stream: boolean) => ({ model: MODELS.gemini, stream, max_tokens: 200, messages: [{ role: 'user', content: asked }] })],
  responses: ['/v1/responses', (stream: boolean) => ({ model: MODELS.gemini, stream, input: asked })],
} as const;

describe('a Gemini answer holding an image, translated', () => {
  for (const [api, [path, body]] of Object.entries(bodies)) {
    for (const stream of [false, true]) {
      it(`${api}${stream ? ', streamed' : ''}: the text goes out, the image is named`, async () => {
        const res = await rawRequest(`${h.url}${path}`, {
          headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
          body: JSON.stringify(body(stream)),
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('x-switchboard-dropped')).toBe(NAME);
        expect(res.text).toContain('fake gemini');
        expect(res.text).not.toContain('iVBORw0KGgo');
        expect((await activityEntryOf(h.app, res)).dropped).toEqual([NAME]);
      });
    }
  }
});
