// The sizes a provider names when it finds a request too long for its model: the prompt, the output room
// asked for and the context, read from each provider's own wording so that the client is told them in its
// own API's words (inbound/context-overflow.ts): Claude Code lowers max_tokens on Anthropic's "input length
// and `max_tokens` exceed context limit: a + b > c" but gives up, or compacts, on another provider's text.
import type { ContextOverflow } from '../inbound/context-overflow';

const N = String.raw`(\d[\d,]*)`;
const num = (s: string | undefined): number => Number((s ?? '0').replace(/,/g, ''));

type Reader = (m: RegExpMatchArray) => { prompt: number; output?: number; has: number } | undefined;

const WORDINGS: readonly [RegExp, Reader][] = [
  // Anthropic: "input length and `max_tokens` exceed context limit: 197000 + 8192 > 200000, ..."
  [new RegExp(String.raw`exceed context limit: ${N} \+ ${N} > ${N}`, 'i'), (m) => ({ prompt: num(m[1]), output: num(m[2]), has: num(m[3]) })],
  // Anthropic: "prompt is too long: 210000 tokens > 200000 maximum"
  [new RegExp(String.raw`prompt is too long: ${N} tokens > ${N} maximum`, 'i'), (m) => ({ prompt: num(m[1]), has: num(m[2]) })],
  // vLLM (0.8 on): "'max_tokens' or 'max_completion_tokens' is too large: 8000. This model's maximum context
  // length is 4096 tokens and your request has 2778 input tokens (8000 > 4096 - 2778)."
  [
    new RegExp(String.raw`is too large: ${N}\.? This model's maximum context length is ${N} tokens and your request has ${N} input tokens`, 'i'),
    (m) => ({ prompt: num(m[3]), output: num(m[1]), has: num(m[2]) }),
  ],
  // vLLM: "... maximum context length is 32768 tokens. However, you requested 33000 output tokens and your
  // prompt contains at least 1 input tokens, for a total of at least 33001 tokens."
  [
    new RegExp(String.raw`maximum context length is ${N} tokens\. However, you requested ${N} output tokens and your prompt contains at least ${N} input tokens`, 'i'),
    (m) => ({ prompt: num(m[3]), output: num(m[2]), has: num(m[1]) }),
  ],
  // OpenRouter: "This endpoint's maximum context length is 204800 tokens. However, you requested about 205432
  // tokens (81684 of text input, 3748 of tool input, 120000 in the output). ..." (the output part is left
  // out when none was asked)
  [
    new RegExp(String.raw`maximum context length is ${N} tokens\. However, you requested about ${N} tokens \(([^)]*)\)`, 'i'),
    (m) => {
      const parts = m[3]!;
      const inputs = [...parts.matchAll(new RegExp(String.raw`${N} of [a-z ]*input`, 'gi'))].map((p) => num(p[1]));
      if (inputs.length === 0) return undefined;
      const output = new RegExp(String.raw`${N} in the output`, 'i').exec(parts);
      return { prompt: inputs.reduce((a, b) => a + b, 0), has: num(m[1]), ...(output ? { output: num(output[1]) } : {}) };
    },
  ],
  // OpenAI, vLLM, DeepSeek, Groq: "This model's maximum context length is 40960 tokens. However, you requested
  // 43500 tokens (11500 in the messages, 32000 in the completion). ..."; some endpoints: "..., however you
  // requested 8977 tokens (8977 in your prompt; 0 for the completion)"
  [
    new RegExp(String.raw`maximum context length is ${N} tokens[.,] However,? you requested ${N} tokens \(${N} in (?:the messages|your prompt)[,;] ${N} (?:in|for) the completion\)`, 'i'),
    (m) => ({ prompt: num(m[3]), output: num(m[4]), has: num(m[1]) }),
  ],
  // OpenAI: "... maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens."; vLLM:
  // "... However, your request has 4176 input tokens."
  [
    new RegExp(String.raw`maximum context length is ${N} tokens[.,] However,? your (?:messages resulted in|request has) ${N} (?:input )?tokens`, 'i'),
    (m) => ({ prompt: num(m[2]), has: num(m[1]) }),
  ],
  // Gemini: "The input token count (1048590) exceeds the maximum number of tokens allowed (1048576)."
  [new RegExp(String.raw`input token count \(${N}\) exceeds the maximum number of tokens allowed \(${N}\)`, 'i'), (m) => ({ prompt: num(m[1]), has: num(m[2]) })],
  // Together (TGI): "`inputs` tokens + `max_new_tokens` must be <= 4097. Given: 80125 `inputs` tokens and 4096 `max_new_tokens`"
  [
    new RegExp(String.raw`tokens \+ \`?max_new_tokens\`? must be <= ${N}\. Given: ${N} \`?inputs\`? tokens and ${N} \`?max_new_tokens`, 'i'),
    (m) => ({ prompt: num(m[2]), output: num(m[3]), has: num(m[1]) }),
  ],
  // xAI: "This model's maximum prompt length is 131072 but the request contains 136973 tokens."
  [new RegExp(String.raw`maximum prompt length is ${N} but the request contains ${N} tokens`, 'i'), (m) => ({ prompt: num(m[2]), has: num(m[1]) })],
  // LM Studio (a prompt longer than the context the model is loaded with, lmstudio-bug-tracker#237): "Trying
  // to keep the first 22182 tokens when context the overflows. However, the model is loaded with context length
  // of only 4096 tokens, which is not enough. Try to load the model with a larger context length, ..."
  [
    new RegExp(String.raw`keep the first ${N} tokens when (?:the )?context (?:the )?overflows\. However, the model is loaded with context length of only ${N} tokens`, 'i'),
    (m) => ({ prompt: num(m[1]), has: num(m[2]) }),
  ],
  // llama-server: "request (9000 tokens) exceeds the available context size (8192 tokens), try increasing it";
  // older builds: "input (9000 tokens) is larger than the max context size (8192 tokens). skipping"
  [
    new RegExp(String.raw`\(${N} tokens\) (?:exceeds the available|is larger than the max) context size \(${N} tokens\)`, 'i'),
    (m) => ({ prompt: num(m[1]), has: num(m[2]) }),
  ],
  // vLLM's engine: "The decoder prompt (length 9000) is longer than the maximum model length of 8192. Make sure ..."
  [new RegExp(String.raw`prompt \(length ${N}\) is longer than the maximum model length of ${N}`, 'i'), (m) => ({ prompt: num(m[1]), has: num(m[2]) })],
  // Mistral: "Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length"
  [new RegExp(String.raw`Prompt contains ${N} tokens and ${N} draft tokens, too large for model with ${N} maximum context length`, 'i'), (m) => ({ prompt: num(m[1]) + num(m[2]), has: num(m[3]) })],
];

