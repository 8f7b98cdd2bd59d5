// Anthropic's web search server tool sent to Gemini as Google's search tool, and what the builders of the APIs
// without a search of their own name instead.
import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical';
import { anthropicInbound } from '../../inbound/anthropic';
import { openaiAdapter } from '../openai';
import { geminiAdapter } from './index';
import { groundingFound } from './grounding';

const SEARCH = { type: 'web_search_20250305', name: 'web_search', max_uses: 8 };
const translated = (tools: unknown[], extra: Record<string, unknown> = {}): CanonicalRequest => anthropicInbound.toCanonical({
  model: 'auto', max_tokens: 100, messages: [{ role: 'user', content: 'Perform a web search for the query: euro 2024' }], tools, ...extra,
}).request;
const target = { baseUrl: 'https://generativelanguage.googleapis.com', modelName: 'gemini-2.5-flash', apiKey: 'AIzaSyTESTKEY0123456789abcdefghijklmnop' };

describe('the web search server tool on Gemini', () => {
  it("goes as Google's google_search tool, naming the max_uses Google's search has no place for", () => {
    const built = geminiAdapter.buildChatRequest(translated([SEARCH]), target);
    const body = JSON.parse(built.body!);
    expect(body.tools).toEqual([{ google_search: {} }]);
    expect(body.toolConfig).toBeUndefined();
    expect(built.dropped).toEqual(['tools[type=web_search_20250305].max_uses']);
    // the bare tool: nothing dropped
    expect(geminiAdapter.buildChatRequest(translated([{ type: 'web_search_20250305', name: 'web_search' }]), target).dropped).toBeUndefined();
    const located = translated([{ ...SEARCH, user_location: { type: 'approximate', city: 'Paris' } }]);
    expect(geminiAdapter.buildChatRequest(located, target).dropped).toEqual([
      'tools[type=web_search_20250305].max_uses', 'tools[type=web_search_20250305].user_location',
    ]);
  });

  it('beside functions it is named dropped, not sent (Gemini before 3 refuses search with function calling)', () => {
    const built = geminiAdapter.buildChatRequest(translated([{ name: 'Bash', input_schema: { type: 'object' } }, SEARCH]), target);
    const body = JSON.parse(built.body!);
    expect(body.tools).toHaveLength(1);
    expect(body.tools[0].functionDeclarations.map((d: { name: string }) => d.name)).toEqual(['Bash']);
    expect(built.dropped).toContain('tools[type=web_search_20250305]');
  });

  it('tool_choice none forbids it: no search sent, the tool named dropped by the inbound as any server tool', () => {
    const { request, dropped } = anthropicInbound.toCanonical({
      model: 'auto', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], tools: [SEARCH], tool_choice: { type: 'none' },
    });
    expect(request.webSearch).toBeUndefined();
    expect(dropped).toContain('tools[type=web_search_20250305]');
    expect(JSON.parse(geminiAdapter.buildChatRequest(request, target).body!).tools).toBeUndefined();
  });

  it('an OpenAI chat model has no search to run it with: it is named dropped there', () => {
    const built = openaiAdapter.buildChatRequest(translated([SEARCH]), { baseUrl: 'https://api.openai.com/v1', modelName: 'gpt-5', apiKey: 'sk-test' });
    expect(JSON.parse(built.body!).tools).toBeUndefined();
    expect(built.dropped).toContain('tools[type=web_search_20250305]');
  });
});

describe('groundingFound', () => {
  it('reads the queries and the web sources, a source without a title titled by its URL', () => {
    expect(groundingFound({
      groundingMetadata: {
        webSearchQueries: ['q', 7, ''],
        groundingChunks: [{ web: { uri: 'https://a.example/', title: 'a.example' } }, { web: { uri: 'https://b.example/' } }, { retrievedContext: { uri: 'x' } }, { web: { title: 'no uri' } }],
      },
    })).toEqual({ queries: ['q'], sources: [{ url: 'https://a.example/', title: 'a.example' }, { url: 'https://b.example/', title: 'https://b.example/' }] });
  });

  it('nothing without grounding, or with grounding that ran and read nothing', () => {
    expect(groundingFound(undefined)).toBeUndefined();
    expect(groundingFound({ finishReason: 'STOP' })).toBeUndefined();
    expect(groundingFound({ groundingMetadata: { webSearchQueries: [], groundingChunks: 'x' } })).toBeUndefined();
  });
});
