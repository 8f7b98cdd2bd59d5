// An image of a type only Gemini reads (HEIC, HEIF) holds the request to Gemini models, whichever
// inbound API it came by; the four types every vision API takes, and images by web address, do not.
import { describe, expect, it } from 'vitest';
import { readAnthropicRequest } from './anthropic/read';
import { readGeminiRequest } from './gemini/read';
import { readOpenAIChatRequest } from './openai/read';
import { readResponsesRequest } from './responses/read';

const HEIC = 'AAAAGGZ0eXBoZWljAAAAAG1pZjFoZWlj'; // an ISO-BMFF 'ftypheic' header
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB';

const gemini = (mimeType: string, data = HEIC) => readGeminiRequest({ contents: [{ role: 'user', parts: [{ text: 'what is this?' }, { inlineData: { mimeType, data } }] }] }, { model: 'm', stream: false });
const chat = (url: string) => readOpenAIChatRequest({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }] });
const responses = (url: string) => readResponsesRequest({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_image', image_url: url }] }] });
const anthropic = (media_type: string, data = HEIC) => readAnthropicRequest({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type, data } }] }] });

describe('images only Gemini reads', () => {
  it('HEIC and HEIF hold the request to Gemini, saying why, by every inbound API', () => {
    for (const read of [gemini('image/heic'), gemini('image/HEIF'), chat(`data:image/heic;base64,${HEIC}`), responses(`data:image/heif;base64,${HEIC}`), anthropic('image/heic')]) {
      expect(read.servableBy).toEqual(['gemini']);
      expect(read.servableWhy).toMatch(/^image\/hei[cf] \(only Gemini reads it\)$/);
      expect(read.capabilities).toContain('vision');
    }
    expect(readGeminiRequest({ contents: [{ parts: [{ fileData: { mimeType: 'image/heic', fileUri: 'https://example.com/a.heic' } }] }] }, { model: 'm', stream: false }).servableBy).toEqual(['gemini']);
  });

  it('JPEG, PNG, GIF and WebP (aliases too), bytes that say PNG, and images by web address go anywhere', () => {
    for (const type of ['image/jpeg', 'image/jpg', 'image/png', 'image/gif', 'image/webp']) {
      expect(gemini(type).servableBy, type).toBeUndefined();
      expect(chat(`data:${type};base64,${HEIC}`).servableBy, type).toBeUndefined();
    }
    expect(gemini('image/heic', PNG).servableBy).toBeUndefined();
    expect(chat('https://example.com/a.heic').servableBy).toBeUndefined();
    expect(chat(`data:;base64,${PNG}`).servableBy).toBeUndefined();
    expect(responses('https://example.com/a.heic').servableBy).toBeUndefined();
    expect(anthropic('image/png', PNG).servableBy).toBeUndefined();
  });
});
