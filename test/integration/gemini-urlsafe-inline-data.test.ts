// inlineData in URL-safe base64, as the official Python SDK (google-genai) sends Part.from_bytes(): Google takes
// it, so a request crossing to another format carries the bytes in standard base64 (Anthropic refuses URL-safe,
// OpenAI's data URLs carry them as given), a text file is read whatever the alphabet, data that is no base64
// gets a 400 in the Gemini shape, and a request forwarded to Gemini goes as sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

// bytes whose standard base64 holds + and /, so their URL-safe form differs
const bytes = Buffer.from('\x89PNG\r\n\x1a\n'.split('').map((c) => c.charCodeAt(0)).concat([0xfb, 0xff, 0xbf, 0x3e, 0x3f]));
const std = bytes.toString('base64');
const urlSafe = Buffer.from(bytes).toString('base64url').padEnd(std.length, '=');

/** the body google-genai (Python) sends: snake_case, the bytes URL-safe */
const body = (mime: string, data: string) => ({ contents: [{ role: 'user', parts: [{ text: 'What is this?' }, { inline_data: { mime_type: mime, data } }] }] });
const generate = (model: string, b: unknown) => rawRequest(`${h.url}/v1beta/models/${model}:generateContent`, {
  headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' }, body: JSON.stringify(b),
});
const lastBody = (fake: 'openai' | 'anthropic' | 'gemini') => JSON.stringify(h[fake].requests.at(-1)!.body);

describe('inlineData in URL-safe base64, to another format', () => {
  it('reaches OpenAI and Anthropic as standard base64', async () => {
    expect(urlSafe).toMatch(/[-_]/);
    for (const [model, fake] of [[MODELS.openai, 'openai'], [MODELS.anthropic, 'anthropic']] as const) {
      const res = await generate(model, body('image/png', urlSafe));
      expect(res.status, res.text).toBe(200);
      expect(lastBody(fake)).toContain(std);
      expect(lastBody(fake)).not.toContain(urlSafe);
    }
  });

  it('a text file is read: its text reaches the model', async () => {
    const res = await generate(MODELS.openai, body('text/plain', Buffer.from('Prices: 10 > 9 ??? and ~~~ done\n').toString('base64url')));
    expect(res.status, res.text).toBe(200);
    expect(lastBody('openai')).toContain('Prices: 10 > 9 ??? and ~~~ done');
  });

  it('data that is no base64 is a 400 in the Gemini shape naming the part; nothing goes upstream', async () => {
    const before = h.openai.requests.length;
    for (const mime of ['text/plain', 'image/png']) {
      const res = await generate(MODELS.openai, body(mime, 'not*base64'));
      expect(res.status, res.text).toBe(400);
      expect(res.json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('contents[0].parts[1].inlineData.data: must be base64') });
    }
    expect(h.openai.requests.length).toBe(before);
  });
});

describe('inlineData in URL-safe base64, to Gemini', () => {
  it('goes as sent', async () => {
    const res = await generate(MODELS.gemini, body('image/png', urlSafe));
    expect(res.status, res.text).toBe(200);
    expect(lastBody('gemini')).toContain(urlSafe);
  });
});
