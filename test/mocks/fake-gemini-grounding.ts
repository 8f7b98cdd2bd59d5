// What the fake Gemini answers a request with Google's search tool (`google_search`, or `googleSearch` as the
// SDKs write it): the answer's candidate carries `groundingMetadata` as Google documents it
// (https://ai.google.dev/gemini-api/docs/google-search): the queries run, the sources read (Google's redirect
// URIs, titled by site), which of them back which span of the text, and the search entry point to show.
import type { FakeProviderOptions, FakeUsage } from './types';

type Json = Record<string, any>;

export const DEFAULT_SEARCH_RESULTS = [
  { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/fake-switchboard-1', title: 'switchboard.example' },
  { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/fake-routers-2', title: 'llm-routers.example' },
];

/** The request offers Google Search grounding. */
export function asksGoogleSearch(body: Json): boolean {
  return Array.isArray(body.tools) && body.tools.some((t: Json) => t?.google_search !== undefined || t?.googleSearch !== undefined);
}

/** What the model "searched for": Claude Code's phrase stripped, else the last user text. */
function queryOf(body: Json): string {
  const contents: Json[] = Array.isArray(body.contents) ? body.contents : [];
  const last = contents.findLast((c) => c?.role === 'user' || c?.role === undefined);
  const text = (Array.isArray(last?.parts) ? last.parts : []).map((p: Json) => (typeof p?.text === 'string' ? p.text : '')).join(' ').trim();
  return text.replace(/^Perform a web search for the query:\s*/i, '').slice(0, 200);
}

/**
 * The grounding metadata of an answer whose text is `text`: `usage.webSearches` queries (1 when unset; 0: the
 * model answered without searching, and the candidate has none, as Gemini leaves it out then).
 */
export function searchGrounding(body: Json, text: string, options: FakeProviderOptions, usage: FakeUsage | undefined): Json {
  const results = options.searchResults ?? DEFAULT_SEARCH_RESULTS;
  const query = queryOf(body);
  const n = usage?.webSearches ?? 1;
  if (n === 0) return {};
  const webSearchQueries = Array.from({ length: n }, (_, i) => (i === 0 ? query : `${query} ${i + 1}`));
  const end = Buffer.byteLength(text, 'utf8');
  return {
    groundingMetadata: {
      webSearchQueries,
      searchEntryPoint: { renderedContent: '<div class="container"><a class="chip" href="https://www.google.com/search?q=fake">fake</a></div>' },
      groundingChunks: results.map((r) => ({ web: { uri: r.uri, title: r.title } })),
      groundingSupports: end === 0 ? [] : [{ segment: { startIndex: 0, endIndex: end, text }, groundingChunkIndices: results.map((_, i) => i) }],
    },
  };
}
