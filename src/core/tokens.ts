// Token estimates for routing (context fit, cost preview), for usage the provider did not report
// and for count_tokens. Core loads no tokenizer: the node layer injects one (gpt-tokenizer's
// o200k_base, see node/tokens.ts). The event loop serves every request, so exact counting is
// bounded: a request's texts are counted exactly while they fit EXACT_TOKENIZE_BUDGET_BYTES in
// all, and at chars/4 beyond.
import type { CanonicalRequest, ContentPart, InboundRead } from './canonical';

/** An exact tokenizer: text in, token count out. Special-token text must be counted, never thrown on. */
export type CountTokens = (text: string) => number;

/** What OpenAI bills a high-detail 512px tile image at; a flat guess is enough to route on. */
export const IMAGE_TOKENS = 765;
/** Role markers and separators each chat message costs (OpenAI cookbook: 3 per message). */
export const PER_MESSAGE_OVERHEAD = 3;
/** Every reply is primed with `<|start|>assistant<|message|>`. */
export const REPLY_PRIMING_TOKENS = 3;
/**
 * UTF-8 bytes one estimate (one request, one answer, one count_tokens call) tokenizes exactly, over
 * all its texts. Byte-pair encoding works on bytes and its cost follows them (~0.5-0.8 us a byte
 * for the slowest texts, random letters or CJK, once long runs are cut): a few ms at most.
 */
export const EXACT_TOKENIZE_BUDGET_BYTES = 6_000;
/**
 * Byte-pair merging costs the square of a run's length (20k characters without a space: 0.2 s,
 * CJK 1.7 s), so a longer run of non-space or of space characters is counted in pieces this long.
 */
export const MAX_RUN_CHARS = 64;

/** 'exact': the tokenizer within the budget, chars/4 beyond; 'fast': chars/4 throughout; 'upper': a bound no tokenizer exceeds. */
export type EstimateMode = 'exact' | 'fast' | 'upper';

const fastTokens = (text: string): number => Math.ceil(text.length / 4);
// a token is at least one UTF-8 byte, and a UTF-16 code unit is at most three
const upperTokens = (text: string): number => text.length * 3;

const isSpace = (code: number): boolean => code <= 0x20 || code === 0xa0 || code === 0x3000;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** UTF-8 length (a surrogate pair is 4 bytes), giving up once it passes `limit`. */
function utf8Bytes(text: string, limit: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const code = text.charCodeAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 2 : 3;
  }
  return bytes;
}

/** The exact count, with runs longer than MAX_RUN_CHARS cut into pieces (never inside a surrogate pair). */
export function countInPieces(text: string, count: CountTokens): number {
  let tokens = 0;
  let start = 0;
  let run = 0;
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = isSpace(code);
    run = space === inSpace ? run + 1 : 1;
    inSpace = space;
    if (run > MAX_RUN_CHARS && !isLowSurrogate(code)) {
      tokens += count(text.slice(start, i));
      start = i;
      run = 1;
    }
  }
  return tokens + count(text.slice(start));
}

/** One estimate's text counter: in 'exact' mode the budget is shared by every text it is given. */
function textCounter(mode: EstimateMode, count: CountTokens): (text: string) => number {
  if (mode === 'upper') return upperTokens;
  if (mode === 'fast') return fastTokens;
  let left = EXACT_TOKENIZE_BUDGET_BYTES;
  return (text) => {
    if (text.length === 0) return 0;
    // a UTF-8 byte per character at least: too long is known without looking
    if (text.length > left) return fastTokens(text);
    const bytes = utf8Bytes(text, left);
    if (bytes > left) {
      // measuring it still costs: spend its length, so that measuring stays bounded too
      left -= text.length;
      return fastTokens(text);
    }
    left -= bytes;
    return countInPieces(text, count);
  };
}

function partsTokens(parts: readonly ContentPart[], text: (t: string) => number): number {
  let n = 0;
  for (const part of parts) n += part.type === 'text' ? text(part.text) : IMAGE_TOKENS;
  return n;
}

