// Anthropic's web search server tool sent to an OpenAI model on the Responses API as its hosted web_search tool,
// and the answer's web_search_call items and url_citation annotations back as Anthropic's web search blocks.
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, StreamPart, UpstreamTarget } from '../../canonical';
import { anthropicInbound } from '../../inbound/anthropic';
import { buildResponsesForwardRequest, buildResponsesRequest } from './build-request';
import { parseResponsesResponse } from './parse-response';
import { createResponsesStreamDecoder } from './stream-decoder';

const SEARCH = { type: 'web_search_20250305', name: 'web_search', max_uses: 8 };
const translated = (tools: unknown[]): CanonicalRequest => anthropicInbound.toCanonical({
  model: 'auto', max_tokens: 100, messages: [{ role: 'user', content: 'Perform a web search for the query: euro 2024' }], tools,
}).request;
const target: UpstreamTarget = { baseUrl: 'https://api.openai.com/v1', modelName: 'gpt-5.4', apiKey: 'sk-test', providerType: 'openai' };
const built = (req: CanonicalRequest, t = target) => {
  const r = buildResponsesRequest(req, t);
  return { body: JSON.parse(r.body!), dropped: r.dropped ?? [] };
};

// OpenAI's documented answer: a search call (its queries; the pages read, asked with include), then the message
// whose text cites its sources
const TEXT = 'Spain won Euro 2024, beating England 2-1 in the final.';
const CITES = [
  { type: 'url_citation', start_index: 0, end_index: 54, url: 'https://www.uefa.com/euro2024/?utm_source=openai', title: 'UEFA EURO 2024' },
  { type: 'url_citation', start_index: 0, end_index: 54, url: 'https://www.bbc.com/sport/football/euro-2024?utm_source=openai', title: 'Euro 2024 final - BBC Sport' },
];
const SEARCH_CALL = {
  type: 'web_search_call', id: 'ws_1', status: 'completed',
  action: { type: 'search', query: 'euro 2024 winner', queries: ['euro 2024 winner'], sources: [{ type: 'url', url: CITES[0]!.url }, { type: 'url', url: 'https://en.wikipedia.org/wiki/UEFA_Euro_2024' }] },
};
const MESSAGE = { type: 'message', id: 'msg_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: TEXT, annotations: CITES }] };
const RESPONSE = {
  id: 'resp_1', object: 'response', model: 'gpt-5.4', status: 'completed', output: [SEARCH_CALL, { type: 'web_search_call', id: 'ws_2', status: 'completed', action: { type: 'open_page', url: CITES[1]!.url } }, MESSAGE],
  usage: { input_tokens: 8000, output_tokens: 40 },
};
const FOUND = {
  queries: ['euro 2024 winner'],
  sources: [
    { url: CITES[0]!.url, title: 'UEFA EURO 2024' },
    { url: CITES[1]!.url, title: 'Euro 2024 final - BBC Sport' },
    { url: 'https://en.wikipedia.org/wiki/UEFA_Euro_2024', title: 'https://en.wikipedia.org/wiki/UEFA_Euro_2024' },
  ],
};

describe('the web search server tool on the Responses API', () => {
  it("goes as OpenAI's web_search tool, asking for the pages read; max_uses is named", () => {
    const { body, dropped } = built(translated([SEARCH]));
    expect(body.tools).toEqual([{ type: 'web_search' }]);
    expect(body.include).toEqual(['web_search_call.action.sources']);
    expect(dropped).toEqual(['tools[type=web_search_20250305].max_uses']);
  });

  it('carries allowed_domains as its filters and the approximate user_location as its own, beside client functions', () => {
    const location = { type: 'approximate', city: 'Paris', country: 'FR', timezone: 'Europe/Paris' };
    const { body, dropped } = built(translated([{ name: 'Bash', input_schema: { type: 'object' } }, { ...SEARCH, allowed_domains: ['uefa.com'], user_location: location }]));
    expect(body.tools.map((t: { type: string }) => t.type)).toEqual(['function', 'web_search']);
    expect(body.tools[1]).toEqual({ type: 'web_search', filters: { allowed_domains: ['uefa.com'] }, user_location: location });
    expect(dropped).toEqual(['tools[type=web_search_20250305].max_uses']);
  });

  it('is named dropped, not sent, with blocked_domains (no such filter), or to a model or server without the tool', () => {
    for (const [req, t] of [
      [translated([{ ...SEARCH, blocked_domains: ['example.com'] }]), target],
      [translated([SEARCH]), { ...target, providerType: 'openai-compatible' }],
      [translated([SEARCH]), { ...target, modelName: 'gpt-4.1-nano' }],
    ] as const) {
      const { body, dropped } = built(req, t);
      expect(body.tools).toBeUndefined();
      expect(body.include).toBeUndefined();
      expect(dropped).toContain('tools[type=web_search_20250305]');
    }
  });
});

describe('web_search_call items and url_citation annotations as the search found', () => {
  it('whole: the queries of the calls that searched, the cited sources then the pages read, each once', () => {
    const res = parseResponsesResponse(RESPONSE);
    expect(res.webSearch).toEqual(FOUND);
    expect(res.usage?.webSearchCalls).toBe(1);
    const msg = anthropicInbound.formatResponse(res, 'oa/gpt-5.4') as { content: any[]; usage: any };
    expect(msg.content.map((b) => b.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text']);
    expect(msg.content[0].input).toEqual({ query: 'euro 2024 winner' });
    expect(msg.content[1].content.map((r: { url: string; title: string }) => [r.url, r.title])).toEqual(FOUND.sources.map((s) => [s.url, s.title]));
    expect(msg.usage.server_tool_use).toEqual({ web_search_requests: 1 });
    // an answer that ran no search has none
    expect(parseResponsesResponse({ ...RESPONSE, output: [MESSAGE] }).webSearch).toBeUndefined();
  });

  it('streamed: read from the items done, going out with the finish; the Anthropic SDK accumulates the blocks', async () => {
    const at = (output_index: number, item_id: string) => ({ output_index, item_id });
    const events = [
      { type: 'response.created', response: { ...RESPONSE, status: 'in_progress', output: [], usage: null } },
      { type: 'response.output_item.added', output_index: 0, item: { ...SEARCH_CALL, status: 'in_progress', action: { type: 'search' } } },
      { type: 'response.web_search_call.searching', ...at(0, 'ws_1') },
      { type: 'response.output_item.done', output_index: 0, item: SEARCH_CALL },
      { type: 'response.output_item.added', output_index: 1, item: { ...MESSAGE, status: 'in_progress', content: [] } },
      { type: 'response.output_text.delta', ...at(1, 'msg_1'), content_index: 0, delta: TEXT },
      { type: 'response.output_text.annotation.added', ...at(1, 'msg_1'), content_index: 0, annotation_index: 0, annotation: CITES[0] },
      { type: 'response.output_item.done', output_index: 1, item: MESSAGE },
      { type: 'response.completed', response: { ...RESPONSE, output: [SEARCH_CALL, MESSAGE] } },
    ];
    const d = createResponsesStreamDecoder();
    const parts: StreamPart[] = [...events.flatMap((e) => d.push({ event: e.type, data: JSON.stringify(e) })), ...d.end()];
    expect(parts.map((p) => p.type)).toEqual(['start', 'at-work', 'at-work', 'text-delta', 'web-search', 'usage', 'finish']);
    expect(parts.find((p) => p.type === 'web-search')).toEqual({ type: 'web-search', search: FOUND });
    const encoder = anthropicInbound.createStreamEncoder({ id: 'msg_1', servedModel: 'oa/gpt-5.4', includeUsage: true, estimatedInputTokens: 0 });
    const sse = parts.map((p) => encoder.encode(p)).join('') + encoder.end();
    const client = new Anthropic({ apiKey: 'test', maxRetries: 0, fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }) });
    const message = await client.messages.stream({ model: 'x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    expect(message.content.map((b) => b.type)).toEqual(['text', 'server_tool_use', 'web_search_tool_result']);
    expect(message.content[1]).toMatchObject({ type: 'server_tool_use', input: { query: 'euro 2024 winner' } });
    expect(message.usage).toMatchObject({ server_tool_use: { web_search_requests: 1 } });
  });
});

// OpenAI's web search guide: "Web search is currently not supported in gpt-5 with minimal reasoning" (400); low,
// medium and high search. Thinking off goes to gpt-5 as minimal (its lowest), so beside the search it goes as low.
describe('thinking off beside the hosted web_search tool (gpt-5 has no off, and no search at minimal)', () => {
  const gpt5: UpstreamTarget = { ...target, modelName: 'gpt-5' };
  const off = (tools: unknown[]): CanonicalRequest => anthropicInbound.toCanonical({
    model: 'auto', max_tokens: 100, thinking: { type: 'disabled' }, messages: [{ role: 'user', content: 'euro 2024' }], tools,
  }).request;

  it('an Anthropic client with thinking disabled and web search: low, the effort named, the search sent', () => {
    const { body, dropped } = built(off([SEARCH]), gpt5);
    expect(body.reasoning).toEqual({ effort: 'low' });
    expect(body.tools).toEqual([{ type: 'web_search' }]);
    expect(dropped).toContain('reasoning_effort');
  });

  it('a thinking budget of 0 on gpt-5-mini, and a wish of minimal itself, search at low', () => {
    const budget0: CanonicalRequest = { ...off([SEARCH]), thinkingBudgetTokens: 0 };
    expect(built(budget0, { ...target, modelName: 'gpt-5-mini' }).body.reasoning).toEqual({ effort: 'low' });
    const minimal: CanonicalRequest = { ...off([SEARCH]), thinkingBudgetTokens: undefined, reasoningEffort: 'minimal' };
    const { body, dropped } = built(minimal, gpt5);
    expect(body.reasoning).toEqual({ effort: 'low' });
    expect(dropped).toContain('reasoning_effort');
  });

  it('without the search, or where the search is not sent (an openai-compatible server), minimal as before', () => {
    expect(built(off([]), gpt5).body.reasoning).toEqual({ effort: 'minimal' });
    expect(built(off([SEARCH]), { ...gpt5, providerType: 'openai-compatible' }).body.reasoning).toEqual({ effort: 'minimal' });
  });

  it('a Responses body routed to gpt-5 with effort none and its web_search tool: low, not minimal; the client\'s own minimal as sent', () => {
    const body = { model: 'auto', input: 'euro 2024', tools: [{ type: 'web_search' }], reasoning: { effort: 'none', summary: 'auto' } };
    const routed = buildResponsesForwardRequest(body, gpt5, { stream: false, routed: true });
    expect(JSON.parse(routed.body!).reasoning).toEqual({ effort: 'low', summary: 'auto' });
    expect(routed.dropped).toEqual(['reasoning']);
    const noSearch = buildResponsesForwardRequest({ ...body, tools: [] }, gpt5, { stream: false, routed: true });
    expect(JSON.parse(noSearch.body!).reasoning).toEqual({ effort: 'minimal', summary: 'auto' });
    const own = buildResponsesForwardRequest({ ...body, reasoning: { effort: 'minimal' } }, gpt5, { stream: false, routed: true });
    expect(JSON.parse(own.body!).reasoning).toEqual({ effort: 'minimal' });
  });
});
