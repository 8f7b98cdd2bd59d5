// Claude Code's WebSearch request (Anthropic's web_search server tool alone, recorded from Claude Code 2.1.332)
// served by an OpenAI model on the Responses API with OpenAI's hosted web_search tool: the fake Responses API
// gets the tool and answers with a web_search_call and url_citation annotations, which the client gets as
// Anthropic's web search blocks, whole and streamed; the activity row counts the search. Another server of
// the Responses API (no hosted search) is passed over, saying why.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_RESULTS } from '../mocks/fake-responses-search';
import { KEYS } from './helpers/app-harness';
import { recording, replay } from './helpers/fixture-harness';
import { RESPONSES_MODEL, fakeAnswer, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { adminFetch } from './helpers/routing-harness';

const SEARCHER = 'or/gpt-5.4';
let h: ResponsesHarness;
let client: Anthropic;
beforeAll(async () => {
  h = await startResponsesHarness();
  client = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
  const s = h.app.service;
  await s.updateRoutingRules({ retries_per_model: 0 });
  // no Anthropic or Gemini model: only OpenAI's search can run it
  for (const id of ['fa', 'fg', 'ollama', 'lmstudio']) await s.updateProvider({ id, patch: { enabled: false } });
  await s.createProvider({ id: 'or', name: 'OpenAI responses', type: 'openai', base_url: h.responses.url, api_key: KEYS.openai, enabled: true });
  await s.createModel({ provider_id: 'or', model_name: 'gpt-5.4', input_cost_per_1m: 2.5, output_cost_per_1m: 15, context_length: 400_000, capabilities: ['chat', 'tools'], api: 'responses' });
  h.responses.options.usage = { input: 1_000, output: 1_000 };
});
afterAll(async () => { await h?.close(); });

const WEB_SEARCH = recording('anthropic', 'claude-code-web-search');
const SOURCES = DEFAULT_WEB_RESULTS.map((r) => ({ type: 'web_search_result', url: r.url, title: r.title, encrypted_content: '', page_age: null }));

function expectSearchBlocks(content: any[]): void {
  const call = content.find((b) => b.type === 'server_tool_use');
  expect(call).toMatchObject({ name: 'web_search', input: { query: 'switchboard llm router' } });
  expect(content).toContainEqual({ type: 'web_search_tool_result', tool_use_id: call.id, content: SOURCES });
  expect(content).toContainEqual(expect.objectContaining({ type: 'text', text: fakeAnswer('responses') }));
}

async function activityRow(id: string): Promise<{ cost_usd: number | null; model_id: string } | undefined> {
  const res = await adminFetch(h.app, 'GET', '/api/v1/llm/requests?limit=100');
  return (res.json.requests as { request_id: string; cost_usd: number | null; model_id: string }[]).find((r) => r.request_id === id);
}

// 1,000 x $2.50 + 1,000 x $15 per 1M, and one search at OpenAI's $10 per 1,000
const COST = (1_000 * 2.5 + 1_000 * 15) / 1e6 + 0.01;

describe("Claude Code's WebSearch request on OpenAI's web_search", () => {
  it('whole: the Responses API gets web_search, the client the search blocks, the row the search fee', async () => {
    const before = h.responses.requests.length;
    const res = await replay(h, '/v1/messages', { ...WEB_SEARCH, body: { ...WEB_SEARCH.body, stream: false } }, 'auto');
    expect(res.status, res.text.slice(0, 400)).toBe(200);
    expect(res.headers['x-switchboard-model']).toBe(SEARCHER);
    expect(String(res.headers['x-switchboard-dropped']).split(',')).toContain('tools[type=web_search_20250305].max_uses');
    expect(String(res.headers['x-switchboard-dropped']).split(',')).not.toContain('tools[type=web_search_20250305]');
    expect(h.responses.requests.length).toBe(before + 1);
    const sent = h.responses.requests.at(-1)!.body as Record<string, any>;
    expect(sent.tools).toEqual([{ type: 'web_search' }]);
    expect(sent.include).toEqual(['web_search_call.action.sources']);
    expect(res.json.content.map((b: { type: string }) => b.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text']);
    expectSearchBlocks(res.json.content);
    expect(res.json.usage.server_tool_use).toEqual({ web_search_requests: 1 });
    const row = await activityRow(String(res.headers['x-switchboard-request-id']));
    expect(Math.abs((row?.cost_usd ?? NaN) - COST)).toBeLessThan(1e-9);
  });

  it('streamed, as Claude Code asks: the SDK accumulates the same blocks and usage', async () => {
    const stream = client.messages.stream({ ...WEB_SEARCH.body, model: 'auto' } as never);
    const final = await stream.finalMessage();
    expect(final.content.map((b) => b.type)).toEqual(['text', 'server_tool_use', 'web_search_tool_result']);
    expectSearchBlocks(final.content);
    expect(final.usage).toMatchObject({ server_tool_use: { web_search_requests: 1 } });
    const id = (await stream.withResponse()).response.headers.get('x-switchboard-request-id');
    const row = await activityRow(String(id));
    expect(row?.model_id).toBe(SEARCHER);
    expect(Math.abs((row?.cost_usd ?? NaN) - COST)).toBeLessThan(1e-9);
  });

  it('the next turn, the search blocks sent back: the Responses API reads the query and the pages as the assistant\'s text', async () => {
    const body = { ...WEB_SEARCH.body, model: 'auto', max_tokens: 1_000, stream: false };
    const first = await client.messages.create(body as never) as Anthropic.Message;
    expectSearchBlocks(first.content);
    const res = await replay(h, '/v1/messages', { ...WEB_SEARCH, body: { ...body, messages: [
      ...WEB_SEARCH.body.messages, { role: 'assistant', content: first.content }, { role: 'user', content: 'Which is the oldest?' }] } }, 'auto');
    expect(res.status, res.text.slice(0, 400)).toBe(200);
    expect(res.headers['x-switchboard-model']).toBe(SEARCHER);
    const input = JSON.stringify((h.responses.requests.at(-1)!.body as { input: unknown }).input);
    expect(input).toContain('Searched the web for: switchboard llm router');
    expect(input).toContain(JSON.stringify(`Web search results:\n${DEFAULT_WEB_RESULTS.map((r) => `- ${r.title}: ${r.url}`).join('\n')}`).slice(1, -1));
    expect(input).not.toContain('srvtoolu_');
  });

  it('a Responses model of another server (no hosted search) is passed over, saying why', async () => {
    await h.app.service.updateModel({ id: SEARCHER, patch: { enabled: false } });
    try {
      const before = h.responses.requests.length;
      const res = await replay(h, '/v1/messages', WEB_SEARCH, RESPONSES_MODEL);
      expect(res.status, res.text.slice(0, 300)).toBe(400);
      expect(res.json.error.message).toContain("needs a model on the Anthropic, Gemini or OpenAI Responses API");
      expect(res.json.error.message).toContain(`${RESPONSES_MODEL}: cannot search the web (OpenAI's web_search tool: OpenAI's own models on the Responses API)`);
      expect(h.responses.requests.length).toBe(before);
    } finally {
      await h.app.service.updateModel({ id: SEARCHER, patch: { enabled: true } });
    }
  });
});
