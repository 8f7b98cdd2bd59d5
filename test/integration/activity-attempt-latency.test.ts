// Activity's attempts each show their own latency: the pauses between tries of the same model (retry
// back-off) are their own figure (wait_ms), not in the latency of the try that served (before: that try's
// latency was the request's less the failed tries, so [503 2 ms], [503 2 ms], [200 804 ms] for a fake that
// answered in 2 ms). Checked by the arithmetic, never by how fast the machine is: the figures add up to the
// request's latency, each pause is at least its back-off, and the serving try holds its own delay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityPage, RequestAttempt } from '../../src/shared/activity-types';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

/** candidates.ts: the first retry waits 250 ms, the second 500 ms, each plus up to 20 % jitter */
const BACKOFF_MS = [250, 500];
/** the fake's delay before it answers the serving try */
const SERVE_DELAY_MS = 200;
/** a timer may fire up to 1 ms early as Date.now() reads it; the activity log rounds to whole ms */
const ROUNDING_MS = 1;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.app.service.updateRoutingRules({ retries_per_model: 2 });
});
afterAll(() => h?.close());

describe('activity: the serving attempt after retries', () => {
  it('two 503s then a slow success: the waits are their own figure, the serving latency is the rest', async () => {
    h.openai.faults.push({ kind: 'status', status: 503 }, { kind: 'status', status: 503 }, { kind: 'slow-first-byte', ms: SERVE_DELAY_MS });
    const res = await rawRequest(`${h.url}/v1/chat/completions`, {
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    const id = res.headers.get('x-switchboard-request-id')!;
    const page = (await adminFetch(h.app, 'GET', '/api/v1/llm/requests?limit=10')).json as ActivityPage;
    const entry = page.requests.find((r) => r.request_id === id)!;
    expect(entry.attempts.map((a) => [a.model, a.status])).toEqual([[MODELS.openai, 503], [MODELS.openai, 503], [MODELS.openai, 200]]);
    const [first, second, served] = entry.attempts as [RequestAttempt, RequestAttempt, RequestAttempt];
    // each failure is followed by its back-off, recorded on it
    expect(first.wait_ms, 'first back-off').toBeGreaterThanOrEqual(BACKOFF_MS[0]! - ROUNDING_MS);
    expect(second.wait_ms, 'second back-off').toBeGreaterThanOrEqual(BACKOFF_MS[1]! - ROUNDING_MS);
    expect(served.wait_ms).toBeUndefined();
    // the request's latency is the failed tries, their pauses and the serving try, one after another
    const failed = [first, second].reduce((sum, a) => sum + a.latency_ms! + a.wait_ms!, 0);
    expect(served.latency_ms).not.toBeNull();
    expect(Math.abs(served.latency_ms! - (entry.latency_ms - failed))).toBeLessThanOrEqual(ROUNDING_MS);
    // the serving try holds its own delay, whatever the pauses were
    expect(served.latency_ms!).toBeGreaterThanOrEqual(SERVE_DELAY_MS - ROUNDING_MS);
  });
});
