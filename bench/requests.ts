// The request bodies every target gets: one small chat turn, in OpenAI chat, Anthropic or OpenAI
// Responses shape.

/**
 * What a client sends and what the upstream speaks: OpenAI chat to an OpenAI or an Anthropic upstream,
 * Responses to a Responses upstream (forwarded) or to an OpenAI chat one (translated).
 */
export type Route = 'openai' | 'anthropic' | 'responses' | 'responses-chat';

export const ROUTE_LABEL: Record<Route, string> = {
  openai: 'oai->oai', anthropic: 'oai->anth', responses: 'resp->resp', 'responses-chat': 'resp->oai',
};

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

/** OpenAI Responses body, as the SDKs send it. */
export function responsesBody(model: string, stream: boolean): string {
  return JSON.stringify({
    model,
    instructions: SYSTEM,
    input: [{ role: 'user', content: [{ type: 'input_text', text: USER }] }],
    max_output_tokens: 64,
    temperature: 0,
    store: false,
    ...(stream ? { stream: true } : {}),
  });
}

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;
export const ANTHROPIC_HEADERS = { ...JSON_HEADERS, 'x-api-key': 'sk-ant-bench', 'anthropic-version': '2023-06-01' } as const;
export const OPENAI_HEADERS = { ...JSON_HEADERS, authorization: 'Bearer sk-bench' } as const;
