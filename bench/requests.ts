// The request bodies every target gets: one small chat turn, in OpenAI, Anthropic or Gemini shape.

/**
 * What a cell sends through the proxies, client API to upstream API: OpenAI to OpenAI, OpenAI to
 * Anthropic (translated), Gemini to Gemini (forwarded) and Gemini to OpenAI (translated).
 */
export type Route = 'openai' | 'anthropic' | 'gemini' | 'gemini-openai';

export const ROUTE_LABELS: Record<Route, string> = {
  openai: 'oai->oai', anthropic: 'oai->anth', gemini: 'gem->gem', 'gemini-openai': 'gem->oai',
};

/** The API a route's client speaks to a proxy. */
export const clientApiOf = (route: Route): 'openai' | 'gemini' => (route === 'gemini' || route === 'gemini-openai' ? 'gemini' : 'openai');

const SYSTEM = 'You are a terse assistant used by a benchmark. Answer in one short sentence.';
const USER = 'Summarise why a localhost LLM router should add as little latency as a bare pass-through proxy does.';

/** OpenAI chat completions body (what clients send to the proxies). */
export function openaiBody(model: string, stream: boolean): string {
  return JSON.stringify({
    model,
    messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: USER }],
    max_tokens: 64,
    temperature: 0,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

/** Anthropic messages body (what the upstream of a translating proxy receives). */
export function anthropicBody(model: string, stream: boolean): string {
  return JSON.stringify({
    model,
    system: SYSTEM,
    messages: [{ role: 'user', content: USER }],
    max_tokens: 64,
    temperature: 0,
    ...(stream ? { stream: true } : {}),
  });
}

/** Gemini generateContent body (what Gemini CLI and @google/genai send), the model in the path. */
export function geminiBody(): string {
  return JSON.stringify({
    systemInstruction: { parts: [{ text: SYSTEM }] },
    contents: [{ role: 'user', parts: [{ text: USER }] }],
    generationConfig: { maxOutputTokens: 64, temperature: 0 },
  });
}

export function geminiPath(model: string, stream: boolean): string {
  return `/v1beta/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`;
}

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;
export const ANTHROPIC_HEADERS = { ...JSON_HEADERS, 'x-api-key': 'sk-ant-bench', 'anthropic-version': '2023-06-01' } as const;
export const OPENAI_HEADERS = { ...JSON_HEADERS, authorization: 'Bearer sk-bench' } as const;
export const GEMINI_HEADERS = { ...JSON_HEADERS, 'x-goog-api-key': 'AIza-bench' } as const;
