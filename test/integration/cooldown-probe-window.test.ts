// A model back from its cooldown is probed by one request; the others naming it meanwhile are told to come
// back in a moment (retry-after <= 2), not at the end of the probe's lease (timeout_ms + 1 s: 121 s), and
// cooldown_ms 0 benches nothing, so there is no probe to wait for.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.openai.faults.length = 0;
  h.openai.persistentFault = null;
});

const chat = () => rawRequest(`${h.url}/v1/chat/completions`, {
  headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
  body: JSON.stringify({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] }),
});

/** Two 500s in a row on the named model (no other candidate, no retry): each a 502. */
async function twoFailures(): Promise<void> {
  h.openai.faults.push({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
  for (let i = 0; i < 2; i++) expect((await chat()).status).toBe(502);
}

/** Three requests in flight together on a slow fake: the first sent, and once the fake has it, two more. */
async function threeTogether() {
  h.openai.persistentFault = { kind: 'slow-first-byte', ms: 1_500 };
  const before = h.openai.requests.length;
  const first = chat();
  while (h.openai.requests.length === before) await sleep(10);
  const rest = await Promise.all([chat(), chat()]);
  return { first: await first, rest, reached: h.openai.requests.length - before };
}

describe('a model probed after its cooldown', () => {
  it('turns the others away for a moment only: retry-after <= 2, not the probe lease', async () => {
    await h.app.service.updateRoutingRules({ cooldown_failures: 2, cooldown_ms: 300, retries_per_model: 0, timeout_ms: 120_000 });
    await twoFailures();
    const cooling = await chat();
    expect(cooling.status, cooling.text).toBe(503);
    await sleep(400); // the cooldown is over: the next request is the probe
    const { first, rest, reached } = await threeTogether();
    expect(first.status, first.text).toBe(200);
    expect(reached).toBe(1);
    for (const r of rest) {
      expect(r.status, r.text).toBe(503);
      expect(r.json.error.code).toBe('cooling_down');
      expect(r.headers.get('x-should-retry')).toBe('true');
      expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    }
    // the probe answered: the model serves everyone again
    h.openai.persistentFault = null;
    expect((await chat()).status).toBe(200);
  });

  it('with cooldown_ms 0 never cools down: all three reach the provider', async () => {
    await h.app.service.updateRoutingRules({ cooldown_failures: 2, cooldown_ms: 0, retries_per_model: 0, timeout_ms: 120_000 });
    await twoFailures();
    const { first, rest, reached } = await threeTogether();
    expect(reached).toBe(3);
    for (const r of [first, ...rest]) expect(r.status, r.text).toBe(200);
  });
});
