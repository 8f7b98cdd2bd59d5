// Money in the admin API's answers carries no float noise: every `*_usd` number is rounded to 12 decimals at
// the HTTP edge, as the usage CSV writes it (before: "remaining_usd":0.020000000000000004).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

/** every `*_usd` number anywhere in a JSON value, with its path */
function usdNumbers(v: unknown, path = ''): Array<[string, number]> {
  if (Array.isArray(v)) return v.flatMap((x, i) => usdNumbers(x, `${path}[${i}]`));
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => (typeof x === 'number' && k.endsWith('_usd') ? [[`${path}.${k}`, x] as [string, number]] : usdNumbers(x, `${path}.${k}`)));
}
const noisy = (n: number) => n !== Number(n.toFixed(12));

describe('USD values in the admin API', () => {
  it('are rounded to 12 decimals in /usage, /credits, /status and /users where the sums carry float noise', async () => {
    // 21 input + 7 output tokens at $1,000 and $2,000 per 1M: $0.035 a request, drawn from $0.3 and capped at $0.1
    await h.app.service.createModel({ provider_id: 'fo', model_name: 'dear', input_cost_per_1m: 1000, output_cost_per_1m: 2000, context_length: 128000 });
    const { token } = await h.app.service.createUser({ id: 'bob', name: 'Bob', credit_balance_usd: 0.3, monthly_cap_usd: 1 });
    for (let i = 0; i < 3; i++) {
      const chat = await rawRequest(`${h.url}/v1/chat/completions`, {
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fo/dear', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(chat.status, chat.text).toBe(200);
    }
    const s = h.app.service;
    const raw = { usage: await s.getUsage({ days: 1 }), credits: await s.getCredits({ user_id: 'bob' }), status: await s.getStatus(), users: await s.listUsers() };
    // the sums do carry noise (0.10500000000000001), else this test would prove nothing
    for (const [name, value] of Object.entries(raw)) expect(usdNumbers(value).some(([, n]) => noisy(n)), name).toBe(true);

    const http = {
      usage: (await adminFetch(h.app, 'GET', '/api/v1/llm/usage?days=1')).json,
      credits: (await adminFetch(h.app, 'GET', '/api/v1/llm/credits?user_id=bob')).json,
      status: (await adminFetch(h.app, 'GET', '/api/v1/llm/status')).json,
      users: (await adminFetch(h.app, 'GET', '/api/v1/llm/users')).json,
    };
    for (const [name, value] of Object.entries(http)) {
      const numbers = usdNumbers(value);
      expect(numbers.length, name).toBeGreaterThan(0);
      expect(numbers.filter(([, n]) => noisy(n)), name).toEqual([]);
      // the same figures, only rounded
      expect(numbers, name).toEqual(usdNumbers(raw[name as keyof typeof raw]).map(([k, n]) => [k, Number(n.toFixed(12))]));
    }
    expect(http.credits).toMatchObject({ credit_balance_usd: 0.195, spent_this_month_usd: 0.105, remaining_usd: 0.195 });
    expect(http.usage.by_user).toEqual([expect.objectContaining({ user_id: 'bob', cost_usd: 0.105 })]);
    expect(http.status).toMatchObject({ today_spend_usd: 0.105, month_spend_usd: 0.105 });

    // the export carries the rounded balance: importing it back is no change of bob's, so no note says it was kept
    const doc = (await adminFetch(h.app, 'GET', '/api/v1/llm/config')).json;
    expect(doc.profiles.find((p: { id: string }) => p.id === 'bob').credit_balance_usd).toBe(0.195);
    const back = await adminFetch(h.app, 'POST', '/api/v1/llm/config', doc);
    expect(back.status, back.text).toBe(200);
    expect(back.json.notes.filter((n: string) => n.startsWith('credit balances set'))).toEqual([]);
    expect((await s.getCredits({ user_id: 'bob' })).credit_balance_usd).toBe(raw.credits.credit_balance_usd);
  });
});
