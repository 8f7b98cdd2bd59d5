// `from` without `to` on GET /usage and /usage/export runs through today (UTC), as "since" reads
// (before: ?from=D gave day D alone, without a word).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

describe('a usage range given by from alone', () => {
  it('counts every day from then through today in the summary and in the CSV', async () => {
    const { token } = await h.app.service.createUser({ id: 'since', name: 'Since' });
    const chat = await rawRequest(`${h.url}/v1/chat/completions`, {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(chat.status, chat.text).toBe(200);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

    const usage = await adminFetch(h.app, 'GET', `/api/v1/llm/usage?from=${yesterday}`);
    expect(usage.status, usage.text).toBe(200);
    expect(usage.json.by_user).toEqual([expect.objectContaining({ user_id: 'since', requests: 1 })]);
    expect(usage.json.by_day.length).toBeGreaterThanOrEqual(2);

    const csv = await adminFetch(h.app, 'GET', `/api/v1/llm/usage/export?from=${yesterday}`);
    expect(csv.status).toBe(200);
    expect(csv.text.trim().split('\n')).toHaveLength(2);
    expect(csv.text).toContain(',since,');
    expect((await h.app.service.exportUsageCsv({ from: yesterday })).trim().split('\n')).toHaveLength(2);

    const ahead = await adminFetch(h.app, 'GET', `/api/v1/llm/usage?from=${new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)}`);
    // as from = to of that day: an empty day, not a refusal
    expect(ahead.status, ahead.text).toBe(200);
    expect(ahead.json.by_user).toEqual([]);
  });
});
