// A "near its rate limit" reading belongs to one key of one provider: a new key, a deleted provider (and a new
// one given its id) and a profile's new own key start with none, rather than the old key's alert until its reset.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.openai.options.apiKey = undefined; // the fake takes any key
  await h.app.service.updateRoutingRules({ retries_per_model: 0 });
});
afterEach(async () => {
  if ((await h.app.service.listProviders()).some((p) => p.id === 'ob')) await h.app.service.deleteProvider({ id: 'ob' });
});
afterAll(async () => {
  await h?.close();
});

const completion = { id: 'c', object: 'chat.completion', created: 1, model: 'gpt-fake', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } };
// no reset header: before the fix such a reading stood for 15 minutes
const nearLimit = { kind: 'status' as const, status: 200, body: completion, headers: { 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': '3' } };

async function chat(model: string, token = h.token): Promise<number> {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
  await res.text();
  return res.status;
}

const nearAlerts = async (): Promise<string[]> =>
  (await h.app.service.getAlerts(undefined)).filter((a) => a.kind === 'rate_limit_near').map((a) => a.message);

async function providerNearItsLimit(): Promise<void> {
  await h.app.service.createProvider({ id: 'ob', name: 'OB fake', type: 'openai-compatible', base_url: h.openai.url, api_key: 'sk-ob-first-0123456789', enabled: true });
  await h.app.service.createModel({ provider_id: 'ob', model_name: 'gpt-fake', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100000 });
  h.openai.faults.push(nearLimit);
  expect(await chat('ob/gpt-fake')).toBe(200);
  expect(await nearAlerts()).toEqual(['The OB fake key is near its rate limit: 3 of 100 requests left']);
}

describe('a near-limit alert and the key it was read for', () => {
  it('goes when the key is changed', async () => {
    await providerNearItsLimit();
    await h.app.service.updateProvider({ id: 'ob', patch: { api_key: 'sk-ob-second-0123456789' } });
    expect(await nearAlerts()).toEqual([]);
  });

  it('goes with the provider, and does not pass to a new one given its id', async () => {
    await providerNearItsLimit();
    await h.app.service.deleteProvider({ id: 'ob' });
    expect(await nearAlerts()).toEqual([]);
    await h.app.service.createProvider({ id: 'ob', name: 'OB fake', type: 'openai-compatible', base_url: h.openai.url, api_key: 'sk-ob-other-0123456789', enabled: true });
    expect(await nearAlerts()).toEqual([]);
  });

  it("goes when a profile's own key is replaced, and only that key's", async () => {
    await providerNearItsLimit();
    const own = await h.app.service.createUser({ id: 'own', name: 'Own' });
    await h.app.service.setByok({ id: 'own', provider_id: 'ob', api_key: 'sk-own-first-0123456789' });
    h.openai.faults.push({ ...nearLimit, headers: { ...nearLimit.headers, 'x-ratelimit-remaining-requests': '2' } });
    expect(await chat('ob/gpt-fake', own.token)).toBe(200);
    expect(await nearAlerts()).toEqual([
      'The OB fake key is near its rate limit: 3 of 100 requests left',
      "Own's OB fake key is near its rate limit: 2 of 100 requests left",
    ]);
    await h.app.service.setByok({ id: 'own', provider_id: 'ob', api_key: 'sk-own-second-0123456789' });
    expect(await nearAlerts()).toEqual(['The OB fake key is near its rate limit: 3 of 100 requests left']);
  });

  it('takes no reading from an answer that arrives after its provider was deleted', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let arrived!: () => void;
    const asked = new Promise<void>((r) => { arrived = r; });
    const server = http.createServer((req, res) => {
      req.resume();
      arrived();
      void gate.then(() => {
        res.writeHead(200, { 'content-type': 'application/json', ...nearLimit.headers });
        res.end(JSON.stringify(completion));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      await h.app.service.createProvider({ id: 'ob', name: 'OB gated', type: 'openai-compatible', base_url: `http://127.0.0.1:${port}/v1`, api_key: 'sk-ob-gated-0123456789', enabled: true });
      await h.app.service.createModel({ provider_id: 'ob', model_name: 'gpt-fake', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100000 });
      const answer = chat('ob/gpt-fake');
      await asked;
      await h.app.service.deleteProvider({ id: 'ob' });
      release();
      expect(await answer).toBe(200);
      expect(await nearAlerts()).toEqual([]);
    } finally {
      server.close();
    }
  });
});
