// How many web searches one answer may be billed for. A provider's count is believed only when the request offered
// it a search tool, and only up to that tool's max_uses (Anthropic keeps to it) or MAX_WEB_SEARCHES_PER_ANSWER.
import type { InboundApi, UpstreamApi } from './canonical';
import { isJsonObject } from './json-object';
import { MAX_WEB_SEARCHES_PER_ANSWER } from './usage-sanity';

/** Gemini's search tools, as the API takes them (camelCase or snake_case). */
const GEMINI_SEARCH_TOOLS = ['googleSearch', 'google_search', 'googleSearchRetrieval', 'google_search_retrieval', 'enterpriseWebSearch', 'enterprise_web_search'];

const toolsOf = (body: Record<string, unknown>): Record<string, unknown>[] => (Array.isArray(body.tools) ? body.tools.filter(isJsonObject) : []);
const typed = (tool: Record<string, unknown>, prefix: string): boolean => typeof tool.type === 'string' && tool.type.startsWith(prefix);

/**
 * The most web searches the answer to `body` (the client's request) may be billed for, served by `upstream`: 0 when the
 * provider was offered no search tool. An Anthropic client's web_search server tool goes to Anthropic as sent, to
 * Gemini and OpenAI Responses as their own search (which take no max_uses); a Gemini or Responses client's search
 * tool only to its own format, forwarded (`same`): another format is not given it.
 */
export function webSearchesAllowed(inbound: InboundApi, upstream: UpstreamApi, same: boolean, body: Record<string, unknown>): number {
  const tools = toolsOf(body);
  if (inbound === 'messages') {
    const tool = tools.find((t) => typed(t, 'web_search_'));
    if (tool === undefined) return 0;
    const maxUses = tool.max_uses;
    return upstream === 'messages' && typeof maxUses === 'number' && Number.isInteger(maxUses) && maxUses > 0 ? maxUses : MAX_WEB_SEARCHES_PER_ANSWER;
  }
  if (!same) return 0;
  if (inbound === 'gemini') return tools.some((t) => GEMINI_SEARCH_TOOLS.some((k) => t[k] !== undefined && t[k] !== null)) ? MAX_WEB_SEARCHES_PER_ANSWER : 0;
  if (inbound === 'responses') return tools.some((t) => typed(t, 'web_search')) ? MAX_WEB_SEARCHES_PER_ANSWER : 0;
  return 0;
}
