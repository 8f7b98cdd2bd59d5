// The request bodies every target gets: one small chat turn, in OpenAI or Anthropic shape.

export type Route = 'openai' | 'anthropic';

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

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;
export const ANTHROPIC_HEADERS = { ...JSON_HEADERS, 'x-api-key': 'sk-ant-bench', 'anthropic-version': '2023-06-01' } as const;
export const OPENAI_HEADERS = { ...JSON_HEADERS, authorization: 'Bearer sk-bench' } as const;
