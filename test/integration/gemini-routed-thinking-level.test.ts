// The official `@google/genai` SDK with a thinkingLevel written for Gemini 3 Flash (MINIMAL, MEDIUM), the request
// served by Gemini 3 Pro, which takes LOW and HIGH only (the fake refuses the others with Google's 400): through
// the named model's fallback chain and through an alias, the level reaches 3 Pro as the nearest it takes, named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleGenAI, ThinkingLevel } from '@google/genai';
import { routeAmongFakesOnly, startHarness, type Harness } from './helpers/app-harness';

const FLASH = 'fg/gemini-3-flash-preview';
const PRO = 'fg/gemini-3-pro-preview';
const ANSWER = 'Hello from the fake gemini provider!';

let h: Harness;
let ai: GoogleGenAI;

beforeAll(async () => {
  h = await startHarness();
  await routeAmongFakesOnly(h);
  const s = h.app.service;
  for (const name of ['gemini-3-flash-preview', 'gemini-3-pro-preview']) {
    await s.createModel({ provider_id: 'fg', model_name: name, input_cost_per_1m: 1, output_cost_per_1m: 4, context_length: 1_000_000, capabilities: ['chat', 'tools', 'json', 'reasoning'], quality: 80 });
  }
  await s.updateRoutingRules({ fallbacks: { [FLASH]: [PRO] }, aliases: { deep: [PRO] } });
  ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
});
afterAll(async () => { await h?.close(); });

/** Ask `model` with a thinkingLevel; the answer's serving model and dropped header, and the bodies the fake got. */
async function ask(model: string, thinkingLevel: ThinkingLevel) {
  const before = h.gemini.requests.length;
  const res = await ai.models.generateContent({ model, contents: 'hi', config: { thinkingConfig: { thinkingLevel, includeThoughts: true } } });
  const headers = res.sdkHttpResponse?.headers ?? {};
  const sent = h.gemini.requests.slice(before).map((r) => ({ path: r.path, thinking: r.body.generationConfig?.thinkingConfig }));
  return { text: res.text, model: headers['x-switchboard-model'], dropped: headers['x-switchboard-dropped'], sent };
}

describe('a Gemini 3 Flash thinkingLevel served by Gemini 3 Pro', () => {
  it("the named 3 Flash fails over to 3 Pro: MINIMAL goes as LOW, named; 3 Flash got it as sent", async () => {
    h.gemini.faults.push({ kind: 'status', status: 503 });
    const got = await ask(FLASH, ThinkingLevel.MINIMAL);
    expect(got).toMatchObject({ text: ANSWER, model: PRO, dropped: 'thinkingConfig.thinkingLevel' });
    expect(got.sent).toEqual([
      { path: expect.stringContaining('/models/gemini-3-flash-preview:'), thinking: { thinkingLevel: 'MINIMAL', includeThoughts: true } },
      { path: expect.stringContaining('/models/gemini-3-pro-preview:'), thinking: { thinkingLevel: 'LOW', includeThoughts: true } },
    ]);
  });

  it('an alias routes to 3 Pro: MEDIUM goes as HIGH, named in the activity log', async () => {
    const got = await ask('deep', ThinkingLevel.MEDIUM);
    expect(got).toMatchObject({ text: ANSWER, model: PRO, dropped: 'thinkingConfig.thinkingLevel' });
    expect(got.sent).toEqual([{ path: expect.stringContaining('/models/gemini-3-pro-preview:'), thinking: { thinkingLevel: 'HIGH', includeThoughts: true } }]);
    const { requests } = await h.app.service.listRequests({ limit: 1 });
    expect(requests[0]).toMatchObject({ model_id: PRO, status: 200, dropped: ['thinkingConfig.thinkingLevel'] });
  });

  it('3 Pro named by the client gets the body as sent', async () => {
    await expect(ask(PRO, ThinkingLevel.MEDIUM)).rejects.toThrow(/Thinking level MEDIUM is not supported/);
  });
});
