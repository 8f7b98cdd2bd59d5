// What a request costs beyond its tokens, end to end: real proxy, real SQLite, the fake providers reporting
// paid web searches (Anthropic server_tool_use, Responses web_search_call items), streamed and not, forwarded
// in the client's own format and translated. GET /api/v1/llm/requests shows the cost; the usage CSV says how.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityPage } from '../../src/shared/activity-types';
import { MODELS } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { adminFetch } from './helpers/routing-harness';

let h: ResponsesHarness;
let openai: OpenAI;
let anthropic: Anthropic;
beforeAll(async () => {
  h = await startResponsesHarness();
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => {
  await h?.close();
});

/** The activity entry's cost and the usage CSV's price_basis of one request. */
async function costOf(id: string | null): Promise<{ cost: number; basis: string; estimated: string }> {
  const res = await adminFetch(h.app, 'GET', '/api/v1/llm/requests?limit=500');
  expect(res.status, res.text).toBe(200);
  const entry = (res.json as ActivityPage).requests.find((r) => r.request_id === id);
  if (!entry) throw new Error(`no activity entry ${id}`);
  const [head, ...lines] = (await h.app.service.exportUsageCsv({ days: 1 })).trim().split('\n');
  const cols = head!.split(',');
  const line = lines.find((l) => l.startsWith(`${id},`) || l.includes(`,${id},`));
  if (!line) throw new Error(`no usage row for ${id}`);
  const row = Object.fromEntries(line.split(',').map((v, i) => [cols[i], v]));
  return { cost: entry.cost_usd ?? NaN, basis: row.price_basis!, estimated: row.estimated! };
}

async function viaMessages(model: string, stream: boolean): Promise<string | null> {
  const body = { model, max_tokens: 100, messages: [{ role: 'user' as const, content: 'search the news' }] };
  if (!stream) return (await anthropic.messages.create(body).withResponse()).response.headers.get('x-switchboard-request-id');
  const { data, response } = await anthropic.messages.create({ ...body, stream: true }).withResponse();
  for await (const _ of data) { /* drain */ }
  return response.headers.get('x-switchboard-request-id');
}

async function viaChat(model: string, stream: boolean): Promise<string | null> {
  const body = { model, messages: [{ role: 'user' as const, content: 'search the news' }] };
  if (!stream) return (await openai.chat.completions.create(body).withResponse()).response.headers.get('x-switchboard-request-id');
  const { data, response } = await openai.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }).withResponse();
  for await (const _ of data) { /* drain */ }
  return response.headers.get('x-switchboard-request-id');
}

async function viaResponses(model: string, stream: boolean): Promise<string | null> {
  const body = { model, input: 'search the news', tools: [{ type: 'web_search' as const }] };
  if (!stream) return (await openai.responses.create(body).withResponse()).response.headers.get('x-switchboard-request-id');
  const { data, response } = await openai.responses.create({ ...body, stream: true }).withResponse();
  for await (const _ of data) { /* drain */ }
  return response.headers.get('x-switchboard-request-id');
}

describe('web searches', () => {
  it.each([false, true])('Anthropic: USD 10 per 1,000 searches on top of the tokens, forwarded and translated (stream: %s)', async (stream) => {
    h.anthropic.options.usage = { input: 1000, output: 200, webSearches: 3 };
    // 1,000 x $3 + 200 x $15 + 3 searches x $0.01 (the web fetch beside them costs tokens only)
    for (const id of [await viaMessages(MODELS.anthropic, stream), await viaChat(MODELS.anthropic, stream)]) {
      const { cost, basis, estimated } = await costOf(id);
      expect(Math.abs(cost - 0.036)).toBeLessThan(1e-9);
      expect(basis).toBe('web_search');
      expect(estimated).toBe('false');
    }
  });

  it.each([false, true])('OpenAI Responses: each web_search_call that searched, forwarded and translated (stream: %s)', async (stream) => {
    h.responses.options.usage = { input: 1000, output: 200, webSearches: 3 };
    // 1,000 x $2 + 200 x $8 + 3 searches x $0.01 (the page it opened is free)
    for (const id of [await viaResponses(RESPONSES_MODEL, stream), await viaChat(RESPONSES_MODEL, stream)]) {
      const { cost, basis } = await costOf(id);
      expect(Math.abs(cost - 0.0336)).toBeLessThan(1e-9);
      expect(basis).toBe('web_search');
    }
  });
});
