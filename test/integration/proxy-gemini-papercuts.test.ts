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
    // a dated name of the ambiguous one says so too (routing takes it for the undated name), as GET /v1/models/{id} does
    const dated = await rejection(ai.models.get({ model: 'gemini-fake-20250101' }));
    expect(dated.status).toBe(404);
    expect(dated.message).toContain("model name 'gemini-fake-20250101' is ambiguous: it matches fg/gemini-fake, fg2/gemini-fake");
    const openaiShape = await rawRequest(`${h.url}/v1/models/gemini-fake-20250101`, { method: 'GET', headers: { authorization: `Bearer ${h.token}` } });
    expect(openaiShape.status).toBe(404);
    expect(openaiShape.json.error.message).toBe(dated.message.match(/model name .*instead/)![0]);
  });
});

describe('@google/genai models.get of a name generateContent serves that the list does not hold', () => {
  it('answers the model routing resolves it to, under the name asked for: one set-up provider of two, a dated name', async () => {
    const s = h.app.service;
    // a second Gemini provider with no key: it holds the name too, but cannot serve it
    await s.createProvider({ id: 'gx', name: 'Gemini without a key', type: 'gemini', base_url: h.gemini.url, enabled: true });
    for (const provider_id of ['fg', 'gx']) {
      await s.createModel({ provider_id, model_name: 'gemini-2.5-flash', input_cost_per_1m: 0.3, output_cost_per_1m: 2.5, context_length: 1048576, capabilities: ['chat'] });
    }
    const served = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
    expect(served.text).toBeTruthy();
    expect(h.gemini.requests.at(-1)!.path).toContain('/models/gemini-2.5-flash:generateContent');
    const m = await ai.models.get({ model: 'gemini-2.5-flash' });
    expect(m).toMatchObject({ name: 'models/gemini-2.5-flash', displayName: 'fg/gemini-2.5-flash', inputTokenLimit: 1048576 });
    expect(m.supportedActions).toEqual(expect.arrayContaining(['generateContent', 'countTokens']));
    // GET /v1/models/{name} (the OpenAI list) resolves it alike
    const openaiShape = await rawRequest(`${h.url}/v1/models/gemini-2.5-flash`, { method: 'GET', headers: { authorization: `Bearer ${h.token}` } });
    expect(openaiShape.json).toMatchObject({ id: 'gemini-2.5-flash', owned_by: 'fg' });
    // a dated snapshot name routing takes for its undated one
    expect(await ai.models.get({ model: 'gemini-2.5-flash-latest' })).toMatchObject({ name: 'models/gemini-2.5-flash-latest', displayName: 'fg/gemini-2.5-flash' });
    // a name nothing serves is still 404
    expect((await rejection(ai.models.get({ model: 'gemini-nothing' }))).status).toBe(404);
  });
});
