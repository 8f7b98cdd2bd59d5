// Two of @google/genai's calls Switchboard answers with an error, answered in the Gemini API's shape with a
// message that says why: files.upload (the Files API is not served) and models.get of a bare name that
// two providers hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, GoogleGenAI } from '@google/genai';
import { KEYS, rawRequest, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
let ai: GoogleGenAI;

beforeAll(async () => {
  h = await startHarness();
  ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
});
afterAll(async () => { await h?.close(); });

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('@google/genai files.upload (POST /upload/v1beta/files)', () => {
  it('rejects with a 404 naming the Files API and the way out, nothing sent upstream', async () => {
    const before = h.gemini.requests.length;
    const err = await rejection(ai.files.upload({ file: new Blob(['abc'], { type: 'text/plain' }), config: { mimeType: 'text/plain' } }));
    expect(err.status).toBe(404);
    expect(err.message).toContain('/upload/v1beta/files');
    expect(err.message).toContain('does not serve the Gemini Files API; send the file inline');
    expect(h.gemini.requests.length).toBe(before);
    // files.list (GET /v1beta/files) says the same
    expect((await rejection(ai.files.list())).message).toContain('does not serve the Gemini Files API');
  });

  it('answers /upload/v1/ alike, in the Gemini error shape', async () => {
    const res = await rawRequest(`${h.url}/upload/v1/files`, { method: 'POST', headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404);
    expect(res.json.error).toMatchObject({ code: 404, status: 'NOT_FOUND', message: expect.stringContaining('Files API') });
  });
});

describe('@google/genai models.get of a bare name two providers hold', () => {
  it('says the name is ambiguous and lists the ids to send, as generateContent does', async () => {
    const gemini = h.app.service;
    await gemini.createProvider({ id: 'fg2', name: 'Fake Gemini 2', type: 'gemini', base_url: h.gemini.url, api_key: KEYS.gemini, enabled: true });
    await gemini.createModel({ provider_id: 'fg2', model_name: 'gemini-fake', input_cost_per_1m: 0.5, output_cost_per_1m: 1.5, context_length: 1000000, capabilities: ['chat'] });
    const err = await rejection(ai.models.get({ model: 'gemini-fake' }));
    expect(err.status).toBe(404);
    expect(err.message).toContain("model name 'gemini-fake' is ambiguous: it matches fg/gemini-fake, fg2/gemini-fake");
    // one named by its id is found
    expect((await ai.models.get({ model: 'fg2/gemini-fake' })).name).toBe('models/fg2/gemini-fake');
  });
});
