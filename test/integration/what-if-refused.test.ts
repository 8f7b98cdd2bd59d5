// What-if leaves alone the requests that reached no model (the proxy paused, a malformed body, nothing able to
// serve it): no tokens, no bill, $0 in any scenario. Before: those refused before their body was read have no
// recorded needs, so at a power level they counted in needs_unknown_requests and, as needing every capability,
// in unpriced_requests; one refused for a capability no model has was unpriced on a model lacking it too.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RM, startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;

const post = (body: unknown) => fetch(`${h.url}/v1/chat/completions`, {
  method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
});

beforeAll(async () => {
  h = await startRoutingHarness();
  expect((await post({ model: 'eco', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
  await h.app.service.setProxyPaused({ paused: true });
  try {
    expect((await post({ model: 'eco', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(503);
  } finally {
    await h.app.service.setProxyPaused({ paused: false });
  }
  expect((await post({ model: 'eco', messages: 'nope' })).status).toBe(400);
  // no model of the harness has vision: refused by the router, with its needs recorded
  const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };
  expect((await post({ model: 'eco', messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this' }, image] }] })).status).toBe(400);
});
afterAll(async () => h?.close());

it('requests that reached no model are neither of unknown needs nor unpriced, and cost $0 on both sides', async () => {
  const usage = await h.app.service.getUsage({ days: 1 });
  expect(usage.total_requests).toBe(4);
  expect(usage.total_cost_usd).toBeGreaterThan(0);
  for (const scenario of [{ power_level: 'eco' as const }, { model: RM.mid }]) {
    const r = await h.app.service.whatIf({ ...scenario, days: 1 });
    expect(r, JSON.stringify(scenario)).toMatchObject({ requests: 4, needs_unknown_requests: 0, unpriced_requests: 0, actual_unpriced_requests: 0 });
    expect(r.actual_cost_usd).toBeCloseTo(usage.total_cost_usd!, 12);
    expect(r.hypothetical_cost_usd).toBeGreaterThan(0);
  }
});
