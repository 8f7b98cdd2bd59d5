// What the fake OpenAI Responses API answers a request with its hosted web_search tool, in OpenAI's documented
// shapes: a `web_search_call` item per search (action search, its `queries`, and with include
// web_search_call.action.sources the pages read) before the message, whose text cites the pages as `url_citation`
// annotations. Without the tool, `usage.webSearches` still adds that many search calls (and a page opened), as a
// cost test asks.
import type { FakeProviderOptions, FakeUsage } from './types';

export const DEFAULT_WEB_RESULTS = [
  { url: 'https://switchboard.example/?utm_source=openai', title: 'Switchboard, a personal LLM router' },
  { url: 'https://llm-routers.example/compare?utm_source=openai', title: 'LLM routers compared' },
];

const asksWebSearch = (body: any): boolean => Array.isArray(body.tools) && body.tools.some((t: any) => t?.type === 'web_search' || t?.type === 'web_search_preview');

const SEARCH_PROMPT = /^Perform a web search for the query:/i;

function lastUserText(body: any): string {
  const input = body.input;
  const last = Array.isArray(input) ? input.findLast((it: any) => (it?.type ?? 'message') === 'message' && it.role === 'user') : undefined;
  const content = typeof input === 'string' ? input : last?.content;
  return typeof content === 'string' ? content : Array.isArray(content) ? content.map((p: any) => (p?.type === 'input_text' ? p.text : '')).join(' ') : '';
}

const asksToSearch = (body: any): boolean => SEARCH_PROMPT.test(lastUserText(body).trim());

function queryOf(body: any): string {
  return lastUserText(body).replace(SEARCH_PROMPT, '').trim().slice(0, 200);
}

export interface FakeSearch {
  /** the web_search_call items, in output order before the answer */
  calls: any[];
  /** the url_citation annotations of an answer text */
  annotations(text: string): any[];
}

export function fakeSearch(body: any, usage: FakeUsage | null, options: FakeProviderOptions, tag: string): FakeSearch {
  const web = webSearch(body, usage, options, tag);
  const files = Array.from({ length: usage?.fileSearches ?? 0 }, (_, i) => ({ id: `fs_${tag}${i}`, type: 'file_search_call', status: 'completed', queries: ['fake query'], results: null }));
  return files.length === 0 ? web : { ...web, calls: [...files, ...web.calls] };
}

function webSearch(body: any, usage: FakeUsage | null, options: FakeProviderOptions, tag: string): FakeSearch {
  if (!asksWebSearch(body)) {
    const n = usage?.webSearches ?? 0;
    const calls: any[] = Array.from({ length: n }, (_, i) => ({ id: `ws_${tag}${i}`, type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'fake query', sources: [] } }));
    // a page the model opened after searching: no call fee
    if (n > 0) calls.push({ id: `ws_${tag}open`, type: 'web_search_call', status: 'completed', action: { type: 'open_page', url: 'https://example.com/' } });
    return { calls, annotations: () => [] };
  }
  // a model offered the tool searches when asked to (Claude Code's WebSearch request), or as a cost test sets;
  // otherwise it answers without searching, as Codex's turns (the tool is always on its list) mostly are
  const searches = usage?.webSearches ?? (asksToSearch(body) ? 1 : 0);
  if (searches === 0) return { calls: [], annotations: () => [] };
  const results = options.webResults ?? DEFAULT_WEB_RESULTS;
  const withSources = Array.isArray(body.include) && body.include.includes('web_search_call.action.sources');
  const query = queryOf(body);
  const calls = Array.from({ length: searches }, (_, i) => {
    const q = i === 0 ? query : `${query} ${i + 1}`;
    return {
      id: `ws_${tag}${i}`, type: 'web_search_call', status: 'completed',
      action: { type: 'search', query: q, queries: [q], ...(withSources ? { sources: results.map((r) => ({ type: 'url', url: r.url })) } : {}) },
    };
  });
  return {
    calls,
    annotations: (text) => results.map((r) => ({ type: 'url_citation', start_index: 0, end_index: text.length, url: r.url, title: r.title })),
  };
}
