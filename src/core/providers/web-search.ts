// A web search the client asked its provider to run (Anthropic's web_search server tool, CanonicalRequest.webSearch):
// Gemini runs it with Google Search grounding (gemini/grounding.ts); a builder of an API without a search of its
// own names it dropped, as the server tool the client declared.
import type { CanonicalRequest } from '../canonical';

export function droppedWebSearch(req: CanonicalRequest): string[] {
  return req.webSearch === undefined ? [] : [`tools[type=${req.webSearch.type}]`];
}
