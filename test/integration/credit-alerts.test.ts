// A profile's credit running out is an alert: its requests are refused with 402 (budget_exhausted), which the
// error-rate alert does not count, so without it the user would hear nothing. Real HTTP, the fake OpenAI provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { MODELS, startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

// default fake usage: 21 input, 7 output tokens at $1 / $2 per 1M
const GPT_COST = (21 * 1 + 7 * 2) / 1e6;

async function creditAlerts(): Promise<{ id: string; kind: string; severity: string; message: string }[]> {
  const res = await adminFetch(h.app, 'GET', '/api/v1/llm/alerts');
  expect(res.status).toBe(200);
  return (res.json as { id: string; kind: string; severity: string; message: string; subject: string }[])
    .filter((a) => a.subject === 'prepaid')
    .map(({ id, kind, severity, message }) => ({ id, kind, severity, message }));
}

describe('credit alerts', () => {
  it('warn while under $1 of credit is left, turn critical once it is spent, and clear on a top-up', async () => {
    const created = await adminFetch(h.app, 'POST', '/api/v1/llm/users', { id: 'prepaid', name: 'Prepaid', credit_balance_usd: GPT_COST * 1.5 });
    expect(created.status).toBe(200);
    expect(await creditAlerts()).toEqual([{
      id: 'credit_low:prepaid', kind: 'credit_low', severity: 'warning',
      message: expect.stringMatching(/^Prepaid has \$0\.0000525 of credit left \(under \$1\.00\)/),
    }]);

    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: created.json.token as string, maxRetries: 0 });
    const chat = () => client.chat.completions.create({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] });
    await chat();
    await chat(); // half a request's cost was left: allowed, the balance goes below zero
    const refused = await chat().catch((e: unknown) => e);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
    expect(h.openai.requests).toHaveLength(2);

    expect(await creditAlerts()).toEqual([{
      id: 'credit_exhausted:prepaid', kind: 'credit_exhausted', severity: 'critical',
      message: 'Prepaid is out of credit: its requests are refused until credit is added',
    }]);

    expect((await adminFetch(h.app, 'PUT', '/api/v1/llm/users/prepaid', { credit_balance_usd: 5 })).status).toBe(200);
    expect(await creditAlerts()).toEqual([]);
  });
});
