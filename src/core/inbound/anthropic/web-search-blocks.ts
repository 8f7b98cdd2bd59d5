// A web search another provider ran (Gemini's Google Search grounding) in the blocks Anthropic's web search
// tool answers with: a `server_tool_use` per query and its `web_search_tool_result`, and the count in
// `usage.server_tool_use.web_search_requests`. Claude Code's WebSearch tool reads the results' titles and URLs.
// A client sends them back in its next turn: they go to every upstream as text (ownSearchText), Anthropic's too.
import type { WebSearchFound } from '../../canonical';
import { randomToken } from '../../ids';
import { isJsonObject } from '../../json-object';

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

/** Switchboard's mark on the ids of its own search blocks: Anthropic's own are `srvtoolu_01...`. */
const OWN_ID = 'srvtoolu_sb';

/** An id for a server tool call in Anthropic's form (`srvtoolu_...`), marked as Switchboard's (`srvtoolu_sb...`). */
export const serverToolUseId = (): string => `${OWN_ID}${randomToken(22)}`;

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

const isOwnId = (v: unknown): boolean => typeof v === 'string' && v.startsWith(OWN_ID);

/**
 * A search block Switchboard wrote (its id marked), sent back in a later turn. It is no history of Anthropic's:
 * Anthropic never issued the call, and has no encrypted content of its own to read in the result.
 */
export function isOwnSearchBlock(block: Record<string, unknown>): boolean {
  return (block.type === 'server_tool_use' && isOwnId(block.id)) || (block.type === 'web_search_tool_result' && isOwnId(block.tool_use_id));
}

/**
 * One of Switchboard's search blocks as the text any model reads for it: the query searched, or the pages found,
 * a title and URL a line. '' for a result that lists none (the later queries' ones: the sources go with the first).
 */
export function ownSearchText(block: Record<string, unknown>): string {
  if (block.type === 'server_tool_use') {
    const query = isJsonObject(block.input) && typeof block.input.query === 'string' ? block.input.query.trim() : '';
    return query === '' ? 'Searched the web.' : `Searched the web for: ${query}`;
  }
  const lines = (Array.isArray(block.content) ? block.content : []).flatMap((r: unknown) => {
    if (!isJsonObject(r) || typeof r.url !== 'string' || r.url === '') return [];
    return [typeof r.title === 'string' && r.title !== '' && r.title !== r.url ? `- ${r.title}: ${r.url}` : `- ${r.url}`];
  });
  return lines.length === 0 ? '' : `Web search results:\n${lines.join('\n')}`;
}

/**
 * A Messages body's `messages` with Switchboard's search blocks as text blocks (for a body forwarded to Anthropic as
 * the client sent it); the same array, untouched, when there are none.
 */
export function ownSearchAsText(messages: unknown): unknown {
  if (!Array.isArray(messages) || !messages.some(holdsOwnSearch)) return messages;
  return messages.map((m: unknown) => {
    if (!holdsOwnSearch(m)) return m;
    const msg = m as { content: unknown[] };
    const content = msg.content.flatMap((b) => {
      if (!isJsonObject(b) || !isOwnSearchBlock(b)) return [b];
      const text = ownSearchText(b);
      return text === '' ? [] : [{ type: 'text', text }];
    });
    // a turn of search blocks alone that found nothing still says it searched
    return { ...msg, content: content.length > 0 ? content : [{ type: 'text', text: 'Searched the web.' }] };
  });
}

function holdsOwnSearch(m: unknown): boolean {
  return isJsonObject(m) && Array.isArray(m.content) && m.content.some((b) => isJsonObject(b) && isOwnSearchBlock(b));
}
