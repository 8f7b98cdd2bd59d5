// GET /v1beta/models pages as Google's models.list does: pageSize (50 unless asked, at most 1000), pageToken, and
// nextPageToken while more follow; @google/genai's pager walks it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleGenAI } from '@google/genai';
import { rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
let ai: GoogleGenAI;
const EXTRA = 60;

beforeAll(async () => {
  h = await startHarness();
  for (let i = 0; i < EXTRA; i++) {
    await h.app.service.createModel({ provider_id: 'fg', model_name: `gemini-page-${String(i).padStart(2, '0')}`, input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100_000, capabilities: ['chat'] });
  }
  ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
});
afterAll(async () => { await h?.close(); });

const list = (query: string) => rawRequest(`${h.url}/v1beta/models${query}`, { method: 'GET', headers: { 'x-goog-api-key': h.token } });

describe('GET /v1beta/models paging', () => {
  it('gives 50 a page unless asked, with a nextPageToken that leads on to the rest, each model once', async () => {
    const first = await list('');
    expect(first.status).toBe(200);
    expect(first.json.models).toHaveLength(50);
    expect(typeof first.json.nextPageToken).toBe('string');
    const second = await list(`?pageToken=${encodeURIComponent(first.json.nextPageToken)}`);
    expect(second.status).toBe(200);
    const all = [...first.json.models, ...second.json.models].map((m: { name: string }) => m.name);
    expect(second.json.nextPageToken).toBeUndefined();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining(['models/auto', 'models/fg/gemini-page-00', `models/fg/gemini-page-${EXTRA - 1}`]));
    // a pageSize above 1000 is taken as 1000: everything on one page
    const big = await list('?pageSize=5000');
    expect(big.json.models.map((m: { name: string }) => m.name)).toEqual(all);
    expect(big.json.nextPageToken).toBeUndefined();
  });

  it('@google/genai models.list with a pageSize gets pages of that size and walks them all', async () => {
    const pager = await ai.models.list({ config: { pageSize: 7 } });
    expect(pager.page).toHaveLength(7);
    expect(pager.hasNextPage()).toBe(true);
    const names: string[] = [];
    for await (const m of pager) names.push(m.name!);
    const whole = (await list('?pageSize=1000')).json.models.map((m: { name: string }) => m.name);
    expect(names).toEqual(whole);
  });

  it('refuses a pageToken of no page and a pageSize that is not a number, in the Gemini error shape', async () => {
    const token = await list('?pageToken=bm90LWEtbW9kZWw');
    expect(token.status).toBe(400);
    expect(token.json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('pageToken') });
    const size = await list('?pageSize=ten');
    expect(size.status).toBe(400);
    expect(size.json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('pageSize') });
  });

  it('goes on from the place of a page\'s last model disabled meanwhile: nothing still listed skipped, nothing repeated', async () => {
    const names = (r: { json: { models: { name: string }[] } }): string[] => r.json.models.map((m) => m.name);
    const first = await list('?pageSize=8');
    expect(first.status).toBe(200);
    const last = names(first).at(-1)!;
    expect(last).toMatch(/^models\/fg\/gemini-page-/);
    const disabled = await adminFetch(h.app, 'PUT', `/api/v1/llm/models/${encodeURIComponent(last.slice('models/'.length))}`, { enabled: false });
    expect(disabled.status).toBe(200);
    try {
      const whole = names(await list('?pageSize=1000'));
      expect(whole).not.toContain(last);
      const second = await list(`?pageSize=8&pageToken=${encodeURIComponent(first.json.nextPageToken)}`);
      expect(second.status).toBe(200);
      const seen = [...names(first), ...names(second)];
      expect(new Set(seen).size).toBe(seen.length);
      // the first 16 still listed, less the one disabled: the 7 before it, then the 8 that follow it
      expect(seen.filter((n) => n !== last)).toEqual(whole.slice(0, 15));
    } finally {
      await adminFetch(h.app, 'PUT', `/api/v1/llm/models/${encodeURIComponent(last.slice('models/'.length))}`, { enabled: true });
    }
  });
});
