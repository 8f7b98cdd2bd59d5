// A failed try's status in the activity log is the provider's HTTP status when it answered: the 200 of an
// answer whose body broke off, or whose answer did not begin within timeout_ms, is shown; a try that got no
// headers at all shows none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './helpers/app-harness';
import { failoverKit, startFailoverHarness } from './helpers/failover-kit';
import { withRules } from './helpers/rules-change';

let h: Harness;
beforeAll(async () => { h = await startFailoverHarness(); });
afterAll(async () => { await h?.close(); });
const { chain, chat, entryOf } = failoverKit(() => h);

describe('the status of a failed try in the activity log', () => {
  it('is 200 for a JSON answer that broke off after its 200 headers (error kind stream)', async () => {
    const { alias, ids } = await chain('fo', 'fa');
    h.openai.faults.push({ kind: 'reset-mid-stream', afterChunks: 0 });
    const res = await chat(alias);
    expect(res.status, res.text).toBe(200);
    expect((await entryOf(res)).attempts).toEqual([
      expect.objectContaining({ model: ids[0], error_kind: 'stream', status: 200 }),
      expect.objectContaining({ model: ids[1], error_kind: null, status: 200 }),
    ]);
  });

  it('is 200 for a stream whose headers came but whose answer did not begin within timeout_ms', () => withRules(h.app, { timeout_ms: 1000 }, async () => {
    const { alias, ids } = await chain('fo', 'fa');
    h.openai.faults.push({ kind: 'slow-answer', ms: 60_000, keepAliveMs: 200 });
    const res = await chat(alias, true);
    expect(res.status, res.text).toBe(200);
    expect((await entryOf(res)).attempts[0]).toMatchObject({ model: ids[0], error_kind: 'timeout', status: 200 });
  }));

  it('is null for a try whose headers never came', () => withRules(h.app, { timeout_ms: 1000 }, async () => {
    const { alias, ids } = await chain('fo', 'fa');
    h.openai.faults.push({ kind: 'slow-first-byte', ms: 5000 });
    const res = await chat(alias);
    expect(res.status, res.text).toBe(200);
    expect((await entryOf(res)).attempts[0]).toMatchObject({ model: ids[0], error_kind: 'timeout', status: null });
  }));
});