/**
 * The prompt, output room and context a provider named in its "too long" message, or undefined for a wording
 * not known here (or figures no overflow can have): the client then gets the provider's text as it was.
 */
export function overflowFigures(message: string): ContextOverflow | undefined {
  for (const [pattern, read] of WORDINGS) {
    const m = message.match(pattern);
    if (!m) continue;
    const f = read(m);
    if (!f) continue;
    return overflowOf(f.prompt, f.has, f.output);
  }
  return undefined;
}

/**
 * Wordings of a prompt too long for the model's context that name no sizes: the proxy gives them (its estimate
 * of the prompt, the model's context_length) so the client is still told in its own API's words.
 */
const SIZELESS_WORDINGS: readonly RegExp[] = [
  // OpenAI's Responses API: "Your input exceeds the context window of this model. Please adjust your input and try again."
  /input exceeds the context window of this model/i,
];

/** Whether a provider's "too long" message is a context overflow worded without sizes (SIZELESS_WORDINGS). */
export function isSizelessOverflow(message: string): boolean {
  return SIZELESS_WORDINGS.some((w) => w.test(message));
}

/**
 * A prompt (and output room) that does not fit a context, as figures a provider gave in fields of its own
 * (llama-server's `n_prompt_tokens`, `n_ctx`): undefined for figures no overflow can have.
 */
export function overflowOf(prompt: unknown, has: unknown, output: unknown = 0): ContextOverflow | undefined {
  if (typeof prompt !== 'number' || typeof has !== 'number' || typeof output !== 'number') return undefined;
  if (![prompt, output, has].every(Number.isSafeInteger) || has <= 0 || prompt <= 0 || output < 0 || prompt + output <= has) return undefined;
  return output > 0 ? { needs: prompt + output, output, has } : { needs: prompt, has };
}
