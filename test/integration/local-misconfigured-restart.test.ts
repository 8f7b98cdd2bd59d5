// A local server the connection test found misconfigured (https to a plain-http server, a wrong path) is the same
// misconfigured server after a restart: the probe that finds it up again (a TCP connect) restores the test's
// failure rather than writing it healthy ("127.0.0.1:PORT answers") while every request to it fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
const fakes: FakeProvider[] = [];

beforeAll(async () => {
  h = await startHarness();
  await h.app.service.updateRoutingRules({ retries_per_model: 0 });
});
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close().catch(() => undefined)));
  await h?.close();
});

const chat = async (model: string): Promise<number> => {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
  await res.text();
  return res.status;
};
const health = async (id: string) => (await h.app.service.listProviders()).find((p) => p.id === id)!.health;

async function restartedAfterAFailedTest(id: string, baseUrl: (port: number) => string): Promise<void> {
  const first = await startFakeOpenAI({});
  await h.app.service.createProvider({ id, name: id, type: 'openai-compatible', base_url: baseUrl(first.port), enabled: true });
  await h.app.service.createModel({ provider_id: id, model_name: 'gpt-fake', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 100000 });
  const tested = await h.app.service.testProvider({ provider_id: id });
  expect(tested.ok).toBe(false);
  const failure = (await health(id)).message;
  // stopped: a request finds nothing answering, and it is recorded not running
  await first.close();
  expect(await chat(`${id}/gpt-fake`)).toBe(503);
  expect((await health(id)).status).toBe('not_running');
  // started again: the next request finds it up (the probe), and it fails as before
  fakes.push(await startFakeOpenAI({ port: first.port }));
  expect(await chat(`${id}/gpt-fake`)).toBe(502);
  const after = await health(id);
  expect(after.status).not.toBe('healthy');
  expect(after.message).toBe(failure);
}

describe('a misconfigured local server that restarts', () => {
  it('stays failed when it is reached by https but speaks http', async () => {
    await restartedAfterAFailedTest('tls', (port) => `https://127.0.0.1:${port}/v1`);
  });

  it('stays failed when its path is wrong', async () => {
    await restartedAfterAFailedTest('path', (port) => `http://127.0.0.1:${port}/nope/v1`);
  });
});