/** Prompt tokens of a chat request (system, messages, tool calls, tool definitions, framing), each text by `text`. */
function promptTokens(req: CanonicalRequest, text: (t: string) => number): number {
  let n = REPLY_PRIMING_TOKENS;
  for (const s of req.system) n += PER_MESSAGE_OVERHEAD + text(s);
  for (const m of req.messages) {
    n += PER_MESSAGE_OVERHEAD + partsTokens(m.content, text);
    if (m.role === 'assistant' && m.toolCalls) {
      for (const call of m.toolCalls) n += PER_MESSAGE_OVERHEAD + text(call.name) + text(call.arguments);
    }
  }
  if (req.tools && req.tools.length > 0) n += text(JSON.stringify(req.tools));
  if (req.responseFormat && req.responseFormat.type === 'json_schema') n += text(JSON.stringify(req.responseFormat.schema));
  return n;
}

/** The 'upper' and 'fast' estimates of a request in one walk (the tools' JSON is serialised once); no tokenizer needed. */
export function requestTokenBounds(req: CanonicalRequest): { upper: number; fast: number } {
  let upper = 0;
  let fast = 0;
  // texts counted aside, the walk returns the framing and image tokens both estimates share
  const framing = promptTokens(req, (t) => {
    upper += upperTokens(t);
    fast += fastTokens(t);
    return 0;
  });
  return { upper: framing + upper, fast: framing + fast };
}

/** What a read request costs besides its texts: framing per message, a flat rate per media part, schemas at chars/4. */
function readOverhead(read: InboundRead): number {
  return REPLY_PRIMING_TOKENS + read.messageCount * PER_MESSAGE_OVERHEAD + (read.mediaTokens ?? read.mediaCount * IMAGE_TOKENS);
}

/** Prompt tokens of a read request (any inbound API), each text by `text`. */
function readTokens(read: InboundRead, text: (t: string) => number): number {
  let n = readOverhead(read) + Math.ceil(read.schemaChars / 4);
  for (const t of read.texts) n += text(t);
  return n;
}

export interface ReadTokenBounds {
  /** a bound no tokenizer exceeds */
  upper: number;
  /** the 'fast' estimate */
  fast: number;
  /** a bound neither the 'fast' nor the 'exact' estimate exceeds */
  ceiling: number;
}

/** The 'upper' and 'fast' estimates of a read request in one pass, and their ceiling; no tokenizer needed. */
export function readTokenBounds(read: InboundRead): ReadTokenBounds {
  // schemas are read as text too: bounded like texts
  let upper = readOverhead(read) + read.schemaChars * 3;
  let fast = readOverhead(read) + Math.ceil(read.schemaChars / 4);
  for (const t of read.texts) {
    upper += upperTokens(t);
    fast += fastTokens(t);
  }
  // 'exact' counts at most the budget's bytes with the tokenizer (a token is at least a byte) and the
  // rest as 'fast' does: past a few KB of prompt this is far below `upper`, which assumes 3 tokens a character
  return { upper, fast, ceiling: Math.min(upper, fast + EXACT_TOKENIZE_BUDGET_BYTES) };
}

export interface TokenEstimator {
  /** Prompt tokens of a read request, whatever its inbound API (default 'exact'). */
  estimateReadTokens(read: InboundRead, mode?: EstimateMode): number;
  /** Prompt tokens of a chat request (default 'exact'). */
  estimateRequestTokens(req: CanonicalRequest, mode?: EstimateMode): number;
  /** Tokens of an answer the provider reported no usage for. */
  estimateOutputTokens(text: string): number;
  /** Input tokens of an embeddings request (no chat framing; default 'exact'). */
  estimateEmbeddingTokens(inputs: readonly string[], mode?: EstimateMode): number;
}

/** The estimates, counting exactly with `count` within each estimate's budget. */
export function tokenEstimator(count: CountTokens): TokenEstimator {
  return {
    estimateReadTokens: (read, mode = 'exact') => readTokens(read, textCounter(mode, count)),
    estimateRequestTokens: (req, mode = 'exact') => promptTokens(req, textCounter(mode, count)),
    estimateOutputTokens: (text) => textCounter('exact', count)(text),
    estimateEmbeddingTokens(inputs, mode = 'exact') {
      const text = textCounter(mode, count);
      let n = 0;
      for (const s of inputs) n += text(s);
      return n;
    },
  };
}
