// Gemini models.get / models.list say outputTokenLimit only where Switchboard knows the model's max output, and
// never for an embedding model (the field is optional in Google's Model; @google/genai reads a model without it).
// Before, an unknown one was given as 8192, an invented limit a client would cap its answers at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleGenAI, type Model } from '@google/genai';
import { startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
let ai: GoogleGenAI;

beforeAll(async () => {
  h = await startHarness();
  // the harness's gpt-fake, claude-fake, gemini-fake and embed-fake have no max output known
  await h.app.service.createModel({
    provider_id: 'fg', model_name: 'gemini-known', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 1_048_576, max_output_tokens: 65_536, capabilities: ['chat'],
  });
  ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
});
afterAll(async () => { await h?.close(); });

async function listed(): Promise<Model[]> {
  const out: Model[] = [];
  for await (const m of await ai.models.list({ config: { pageSize: 1000 } })) out.push(m);
  return out;
}

describe('Gemini outputTokenLimit', () => {
  it('models.get: a chat model whose max output is unknown has none, one whose max output is known has it', async () => {
    const unknown = await ai.models.get({ model: 'fo/gpt-fake' });
    expect(unknown).toMatchObject({ name: 'models/fo/gpt-fake', inputTokenLimit: 128_000 });
    expect(unknown.outputTokenLimit).toBeUndefined();
    expect(await ai.models.get({ model: 'fg/gemini-known' })).toMatchObject({ inputTokenLimit: 1_048_576, outputTokenLimit: 65_536 });
  });

  it('models.get: an embedding model has none', async () => {
    const embed = await ai.models.get({ model: 'fo/embed-fake' });
    expect(embed).toMatchObject({ name: 'models/fo/embed-fake', supportedActions: ['embedContent', 'batchEmbedContents'] });
    expect(embed.outputTokenLimit).toBeUndefined();
  });

  it('models.list: the same, and a routing name has the widest known', async () => {
    const byName = new Map((await listed()).map((m) => [m.name, m]));
    for (const name of ['models/fo/gpt-fake', 'models/fa/claude-fake', 'models/fo/embed-fake']) {
      expect(byName.get(name), name).toBeDefined();
      expect(byName.get(name)!.outputTokenLimit, name).toBeUndefined();
    }
    expect(byName.get('models/fg/gemini-known')?.outputTokenLimit).toBe(65_536);
    expect(byName.get('models/auto')?.outputTokenLimit).toBe(65_536);
  });
});
