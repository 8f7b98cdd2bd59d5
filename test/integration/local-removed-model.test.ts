// A model removed from Ollama (`ollama rm`) while Switchboard runs: the first request naming it gets Ollama's 404
// "model ... not found, try pulling it first", and that lists the Ollama again, so the catalog shows the model not
// installed at once (not at the next idle check) and the next request is told to pull it without being sent there.
// The listing stays shared and rate-limited: a burst of such 404s lists the server once. Real proxy on 127.0.0.1;
// the Ollama is a fake sending its /v1 404 body as sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { modelOf, startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

let h: Harness;
let oll: RawUpstream;
/** what the Ollama has pulled: its listing, and the models it answers */
let pulled = ['qwen3:8b', 'llama3.2:latest'];
let listings = 0;
let chats = 0;
/** chat answers held back, and how many chats are answered at once */
const waiting: (() => void)[] = [];
let together = 1;
const installed = async (id: string): Promise<boolean | undefined> => (await h.app.service.listModels({ provider_id: 'oll' })).find((m) => m.id === id)?.installed;

const chat = (model: string) => fetch(`${h.url}/v1/chat/completions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
  body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
});

beforeAll(async () => {
  h = await startHarness();
  oll = await startRawUpstream((body, res, req) => {
    if (req.method === 'GET' && req.url === '/v1/models') {
      listings++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: pulled.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'library' })) }));
      return;
    }
    if (req.method === 'POST' && req.url === '/v1/chat/completions') {
      chats++;
      const model = modelOf(body);
      // Ollama's answer for a model it does not have; held until `together` chats have come, so a burst reaches it whole
      waiting.push(() => {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `model "${model}" not found, try pulling it first`, type: 'api_error', param: null, code: null } }));
      });
      if (waiting.length >= together) for (const answer of waiting.splice(0)) answer();
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('404 page not found');
  });
  const s = h.app.service;
  await s.createProvider({ id: 'oll', name: 'Ollama', type: 'ollama', base_url: `${oll.origin}/v1` });
  await s.createModel({ provider_id: 'oll', model_name: 'qwen3:8b', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 32768, capabilities: ['chat'] });
  expect(await s.testProvider({ provider_id: 'oll' })).toMatchObject({ ok: true });
  expect(await installed('oll/qwen3:8b')).toBe(true);
});

afterAll(async () => {
  await h?.close();
  await oll?.close();
});

describe('a model removed from Ollama since it was listed', () => {
  it('its 404 lists the Ollama again: the model shows not installed, and the next request is told to pull it', async () => {
    pulled = ['llama3.2:latest'];
    together = 2;
    const before = listings;
    const answers = await Promise.all([chat('oll/qwen3:8b'), chat('oll/qwen3:8b')]);
    for (const res of answers) {
      expect(res.status).toBe(502);
      expect(await res.text()).toContain('not found, try pulling it first');
    }
    // both 404s share one listing
    expect(chats).toBe(2);
    expect(listings).toBe(before + 1);
    expect(await installed('oll/qwen3:8b')).toBe(false);

    const next = await chat('oll/qwen3:8b');
    expect(next.status).toBe(400);
    expect(await next.text()).toMatch(/not installed.*Pull it \(ollama pull\)/);
    expect(chats).toBe(2);
  });
});
