// A background response is billed when it ends, the request long gone: the web searches that request allowed
// (web-search-allowance.ts: none without a search tool) are kept with the response when it is stored, and its
// bill is held to them (responses-background.ts; responses-background.test.ts prices it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from './helpers/app-harness';
import { queryAll } from './helpers/hardening-kit';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness;
beforeAll(async () => {
  h = await startResponsesHarness({ config: { limits: { backgroundSettle: { firstMs: 600_000, maxMs: 600_000 } } } });
});
afterAll(async () => { await h?.close(); });

async function allowanceKept(body: Record<string, unknown>): Promise<unknown> {
  const res = await rawRequest(`${h.url}/v1/responses`, {
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: RESPONSES_MODEL, input: 'take your time', background: true, ...body }),
  });
  expect(res.json, JSON.stringify(res.json)).toMatchObject({ status: 'queued' });
  return queryAll<{ n: unknown }>(h.dataDir, 'SELECT request_web_searches_allowed AS n FROM stored_responses WHERE id = ?', res.json.id)[0]?.n;
}

describe('a background response', () => {
  it('keeps the web searches its request allowed: none without a search tool, the ceiling with one', async () => {
    expect(await allowanceKept({})).toBe(0);
    expect(await allowanceKept({ tools: [{ type: 'web_search' }] })).toBe(100);
  });
});
