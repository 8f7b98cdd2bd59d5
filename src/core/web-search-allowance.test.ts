import { describe, expect, it } from 'vitest';
import { MAX_WEB_SEARCHES_PER_ANSWER } from './usage-sanity';
import { webSearchesAllowed } from './web-search-allowance';

const MAX = MAX_WEB_SEARCHES_PER_ANSWER;

describe('webSearchesAllowed', () => {
  it('allows none when the request offered the provider no search tool', () => {
    expect(webSearchesAllowed('messages', 'messages', true, { tools: [{ name: 'f', input_schema: {} }] })).toBe(0);
    expect(webSearchesAllowed('chat', 'chat', true, { web_search_options: {} })).toBe(0);
    expect(webSearchesAllowed('gemini', 'gemini', true, { tools: [{ functionDeclarations: [] }] })).toBe(0);
    expect(webSearchesAllowed('responses', 'responses', true, { tools: [{ type: 'function', name: 'f' }] })).toBe(0);
    expect(webSearchesAllowed('messages', 'gemini', false, {})).toBe(0);
  });

  it("an Anthropic client's web_search: its max_uses at Anthropic, the ceiling where the search takes no such limit", () => {
    const body = { tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 8 }] };
    expect(webSearchesAllowed('messages', 'messages', true, body)).toBe(8);
    expect(webSearchesAllowed('messages', 'gemini', false, body)).toBe(MAX);
    expect(webSearchesAllowed('messages', 'responses', false, body)).toBe(MAX);
    expect(webSearchesAllowed('messages', 'messages', true, { tools: [{ type: 'web_search_20250305', name: 'web_search' }] })).toBe(MAX);
    expect(webSearchesAllowed('messages', 'messages', true, { tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 'x' }] })).toBe(MAX);
  });

  it("a Gemini or Responses client's search tool, forwarded to its own format only", () => {
    expect(webSearchesAllowed('gemini', 'gemini', true, { tools: [{ googleSearch: {} }] })).toBe(MAX);
    expect(webSearchesAllowed('gemini', 'gemini', true, { tools: [{ google_search: {} }] })).toBe(MAX);
    expect(webSearchesAllowed('gemini', 'messages', false, { tools: [{ googleSearch: {} }] })).toBe(0);
    expect(webSearchesAllowed('responses', 'responses', true, { tools: [{ type: 'web_search' }] })).toBe(MAX);
    expect(webSearchesAllowed('responses', 'responses', true, { tools: [{ type: 'web_search_preview_2025_03_11' }] })).toBe(MAX);
    expect(webSearchesAllowed('responses', 'chat', false, { tools: [{ type: 'web_search' }] })).toBe(0);
  });
});
