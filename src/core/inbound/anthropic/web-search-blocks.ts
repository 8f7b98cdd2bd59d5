// A web search another provider ran (Gemini's Google Search grounding) in the blocks Anthropic's web search
// tool answers with: a `server_tool_use` per query and its `web_search_tool_result`, and the count in
// `usage.server_tool_use.web_search_requests`. Claude Code's WebSearch tool reads the results' titles and URLs.
import type { WebSearchFound } from '../../canonical';
import { randomToken } from '../../ids';

export interface ServerToolUseBlock {
  type: 'server_tool_use';
  id: string;
  name: 'web_search';
  input: { query: string };
}

export interface WebSearchResultBlock {
  type: 'web_search_tool_result';
  tool_use_id: string;
  content: { type: 'web_search_result'; url: string; title: string; encrypted_content: string; page_age: null }[];
}

/** Anthropic's id for a server tool call (`srvtoolu_...`). */
export const serverToolUseId = (): string => `srvtoolu_${randomToken(24)}`;

/**
 * One call and result pair per query the search ran. The provider does not say which query found which
 * source, so the sources go with the first query's result and the later ones' hold none. There is no
 * encrypted page content to give (it is Anthropic's own, for citing a result in a later turn): it is empty.
 */
export function webSearchBlocks(search: WebSearchFound): (ServerToolUseBlock | WebSearchResultBlock)[] {
  // grounding that ran no query it reported, yet read sources, still searched once
  const queries = search.queries.length > 0 ? search.queries : search.sources.length > 0 ? [''] : [];
  return queries.flatMap((query, i) => {
    const id = serverToolUseId();
    const sources = i === 0 ? search.sources : [];
    return [
      { type: 'server_tool_use', id, name: 'web_search', input: { query } },
      {
        type: 'web_search_tool_result', tool_use_id: id,
        content: sources.map((s) => ({ type: 'web_search_result', url: s.url, title: s.title, encrypted_content: '', page_age: null })),
      },
    ];
  });
}
