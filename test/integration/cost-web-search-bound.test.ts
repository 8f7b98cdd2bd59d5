// A provider's web-search count is believed only as far as the request allowed: none without a search tool, the
// tool's max_uses, else MAX_WEB_SEARCHES_PER_ANSWER. Above that the row is billed the bound and marked estimated,
// so one hostile answer cannot record $100,000 and lock a capped profile out for the month.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest, queryAll, usageRow } from './helpers/hardening-kit';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';
import { MAX_WEB_SEARCHES_PER_ANSWER } from '../../src/core/usage-sanity';

let h: Harness;
let upstream: RawUpstream;
let capped: string;
/** the searches the next answer claims */
let searches = 9_999_999;

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((_body, res, req) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url?.startsWith('/v1/responses')) {
      const output = [
        ...Array.from({ length: searches }, (_, i) => ({ type: 'web_search_call', id: `ws_${i}`, status: 'completed', action: { type: 'search', query: 'q' } })),
        { type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi', annotations: [] }] },
      ];
      res.end(JSON.stringify({ id: 'resp_1', object: 'response', status: 'completed', model: 'gpt-x', output, usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } }));
      return;
    }
    res.end(JSON.stringify({
      id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', content: [{ type: 'text', text: 'Hi' }], stop_reason: 'end_turn',
      usage: { input_tokens: 10, output_tokens: 5, server_tool_use: { web_search_requests: searches } },
    }));
  });
  const base = upstream.origin;
  await h.app.service.createProvider({ id: 'wa', name: 'wa', type: 'anthropic', base_url: base, api_key: 'sk-ant-wa-000000000000000000' });
  await h.app.service.createProvider({ id: 'wr', name: 'wr', type: 'openai', base_url: `${base}/v1`, api_key: 'sk-wr-0000000000000000000000' });
  await h.app.service.createModel({ provider_id: 'wa', model_name: 'claude-x', input_cost_per_1m: 3, output_cost_per_1m: 15, context_length: 200_000, capabilities: ['chat', 'tools'] });
  await h.app.service.createModel({ provider_id: 'wr', model_name: 'gpt-x', api: 'responses', input_cost_per_1m: 3, output_cost_per_1m: 15, context_length: 200_000, capabilities: ['chat', 'tools'] });
  capped = (await h.app.service.createUser({ id: 'capped', name: 'Capped', monthly_cap_usd: 50 })).token;
});
afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

const post = (path: string, body: unknown, token = h.token) => httpRequest(h.url, path, { method: 'POST', headers: authJson(token), body: JSON.stringify(body), timeoutMs: 30_000 });
const rowOf = (res: { headers: Record<string, unknown> }) => usageRow(h.dataDir, String(res.headers['x-switchboard-request-id']));
const searchesOf = (res: { headers: Record<string, unknown> }) =>
  queryAll<{ web_search_calls: number }>(h.dataDir, 'SELECT web_search_calls FROM usage_log WHERE request_id = ?', String(res.headers['x-switchboard-request-id']))[0]?.web_search_calls;

describe('a web-search count past what the request allowed', () => {
  it('without a search tool: billed none, estimated; the capped profile is served next', async () => {
    searches = 9_999_999;
    const first = await post('/v1/chat/completions', { model: 'wa/claude-x', messages: [{ role: 'user', content: 'hi' }] }, capped);
    expect(first.status, first.text).toBe(200);
    const row = await rowOf(first);
    expect(row).toMatchObject({ estimated: 1, input_tokens: 10, output_tokens: 5 });
    expect(row.cost_usd).toBeLessThan(0.001);
    expect(searchesOf(first)).toBe(0);
    expect(h.logs.some((l) => /wa\/claude-x reported 9999999 web searches, more than the request allowed \(0\)/.test(l))).toBe(true);
    const next = await post('/v1/chat/completions', { model: 'wa/claude-x', messages: [{ role: 'user', content: 'hi' }] }, capped);
    expect(next.status, next.text).toBe(200);
  });

  it("an Anthropic client's web_search with max_uses 5: billed 5 searches, estimated", async () => {
    searches = 9_999_999;
    const res = await post('/v1/messages', {
      model: 'wa/claude-x', max_tokens: 100, messages: [{ role: 'user', content: 'search' }],
      tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }],
    }, capped);
    expect(res.status, res.text).toBe(200);
    const row = await rowOf(res);
    expect(row.estimated).toBe(1);
    expect(searchesOf(res)).toBe(5);
    expect(row.cost_usd).toBeCloseTo(0.05 + (10 * 3 + 5 * 15) / 1e6, 6);
  });

  it('within max_uses: believed as stated, not estimated', async () => {
    searches = 3;
    const res = await post('/v1/messages', {
      model: 'wa/claude-x', max_tokens: 100, messages: [{ role: 'user', content: 'search' }],
      tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }],
    });
    const row = await rowOf(res);
    expect(row.estimated).toBe(0);
    expect(searchesOf(res)).toBe(3);
  });

  it("a Responses client's web_search tool, 2,000 web_search_call items: billed the ceiling, estimated", async () => {
    searches = 2_000;
    const res = await post('/v1/responses', { model: 'wr/gpt-x', input: 'search', tools: [{ type: 'web_search' }] }, capped);
    expect(res.status, res.text).toBe(200);
    const row = await rowOf(res);
    expect(row.estimated).toBe(1);
    expect(searchesOf(res)).toBe(MAX_WEB_SEARCHES_PER_ANSWER);
    expect(row.cost_usd).toBeLessThan(MAX_WEB_SEARCHES_PER_ANSWER * 0.01 + 0.001);
    const next = await post('/v1/chat/completions', { model: 'wa/claude-x', messages: [{ role: 'user', content: 'hi' }] }, capped);
    expect(next.status, next.text).toBe(200);
  });
});
