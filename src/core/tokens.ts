// Token estimates for routing (context fit, cost preview) and for usage the provider did not report.
// The o200k_base table costs ~60 MB and tens of microseconds per request, so it loads on first use
// and the proxy asks for exact counts only where they can change a decision (see tokenUpperBound).
import { createRequire } from 'node:module';
import type { CanonicalRequest, ContentPart } from './canonical';

type CountTokens = (text: string, options: unknown) => number;
let countTokens: CountTokens | null = null;

function tokenizer(): CountTokens {
  // only the o200k_base table: importing the package root would pull in every encoding
  countTokens ??= (createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as { countTokens: CountTokens }).countTokens;
  return countTokens;
}

/** What OpenAI bills a high-detail 512px tile image at; a flat guess is enough to route on. */
export const IMAGE_TOKENS = 765;
/** Role markers and separators each chat message costs (OpenAI cookbook: 3 per message). */
export const PER_MESSAGE_OVERHEAD = 3;
/** Every reply is primed with `<|start|>assistant<|message|>`. */
export const REPLY_PRIMING_TOKENS = 3;
/** Above this many characters a text is estimated at chars/4, so routing never tokenizes megabytes. */
export const EXACT_TOKENIZE_MAX_CHARS = 20_000;

// Text from clients may contain `<|endoftext|>` and friends; count them rather than throw.
const ENCODE_OPTIONS = { allowedSpecial: 'all', disallowedSpecial: new Set<string>() } as const;

/** Exact o200k_base token count (for usage estimates when the provider reported none). */
export function countTextTokens(text: string): number {
  if (text.length === 0) return 0;
  return tokenizer()(text, ENCODE_OPTIONS);
}

/** 'exact': the tokenizer below EXACT_TOKENIZE_MAX_CHARS, chars/4 above; 'fast': chars/4 throughout; 'upper': a bound no tokenizer exceeds. */
export type EstimateMode = 'exact' | 'fast' | 'upper';

function estimateText(text: string, mode: EstimateMode): number {
  // a token is at least one UTF-8 byte, and a UTF-16 code unit is at most three
  if (mode === 'upper') return text.length * 3;
  if (mode === 'fast' || text.length > EXACT_TOKENIZE_MAX_CHARS) return Math.ceil(text.length / 4);
  return countTextTokens(text);
}

function estimateParts(parts: readonly ContentPart[], mode: EstimateMode): number {
  let n = 0;
  for (const part of parts) n += part.type === 'text' ? estimateText(part.text, mode) : IMAGE_TOKENS;
  return n;
}

/** Prompt tokens of a chat request: system, messages, tool calls, tool definitions, framing. */
export function estimateRequestTokens(req: CanonicalRequest, mode: EstimateMode = 'exact'): number {
  const count = (t: string): number => estimateText(t, mode);
  let n = REPLY_PRIMING_TOKENS;
  for (const s of req.system) n += PER_MESSAGE_OVERHEAD + count(s);
  for (const m of req.messages) {
    n += PER_MESSAGE_OVERHEAD + estimateParts(m.content, mode);
    if (m.role === 'assistant' && m.toolCalls) {
      for (const call of m.toolCalls) n += PER_MESSAGE_OVERHEAD + count(call.name) + count(call.arguments);
    }
  }
  if (req.tools && req.tools.length > 0) n += count(JSON.stringify(req.tools));
  if (req.responseFormat && req.responseFormat.type === 'json_schema') n += count(JSON.stringify(req.responseFormat.schema));
  return n;
}

/** The 'upper' and 'fast' estimates of a request in one walk (the tools' JSON is serialised once). */
export function requestTokenBounds(req: CanonicalRequest): { upper: number; fast: number } {
  let upper = REPLY_PRIMING_TOKENS;
  let fast = REPLY_PRIMING_TOKENS;
  const add = (text: string, overhead = 0): void => {
    upper += overhead + estimateText(text, 'upper');
    fast += overhead + estimateText(text, 'fast');
  };
  for (const s of req.system) add(s, PER_MESSAGE_OVERHEAD);
  for (const m of req.messages) {
    upper += PER_MESSAGE_OVERHEAD + estimateParts(m.content, 'upper');
    fast += PER_MESSAGE_OVERHEAD + estimateParts(m.content, 'fast');
    if (m.role === 'assistant' && m.toolCalls) {
      for (const call of m.toolCalls) {
        add(call.name, PER_MESSAGE_OVERHEAD);
        add(call.arguments);
      }
    }
  }
  if (req.tools && req.tools.length > 0) add(JSON.stringify(req.tools));
  if (req.responseFormat && req.responseFormat.type === 'json_schema') add(JSON.stringify(req.responseFormat.schema));
  return { upper, fast };
}

/** Input tokens of an embeddings request (no chat framing). */
export function estimateEmbeddingTokens(inputs: readonly string[], mode: EstimateMode = 'exact'): number {
  let n = 0;
  for (const s of inputs) n += estimateText(s, mode);
  return n;
}
