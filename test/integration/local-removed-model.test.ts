// A model removed from Ollama (`ollama rm`) while Switchboard runs: the first request naming it gets Ollama's 404
// "model ... not found, try pulling it first", and that lists the Ollama again, so the catalog shows the model not
// installed at once (not at the next idle check) and the next request is told to pull it without being sent there.
// The listing stays shared and rate-limited: a burst of such 404s lists the server once; and no request waits on it
// (the next candidate answers while a slow listing is still under way). Real proxy on 127.0.0.1; the Ollamas are
// fakes sending their /v1 404 body as sent.
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
/** Waits (polling, at most 10 s) for `done`. */
async function until(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('timed out waiting');
}
const installed = async (id: string, provider = 'oll'): Promise<boolean | undefined> => (await h.app.service.listModels({ provider_id: provider })).find((m) => m.id === id)?.installed;
/** the second Ollama, its models and listings; a listing waits for `slowListing` while it is set */
let slow: RawUpstream;
let slowPulled = ['gone:1b'];
let slowListings = 0;
/** listings asked of the second Ollama (answered or held) */
let slowAsked = 0;
let slowListing: Promise<void> | undefined;

const chat = (model: string) => fetch(`${h.url}/v1/chat/completions`, {
  method: 'POST',
  // a request held on a listing fails the test rather than hanging it
  signal: AbortSignal.timeout(5_000),
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
  // a second Ollama whose model listing answers only when the test lets it (`slowListing`)
  slow = await startRawUpstream((body, res, req) => {
    if (req.method === 'GET' && req.url === '/v1/models') {
      slowAsked++;
      const list = (): void => {
        slowListings++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: slowPulled.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'library' })) }));
      };
      if (slowListing) slowListing.then(list, list);
      else list();
      return;
    }
    if (req.method === 'POST' && req.url === '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `model "${modelOf(body)}" not found, try pulling it first`, type: 'api_error', param: null, code: null } }));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('404 page not found');
  });
  const s = h.app.service;
  await s.createProvider({ id: 'slow', name: 'Ollama (slow listing)', type: 'ollama', base_url: `${slow.origin}/v1` });
  await s.createModel({ provider_id: 'slow', model_name: 'gone:1b', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 32768, capabilities: ['chat'] });
  expect(await s.testProvider({ provider_id: 'slow' })).toMatchObject({ ok: true });
  expect(await installed('slow/gone:1b', 'slow')).toBe(true);
  await s.updateRoutingRules({ aliases: { gone: ['slow/gone:1b', 'fo/gpt-fake'] } });
  await s.createProvider({ id: 'oll', name: 'Ollama', type: 'ollama', base_url: `${oll.origin}/v1` });
  await s.createModel({ provider_id: 'oll', model_name: 'qwen3:8b', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 32768, capabilities: ['chat'] });
  expect(await s.testProvider({ provider_id: 'oll' })).toMatchObject({ ok: true });
  expect(await installed('oll/qwen3:8b')).toBe(true);
});

afterAll(async () => {
  await h?.close();
  await oll?.close();
  await slow?.close();
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
    // the listing runs after the answers (they do not wait on it): the catalog shows the model gone once it ends
    await until(async () => (await installed('oll/qwen3:8b')) === false);
    // both 404s share one listing
    expect(chats).toBe(2);
    expect(listings).toBe(before + 1);

    const next = await chat('oll/qwen3:8b');
    expect(next.status).toBe(400);
    expect(await next.text()).toMatch(/not installed.*Pull it \(ollama pull\)/);
    expect(chats).toBe(2);
  });

  it('the next candidate answers at once, not after the listing: the catalog updates when the listing ends', async () => {
    slowPulled = [];
    let release = (): void => {};
    slowListing = new Promise<void>((resolve) => { release = resolve; });
    const before = slowListings;
    const asked = slowAsked;
    const res = await chat('gone');
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe('fo/gpt-fake');
    // answered while the listing it started is still held
    await until(async () => slowAsked === asked + 1);
    expect(slowListings).toBe(before);
    expect(await installed('slow/gone:1b', 'slow')).toBe(true);
    release();
    slowListing = undefined;
    await until(async () => (await installed('slow/gone:1b', 'slow')) === false);
    expect(slowListings).toBe(before + 1);
  });
});
