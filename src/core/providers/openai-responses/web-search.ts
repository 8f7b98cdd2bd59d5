// Anthropic's web search server tool served by OpenAI's own search on the Responses API: the hosted
// `{type: 'web_search'}` tool (https://platform.openai.com/docs/guides/tools-web-search). The answer tells what it
// did in `web_search_call` output items (`action.queries`, or the older `action.query`) and in the message's
// `url_citation` annotations (the `url` and `title` of each source cited).
import type { CanonicalRequest, UpstreamTarget, WebSearchFound } from '../../canonical';
import { unsupportedSettings, webSearchGap } from '../web-search';
import { isJsonObject, type JsonObject } from '../../json-object';

/**
 * OpenAI's web_search tool for a request asking for a web search: allowed_domains go as its `filters`, the
 * approximate user_location as its own (the same shape); the rest (max_uses) is named in `dropped`. Undefined,
 * the search named dropped, for blocked_domains (no such filter) or a model or server without the tool.
 */
export function responsesWebSearchTool(req: CanonicalRequest, target: UpstreamTarget, dropped: string[]): JsonObject | undefined {
  const search = req.webSearch;
  if (search === undefined) return undefined;
  const { allowed_domains: allowed, blocked_domains: blocked, user_location: location } = search.settings;
  if (blocked !== undefined || webSearchGap('responses', target.providerType ?? 'openai', target.modelName) !== undefined) {
    dropped.push(`tools[type=${search.type}]`);
    return undefined;
  }
  dropped.push(...unsupportedSettings(search, ['allowed_domains', 'user_location']));
  return {
    type: 'web_search',
    ...(Array.isArray(allowed) ? { filters: { allowed_domains: allowed } } : {}),
    ...(isJsonObject(location) ? { user_location: location } : {}),
  };
}

/** The queries of a web_search_call item that searched (open_page and find_in_page run none). */
export function searchQueriesOf(item: JsonObject): string[] {
  if (item.type !== 'web_search_call' || !isJsonObject(item.action) || item.action.type !== 'search') return [];
  const { queries, query } = item.action;
  if (Array.isArray(queries)) return queries.filter((q): q is string => typeof q === 'string' && q !== '');
  return typeof query === 'string' && query !== '' ? [query] : [];
}

/** The sources a message item's text cites (its output_text parts' url_citation annotations). */
export function citedSources(item: JsonObject): WebSearchFound['sources'] {
  if (item.type !== 'message' || !Array.isArray(item.content)) return [];
  return item.content.flatMap((part) => (isJsonObject(part) && Array.isArray(part.annotations) ? part.annotations : []))
    .flatMap((a) => (isJsonObject(a) && a.type === 'url_citation' && typeof a.url === 'string' && a.url !== ''
      ? [{ url: a.url, title: typeof a.title === 'string' && a.title !== '' ? a.title : a.url }] : []));
}

/** The pages a search read (`action.sources`, sent when the request includes web_search_call.action.sources): URLs alone. */
function searchSources(item: JsonObject): { url: string }[] {
  if (item.type !== 'web_search_call' || !isJsonObject(item.action) || !Array.isArray(item.action.sources)) return [];
  return item.action.sources.flatMap((s) => (isJsonObject(s) && typeof s.url === 'string' && s.url !== '' ? [{ url: s.url }] : []));
}

/**
 * Collects a response's searches and sources, item by item (whole or streamed): the sources the answer cites
 * first, with their titles, then the other pages the search read; each once.
 */
export class WebSearchCollector {
  private readonly queries: string[] = [];
  private readonly cited = new Map<string, string>();
  private readonly read = new Set<string>();
  private searched = false;

  add(item: JsonObject): void {
    if (item.type === 'web_search_call') this.searched = true;
    this.queries.push(...searchQueriesOf(item));
    for (const s of citedSources(item)) if (!this.cited.has(s.url)) this.cited.set(s.url, s.title);
    for (const s of searchSources(item)) this.read.add(s.url);
  }

  /** What was found; undefined when the response ran no search. */
  found(): WebSearchFound | undefined {
    if (!this.searched) return undefined;
    const sources = [...this.cited].map(([url, title]) => ({ url, title }));
    for (const url of this.read) if (!this.cited.has(url)) sources.push({ url, title: url });
    return { queries: [...this.queries], sources };
  }
}
