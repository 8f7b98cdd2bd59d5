// A model back from its cooldown is probed by one request; the others naming it meanwhile are told to come
// back in a moment (retry-after <= 2), not at the end of the probe's lease (timeout_ms + 1 s: 121 s), and
// cooldown_ms 0 benches nothing, so there is no probe to wait for. Nothing here races the clock: the cooldown
// is long and ended by a connection test the provider answers (a model benched because its provider did not
// answer is probed next), and the fake holds the probe's first byte until the test lets it go.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gate } from '../mocks/fake-server';
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

/** Two connections reset before any answer on the named model (no other candidate, no retry): each a 502. */
async function twoFailures(): Promise<void> {
  h.openai.faults.push({ kind: 'reset-before-headers' }, { kind: 'reset-before-headers' });
  for (let i = 0; i < 2; i++) expect((await chat()).status).toBe(502);
}

/** Polls (no deadline but the test's own) until `done`: waiting for something to happen, never timing it. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await sleep(5);
}

/**
 * Three requests together, every answer held by the fake until the test lets it go: the first sent and, once
 * the fake has it, two more; each of those either reaches the fake (held there) or is answered by Switchboard.
 */
async function threeTogether() {
  const answers = gate();
  h.openai.persistentFault = { kind: 'hold-first-byte', until: answers.until };
  const before = h.openai.requests.length;
  const reached = () => h.openai.requests.length - before;
  const first = chat();
  await until(() => reached() === 1);
  let settled = 0;
  const others = [chat(), chat()].map((p) => p.finally(() => { settled++; }));
  // each of the two is at the fake (held) or back with Switchboard's answer
  await until(() => reached() - 1 + settled >= 2);
  const heldAtFake = reached();
  answers.release();
  h.openai.persistentFault = null;
  return { first: await first, rest: await Promise.all(others), reached: heldAtFake };
}

describe('a model probed after its cooldown', () => {
  it('turns the others away for a moment only: retry-after <= 2, not the probe lease', async () => {
    await h.app.service.updateRoutingRules({ cooldown_failures: 2, cooldown_ms: 600_000, retries_per_model: 0, timeout_ms: 120_000 });
    await twoFailures();
    const cooling = await chat();
    expect(cooling.status, cooling.text).toBe(503);
    // the provider answers a connection test: the model's cooldown is over, the next request is the probe
    expect((await h.app.service.testProvider({ provider_id: 'fo' })).ok).toBe(true);
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
