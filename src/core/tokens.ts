// Token estimates for routing (context fit, cost preview) and for usage the provider did not report.
// Only the o200k_base table is loaded: importing the package root would pull in every encoding.
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { CanonicalRequest, ContentPart } from './canonical';

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
  return countTokens(text, ENCODE_OPTIONS as never);
}

/** Exact below EXACT_TOKENIZE_MAX_CHARS, chars/4 above. */
function estimateText(text: string): number {
  if (text.length > EXACT_TOKENIZE_MAX_CHARS) return Math.ceil(text.length / 4);
  return countTextTokens(text);
}

function estimateParts(parts: readonly ContentPart[]): number {
  let n = 0;
  for (const part of parts) n += part.type === 'text' ? estimateText(part.text) : IMAGE_TOKENS;
  return n;
}

/** Prompt tokens of a chat request: system, messages, tool calls, tool definitions, framing. */
export function estimateRequestTokens(req: CanonicalRequest): number {
  let n = REPLY_PRIMING_TOKENS;
  for (const s of req.system) n += PER_MESSAGE_OVERHEAD + estimateText(s);
  for (const m of req.messages) {
    n += PER_MESSAGE_OVERHEAD + estimateParts(m.content);
    if (m.role === 'assistant' && m.toolCalls) {
      for (const call of m.toolCalls) n += PER_MESSAGE_OVERHEAD + estimateText(call.name) + estimateText(call.arguments);
    }
  }
  if (req.tools && req.tools.length > 0) n += estimateText(JSON.stringify(req.tools));
  if (req.responseFormat && req.responseFormat.type === 'json_schema') n += estimateText(JSON.stringify(req.responseFormat.schema));
  return n;
}

/** Input tokens of an embeddings request (no chat framing). */
export function estimateEmbeddingTokens(inputs: readonly string[]): number {
  let n = 0;
  for (const s of inputs) n += estimateText(s);
  return n;
}
