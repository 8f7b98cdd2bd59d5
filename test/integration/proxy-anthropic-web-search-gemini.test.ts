// Claude Code's WebSearch request (Anthropic's web_search server tool alone, recorded from Claude Code 2.1.332)
// served by a Gemini model with Google Search grounding: Gemini gets Google's google_search tool, and the client
// gets the fake's grounding sources as Anthropic's web search blocks, whole and streamed (read by the real SDK);
// the activity row counts the grounding fee. A Gemini model that cannot ground is passed over, saying why.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH_RESULTS } from '../mocks/fake-gemini-grounding';
import { MODELS, type Harness } from './helpers/app-harness';
import { recording, replay, startFixtureHarness } from './helpers/fixture-harness';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
let client: Anthropic;
beforeAll(async () => {
  h = await startFixtureHarness();
  client = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
  // no Anthropic model: only Gemini's search can run it
  await h.app.service.updateProvider({ id: 'fa', patch: { enabled: false } });
  h.gemini.options.usage = { input: 1_000, output: 1_000 };
});
afterAll(async () => { await h?.close(); });

const WEB_SEARCH = recording('anthropic', 'claude-code-web-search');
const TEXT = 'Hello from the fake gemini provider!';
const SOURCES = DEFAULT_SEARCH_RESULTS.map((r) => ({ type: 'web_search_result', url: r.uri, title: r.title, encrypted_content: '', page_age: null }));

function expectSearchBlocks(content: unknown[]): void {
  expect(content).toContainEqual(expect.objectContaining({ type: 'server_tool_use', name: 'web_search', input: { query: 'switchboard llm router' } }));
  const call = content.find((b: any) => b.type === 'server_tool_use') as { id: string };
  expect(content).toContainEqual({ type: 'web_search_tool_result', tool_use_id: call.id, content: SOURCES });
  expect(content).toContainEqual(expect.objectContaining({ type: 'text', text: TEXT }));
}

async function activityCost(id: string | null): Promise<number | null | undefined> {
  const res = await adminFetch(h.app, 'GET', '/api/v1/llm/requests?limit=100');
  return (res.json.requests as { request_id: string; cost_usd: number | null }[]).find((r) => r.request_id === id)?.cost_usd;
}

describe("Claude Code's WebSearch request on Gemini's Google Search", () => {
  it('whole: Gemini gets google_search, the client the search blocks, the row the grounding fee', async () => {
    const before = h.gemini.requests.length;
    const res = await replay(h, '/v1/messages', { ...WEB_SEARCH, body: { ...WEB_SEARCH.body, stream: false } }, 'auto');
    expect(res.status, res.text.slice(0, 400)).toBe(200);
    expect(res.headers['x-switchboard-model']).toBe(MODELS.gemini);
    // Google's search decides how many queries it runs: the cap Claude Code sets is named, the search itself is not
    expect(res.headers['x-switchboard-dropped']).toContain('tools[type=web_search_20250305].max_uses');
    expect(String(res.headers['x-switchboard-dropped']).split(',')).not.toContain('tools[type=web_search_20250305]');
    expect(h.gemini.requests.length).toBe(before + 1);
    const sent = h.gemini.requests.at(-1)!.body as Record<string, any>;
    expect(sent.tools).toEqual([{ google_search: {} }]);
    expect(sent.contents).toEqual([{ role: 'user', parts: [{ text: 'Perform a web search for the query: switchboard llm router' }] }]);
    expect(res.json.content.slice(0, 2).map((b: { type: string }) => b.type)).toEqual(['server_tool_use', 'web_search_tool_result']);
    expectSearchBlocks(res.json.content);
    expect(res.json.usage.server_tool_use).toEqual({ web_search_requests: 1 });
    // fg/gemini-fake: 1,000 x $0.50 + 1,000 x $1.50 per 1M, and one grounded prompt at Gemini 2.x's $35 per 1,000
    const cost = await activityCost(String(res.headers['x-switchboard-request-id']));
    expect(Math.abs((cost ?? NaN) - (0.002 + 0.035))).toBeLessThan(1e-9);
  });

  it('streamed, as Claude Code asks: the SDK accumulates the same blocks and usage', async () => {
    const { data, response } = await client.messages.create({ ...WEB_SEARCH.body, model: 'auto', stream: true } as never).withResponse();
    const stream = data as unknown as AsyncIterable<Anthropic.RawMessageStreamEvent>;
    const starts: string[] = [];
    let usage: unknown;
    for await (const e of stream) {
      if (e.type === 'content_block_start') starts.push(e.content_block.type);
      if (e.type === 'message_delta') usage = e.usage;
    }
    expect(response.headers.get('x-switchboard-model')).toBe(MODELS.gemini);
    expect(starts).toEqual(['text', 'server_tool_use', 'web_search_tool_result']);
    expect(usage).toMatchObject({ server_tool_use: { web_search_requests: 1 } });
    const final = await client.messages.stream({ ...WEB_SEARCH.body, model: 'auto' } as never).finalMessage();
    expectSearchBlocks(final.content);
    const cost = await activityCost(response.headers.get('x-switchboard-request-id'));
    expect(Math.abs((cost ?? NaN) - 0.037)).toBeLessThan(1e-9);
  });

  it("as the fallback of a named OpenAI model, which never sees it", async () => {
    const rules = await h.app.service.getRoutingRules();
    await h.app.service.updateRoutingRules({ fallbacks: { ...rules.fallbacks, [MODELS.openai]: [MODELS.gemini] } });
    try {
      const openaiBefore = h.openai.requests.length;
      const res = await replay(h, '/v1/messages', WEB_SEARCH, MODELS.openai);
      expect(res.status, res.text.slice(0, 300)).toBe(200);
      expect(res.headers['x-switchboard-model']).toBe(MODELS.gemini);
      expect(res.text).toContain(DEFAULT_SEARCH_RESULTS[0]!.uri);
      expect(h.openai.requests.length).toBe(openaiBefore);
    } finally {
      await h.app.service.updateRoutingRules({ fallbacks: rules.fallbacks });
    }
  });

  it('a Gemini model without grounding (Gemma) is passed over, saying why; with it alone the request is refused', async () => {
    await h.app.service.createModel({ provider_id: 'fg', model_name: 'gemma-3-27b-it', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 128_000, capabilities: ['chat', 'tools'] });
    await h.app.service.updateModel({ id: MODELS.gemini, patch: { enabled: false } });
    try {
      const before = h.gemini.requests.length;
      const res = await replay(h, '/v1/messages', WEB_SEARCH, 'fg/gemma-3-27b-it');
      expect(res.status, res.text.slice(0, 300)).toBe(400);
      expect(res.json.error.message).toContain("this request's web search tool (web_search_20250305) needs a model on the Anthropic, Gemini or OpenAI Responses API");
      expect(res.json.error.message).toContain('fg/gemma-3-27b-it: cannot search the web (no Google Search grounding)');
      expect(h.gemini.requests.length).toBe(before);
      // the same model answers a request that asks no search
      const plain = await client.messages.create({ model: 'fg/gemma-3-27b-it', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
      expect(plain.content).toEqual([{ type: 'text', text: TEXT }]);
    } finally {
      await h.app.service.updateModel({ id: MODELS.gemini, patch: { enabled: true } });
      await h.app.service.deleteModel({ id: 'fg/gemma-3-27b-it' });
    }
  });
});
