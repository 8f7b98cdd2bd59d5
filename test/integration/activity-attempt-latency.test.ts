// Activity's attempts each show their own latency: the pauses between tries of the same model (retry
// back-off) are their own figure (wait_ms), not in the latency of the try that served (before: that try's
// latency was the request's less the failed tries, so [503 2 ms], [503 2 ms], [200 804 ms] for a fake that
// answered in 2 ms).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityPage } from '../../src/shared/activity-types';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.app.service.updateRoutingRules({ retries_per_model: 2 });
});
afterAll(() => h?.close());

describe('activity: the serving attempt after retries', () => {
  it('two 503s then a success: the waits are their own figure and the serving latency is well under them', async () => {
    h.openai.faults.push({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const res = await rawRequest(`${h.url}/v1/chat/completions`, {
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    const id = res.headers.get('x-switchboard-request-id')!;
    const page = (await adminFetch(h.app, 'GET', '/api/v1/llm/requests?limit=10')).json as ActivityPage;
    const entry = page.requests.find((r) => r.request_id === id)!;
    expect(entry.attempts.map((a) => [a.model, a.status])).toEqual([[MODELS.openai, 503], [MODELS.openai, 503], [MODELS.openai, 200]]);
    const [first, second, served] = entry.attempts as [typeof entry.attempts[0], typeof entry.attempts[0], typeof entry.attempts[0]];
    // the back-off: 250 ms, then 500 ms (with jitter), each after the failure it follows
    expect(first.wait_ms).toBeGreaterThanOrEqual(200);
    expect(second.wait_ms).toBeGreaterThan(first.wait_ms!);
    const waited = first.wait_ms! + second.wait_ms!;
    expect(entry.latency_ms).toBeGreaterThanOrEqual(waited);
    // the fake answers at once: the serving try's own time is a small part of the pauses before it
    expect(served.latency_ms).not.toBeNull();
    expect(served.latency_ms!).toBeLessThan(waited / 3);
    expect(served.wait_ms).toBeUndefined();
  });
});
