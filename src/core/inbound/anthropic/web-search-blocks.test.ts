// Gemini's Google Search grounding (Google's documented answer, test/fixtures/gemini/grounding.*) translated for an
// Anthropic client: the blocks Anthropic's web search tool answers with, whole and streamed (read by the real SDK).
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../canonical';
import { decodeAll, sseEventsFromFixture } from '../../../../test/fixtures/gemini/replay';
import groundedResponse from '../../../../test/fixtures/gemini/grounding.response.json';
import groundedChunks from '../../../../test/fixtures/gemini/grounding.chunks.txt?raw';
import { geminiAdapter } from '../../providers/gemini';
import { anthropicInbound } from './index';
import { isOwnSearchBlock, ownSearchAsText, ownSearchText, webSearchBlocks } from './web-search-blocks';

const TEXT = "Spain won Euro 2024, defeating England 2-1 in the final. This victory marks Spain's record fourth European Championship title.";
const SOURCES = [
  { type: 'web_search_result', url: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/AUZIYQHaljazeera', title: 'aljazeera.com', encrypted_content: '', page_age: null },
  { type: 'web_search_result', url: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/AUZIYQFuefa', title: 'uefa.com', encrypted_content: '', page_age: null },
];

/** The content an Anthropic client gets: a call and result per query, the sources with the first, then the text. */
function expectSearchContent(content: unknown[]): void {
  expect(content).toMatchObject([
    { type: 'server_tool_use', name: 'web_search', input: { query: 'UEFA Euro 2024 winner' } },
    { type: 'web_search_tool_result', content: SOURCES },
    { type: 'server_tool_use', name: 'web_search', input: { query: 'who won euro 2024' } },
    { type: 'web_search_tool_result', content: [] },
  ].concat(content.length > 4 ? [{ type: 'text', text: TEXT }] as never[] : []));
  const [first, result, second, secondResult] = content as { id?: string; tool_use_id?: string }[];
  expect(first!.id).toMatch(/^srvtoolu_sb[A-Za-z0-9]{22}$/);
  expect(result!.tool_use_id).toBe(first!.id);
  expect(secondResult!.tool_use_id).toBe(second!.id);
  expect(second!.id).not.toBe(first!.id);
}

async function sdkFinalMessage(sse: string): Promise<Anthropic.Message> {
  const client = new Anthropic({ apiKey: 'test', maxRetries: 0, fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }) });
  return client.messages.stream({ model: 'x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
}

describe("Gemini's grounding as Anthropic's web search blocks", () => {
  it('whole: the search blocks before the text, and the queries in usage.server_tool_use', () => {
    const res = geminiAdapter.parseChatResponse(groundedResponse);
    expect(res.webSearch).toEqual({
      queries: ['UEFA Euro 2024 winner', 'who won euro 2024'],
      sources: SOURCES.map(({ url, title }) => ({ url, title })),
    });
    const msg = anthropicInbound.formatResponse(res, 'fg/gemini-2.5-flash') as { content: unknown[]; usage: Record<string, unknown>; stop_reason: string };
    expect(msg.content).toHaveLength(5);
    expectSearchContent(msg.content);
    expect(msg.content[4]).toEqual({ type: 'text', text: TEXT });
    expect(msg.stop_reason).toBe('end_turn');
    // the search tool's prompt is input Google bills
    expect(msg.usage).toEqual({ input_tokens: 152, output_tokens: 28, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, server_tool_use: { web_search_requests: 2 } });
  });

  it('streamed: the blocks when the grounding comes (after the text), which the SDK accumulates whole', async () => {
    const parts: StreamPart[] = decodeAll(geminiAdapter.createStreamDecoder(), sseEventsFromFixture(groundedChunks));
    // the grounding gathered over the chunks goes at the stream's end (b99d347)
    expect(parts.map((p) => p.type)).toEqual(['start', 'text-delta', 'text-delta', 'usage', 'finish', 'web-search']);
    const encoder = anthropicInbound.createStreamEncoder({ id: 'msg_1', servedModel: 'fg/gemini-2.5-flash', includeUsage: true, estimatedInputTokens: 0 });
    const sse = parts.map((p) => encoder.encode(p)).join('') + encoder.end();
    const message = await sdkFinalMessage(sse);
    expect(message.content[0]).toEqual({ type: 'text', text: TEXT });
    expectSearchContent(message.content.slice(1));
    expect(message.usage).toMatchObject({ output_tokens: 28, server_tool_use: { web_search_requests: 2 } });
    // the query goes as the server_tool_use's input_json_delta, as Anthropic streams it (Claude Code shows it from there)
    expect(sse).toContain('"delta":{"type":"input_json_delta","partial_json":"{\\"query\\":\\"UEFA Euro 2024 winner\\"}"}');
  });

  it('a grounding with sources and no query reported still shows one search; none at all, no blocks', () => {
    const blocks = webSearchBlocks({ queries: [], sources: [{ url: 'https://a.example/', title: 'a.example' }] });
    expect(blocks.map((b) => b.type)).toEqual(['server_tool_use', 'web_search_tool_result']);
    expect(webSearchBlocks({ queries: [], sources: [] })).toEqual([]);
  });
});

describe('the search blocks sent back in a later turn', () => {
  const blocks = webSearchBlocks({ queries: ['euro 2024', 'euro final'], sources: [{ url: 'https://g/1', title: 'uefa.com' }, { url: 'https://g/2', title: 'https://g/2' }] });
  const anthropics = [
    { type: 'server_tool_use', id: 'srvtoolu_01A', name: 'web_search', input: { query: 'x' } },
    { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_01A', content: [{ type: 'web_search_result', url: 'https://a', title: 'A', encrypted_content: 'Eq', page_age: null }] },
  ];

  it("knows Switchboard's by their id, not Anthropic's own", () => {
    expect(blocks.every((b) => isOwnSearchBlock(b as never))).toBe(true);
    expect(anthropics.some((b) => isOwnSearchBlock(b))).toBe(false);
  });

  it('reads as the query searched and the pages found, a result that lists none as nothing', () => {
    expect(blocks.map((b) => ownSearchText(b as never))).toEqual([
      'Searched the web for: euro 2024', 'Web search results:\n- uefa.com: https://g/1\n- https://g/2', 'Searched the web for: euro final', '',
    ]);
  });

  it('a forwarded body: text blocks in their place, Anthropic\'s own as they are, the same array when there are none', () => {
    const messages = [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'text', text: 'Spain.' }, ...blocks, ...anthropics] }];
    expect(ownSearchAsText(messages)).toEqual([messages[0], { role: 'assistant', content: [
      { type: 'text', text: 'Spain.' },
      { type: 'text', text: 'Searched the web for: euro 2024' },
      { type: 'text', text: 'Web search results:\n- uefa.com: https://g/1\n- https://g/2' },
      { type: 'text', text: 'Searched the web for: euro final' },
      ...anthropics,
    ] }]);
    const theirs = [{ role: 'assistant', content: anthropics }];
    expect(ownSearchAsText(theirs)).toBe(theirs);
  });
});
