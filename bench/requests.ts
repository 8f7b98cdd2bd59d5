// The request bodies every target gets: one prompt (bench/prompts.ts) in the shape of each API a
// client speaks: OpenAI chat, OpenAI Responses, Anthropic messages or Gemini generateContent.
import { promptOf, type Prompt, type PromptSize } from './prompts';

/**
 * What a cell sends through the proxies, client API to upstream API: OpenAI chat to OpenAI chat and to
 * Anthropic (translated), Responses to Responses (forwarded) and to OpenAI chat (translated), Gemini
 * to Gemini (forwarded) and to OpenAI chat (translated).
 */
export type Route = 'openai' | 'anthropic' | 'responses' | 'responses-chat' | 'gemini' | 'gemini-openai';

export const ROUTE_LABELS: Record<Route, string> = {
  openai: 'oai->oai', anthropic: 'oai->anth', responses: 'resp->resp', 'responses-chat': 'resp->oai', gemini: 'gem->gem', 'gemini-openai': 'gem->oai',
};

export type ClientApi = 'openai' | 'responses' | 'gemini';

/** The API a route's client speaks to a proxy. */
export function clientApiOf(route: Route): ClientApi {
  if (route === 'gemini' || route === 'gemini-openai') return 'gemini';
  return route === 'responses' || route === 'responses-chat' ? 'responses' : 'openai';
}

/** The upstream speaks the client's own API (the proxy forwards the body) rather than another (it translates). */
export const isForwarded = (route: Route): boolean => route === 'openai' || route === 'responses' || route === 'gemini';

const MAX_TOKENS = 64;

/** OpenAI chat completions body (what clients send to the proxies). */
export function openaiBody(model: string, stream: boolean, size: PromptSize = 'tiny'): string {
  const p = promptOf(size);
  return JSON.stringify({
    model,
    messages: [{ role: 'system', content: p.system }, ...p.turns.map((t) => ({ role: t.role, content: t.text }))],
    ...(p.tools.length > 0 ? { tools: p.tools.map((t) => ({ type: 'function', function: t })) } : {}),
    max_tokens: MAX_TOKENS,
    temperature: 0,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

/** Anthropic messages body (what the upstream of a translating proxy receives). */
export function anthropicBody(model: string, stream: boolean, size: PromptSize = 'tiny'): string {
  const p = promptOf(size);
  return JSON.stringify({
    model,
    system: p.system,
    messages: p.turns.map((t) => ({ role: t.role, content: t.text })),
    ...(p.tools.length > 0 ? { tools: p.tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters })) } : {}),
    max_tokens: MAX_TOKENS,
    temperature: 0,
    ...(stream ? { stream: true } : {}),
  });
}

/** OpenAI Responses body, as the SDKs and Codex send it (instructions, input items with parts). */
export function responsesBody(model: string, stream: boolean, size: PromptSize = 'tiny'): string {
  const p = promptOf(size);
  return JSON.stringify({
    model,
    instructions: p.system,
    input: p.turns.map((t) => ({
      type: 'message', role: t.role, content: [{ type: t.role === 'user' ? 'input_text' : 'output_text', text: t.text }],
    })),
    ...(p.tools.length > 0 ? { tools: p.tools.map((t) => ({ type: 'function', ...t, strict: false })) } : {}),
    max_output_tokens: MAX_TOKENS,
    temperature: 0,
    store: false,
    ...(stream ? { stream: true } : {}),
  });
}

/** Gemini generateContent body (what Gemini CLI and @google/genai send), the model in the path. */
export function geminiBody(size: PromptSize = 'tiny'): string {
  const p: Prompt = promptOf(size);
  return JSON.stringify({
    systemInstruction: { parts: [{ text: p.system }] },
    contents: p.turns.map((t) => ({ role: t.role === 'user' ? 'user' : 'model', parts: [{ text: t.text }] })),
    ...(p.tools.length > 0 ? { tools: [{ functionDeclarations: p.tools.map((t) => ({ name: t.name, description: t.description, parametersJsonSchema: t.parameters })) }] } : {}),
    generationConfig: { maxOutputTokens: MAX_TOKENS, temperature: 0 },
  });
}

export function geminiPath(model: string, stream: boolean): string {
  return `/v1beta/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`;
}

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;
export const ANTHROPIC_HEADERS = { ...JSON_HEADERS, 'x-api-key': 'sk-ant-bench', 'anthropic-version': '2023-06-01' } as const;
export const OPENAI_HEADERS = { ...JSON_HEADERS, authorization: 'Bearer sk-bench' } as const;
export const GEMINI_HEADERS = { ...JSON_HEADERS, 'x-goog-api-key': 'AIza-bench' } as const;
