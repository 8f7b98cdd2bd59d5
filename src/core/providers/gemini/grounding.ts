// Anthropic's web search server tool served by Gemini's own search: Grounding with Google Search
// (https://ai.google.dev/gemini-api/docs/google-search). The request gets Google's `google_search` tool; the
// answer's candidate tells what it did in `groundingMetadata`: `webSearchQueries` (the queries it ran) and
// `groundingChunks[].web` (the pages it read: a `uri`, Google's redirect to the page, and a `title`).
import type { CanonicalRequest, WebSearchFound } from '../../canonical';
import { unsupportedSettings } from '../web-search';
import type { GeminiCandidate } from './wire-types';

/**
 * The Gemini models with no Google Search grounding: Gemma, embedding, speech (TTS and native audio) and
 * image-generation models, 2.0 Flash-Lite and the 1.x models (Google's list: 2.0 Flash, 2.5 and 3 models).
 * A name not known here is taken to ground (a fake, a new release): Google says so with a 400 if not.
 */
const NO_GROUNDING = /(?:^|\/)(?:gemma-|gemini-1\.|gemini-2\.0-flash-lite|gemini-embedding|text-embedding|embedding-|aqa)|-tts|native-audio|-image-generation|gemini-2\.5-flash-image/i;

export function geminiGrounds(modelName: string): boolean {
  return !NO_GROUNDING.test(modelName);
}

/**
 * Google's search tool for a request asking for a web search, with the client's settings it has no place for
 * (max_uses, user_location) named in `dropped`. Undefined, the search named dropped, when the request also
 * declares functions (Gemini before 3 refuses search beside function calling: the server tool held alone is
 * what this serves) or limits the sites searched (Google's search would not keep to them).
 */
export function googleSearchTool(req: CanonicalRequest, dropped: string[]): { google_search: Record<string, never> } | undefined {
  const search = req.webSearch;
  if (search === undefined) return undefined;
  if ((req.tools?.length ?? 0) > 0 || search.settings.allowed_domains !== undefined || search.settings.blocked_domains !== undefined) {
    dropped.push(`tools[type=${search.type}]`);
    return undefined;
  }
  dropped.push(...unsupportedSettings(search));
  return { google_search: {} };
}

const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** What a candidate's grounding ran and read; undefined when it has no grounding metadata with either. */
export function groundingFound(candidate: GeminiCandidate | undefined): WebSearchFound | undefined {
  const meta = candidate?.groundingMetadata;
  if (meta === undefined || meta === null || typeof meta !== 'object') return undefined;
  const queries = Array.isArray(meta.webSearchQueries) ? meta.webSearchQueries.filter(isText) : [];
  const sources: WebSearchFound['sources'] = [];
  for (const chunk of Array.isArray(meta.groundingChunks) ? meta.groundingChunks : []) {
    const web = typeof chunk === 'object' && chunk !== null ? (chunk as { web?: unknown }).web : undefined;
    if (typeof web !== 'object' || web === null) continue;
    const { uri, title } = web as { uri?: unknown; title?: unknown };
    if (isText(uri)) sources.push({ url: uri, title: isText(title) ? title : uri });
  }
  return queries.length > 0 || sources.length > 0 ? { queries, sources } : undefined;
}

/**
 * Candidate 0's grounding over a stream: its queries and sources may come in different chunks (the queries
 * with the text, the sources with the last chunk; a chunk may also repeat what an earlier one said), so
 * they are gathered, each once, and told at the end.
 */
export class GroundingCollector {
  private readonly queries = new Set<string>();
  /** url -> title (the url itself until a chunk names the page) */
  private readonly sources = new Map<string, string>();

  add(candidate: GeminiCandidate | undefined): void {
    const found = groundingFound(candidate);
    if (found === undefined) return;
    for (const q of found.queries) this.queries.add(q);
    for (const s of found.sources) {
      const title = this.sources.get(s.url);
      if (title === undefined || title === s.url) this.sources.set(s.url, s.title);
    }
  }

  /** The distinct queries seen so far. */
  get queryCount(): number {
    return this.queries.size;
  }

  /** What the grounding ran and read; undefined when no chunk said. */
  found(): WebSearchFound | undefined {
    if (this.queries.size === 0 && this.sources.size === 0) return undefined;
    return { queries: [...this.queries], sources: [...this.sources].map(([url, title]) => ({ url, title })) };
  }
}
