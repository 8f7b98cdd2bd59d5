// A web search the client asked its provider to run (Anthropic's web_search server tool, CanonicalRequest.webSearch):
// Gemini runs it with Google Search grounding (gemini/grounding.ts), OpenAI's Responses API with its hosted
// web_search tool (openai-responses/web-search.ts); a builder of an API without a search of its own names it
// dropped, as the server tool the client declared. Routing sends such a request only to a model that can run it.
import type { CanonicalRequest, UpstreamApi, WebSearchTool } from '../canonical';
import { geminiGrounds } from './gemini/grounding';

export function droppedWebSearch(req: CanonicalRequest): string[] {
  return req.webSearch === undefined ? [] : [`tools[type=${req.webSearch.type}]`];
}

/** The client's settings of the search a provider's own has no place for, as x-switchboard-dropped names them. */
export function unsupportedSettings(search: WebSearchTool, carried: readonly string[] = []): string[] {
  return Object.keys(search.settings).filter((k) => !carried.includes(k)).map((k) => `tools[type=${search.type}].${k}`);
}

/**
 * OpenAI models without the Responses API's web_search tool: GPT-4.1 nano, o1, o3-mini, the GPT-3.5 and GPT-4
 * (not 4o or 4.1) models, and those that do not write text. A name not known here is taken to search.
 */
const NO_OPENAI_SEARCH = /^(?:gpt-4\.1-nano|o1(?:-|$)|o3-mini|gpt-3\.5|gpt-4(?:-\d|-turbo|$)|chatgpt-|computer-use|codex-mini|gpt-image|dall-e|tts-|whisper|text-embedding|omni-moderation)|-(?:realtime|audio|transcribe|tts)(?:-|$)/i;

/**
 * Why a model cannot run a web search the request stands on (undefined: it can): an Anthropic model runs
 * Anthropic's own; a Gemini model one that grounds with Google Search; on the Responses API, an OpenAI model
 * (a provider of type openai: other servers of that API have no hosted search) that has the web_search tool.
 */
export function webSearchGap(api: UpstreamApi, providerType: string, modelName: string): 'grounding' | 'openai' | 'api' | undefined {
  switch (api) {
    case 'messages': return undefined;
    case 'gemini': return geminiGrounds(modelName) ? undefined : 'grounding';
    case 'responses': return providerType === 'openai' && !NO_OPENAI_SEARCH.test(modelName) ? undefined : 'openai';
    default: return 'api';
  }
}
