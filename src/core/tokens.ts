// Token estimates for routing (context fit, cost preview), for usage the provider did not report
// and for count_tokens. Core loads no tokenizer: the node layer injects one (gpt-tokenizer's
// o200k_base, see node/tokens.ts). The event loop serves every request, so exact counting is
// bounded: a request's texts are counted exactly while they fit EXACT_TOKENIZE_BUDGET_BYTES in
// all; beyond it a text is scaled by the characters per token counted so far (a sample of its own
// middle while SAMPLE_BUDGET_BYTES lasts), as code and JSON run well below prose's ~4.
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

/**
 * Past the exact budget, about this many UTF-8 bytes of a text's middle are counted to learn its
 * characters per token, while an estimate's samples stay within SAMPLE_BUDGET_BYTES (a third of the
 * exact budget: a few ms at most on the slowest texts).
 */
export const SAMPLE_BYTES = 500;
export const SAMPLE_BUDGET_BYTES = 2_000;
/**
 * The characters per token a scaled text is counted at: what was counted, within these. Never more
 * than 4 (chars/4, near what prose gives, was the estimate before: code and JSON gave 19% too few
 * tokens, and clients compacted too late); never below 1.5, the floor the ceiling of readTokenBounds assumes.
 */
const MAX_CHARS_PER_TOKEN = 4;
export const MIN_CHARS_PER_TOKEN = 1.5;
/**
 * The same ratio capped here gives the lenient estimate: never fewer tokens than prose has (o200k reads
 * English prose at ~4.7 characters a token; the conservative cap counted it a fifth high, so a prompt
 * that fitted a model was refused). Routing lets a provider decide a prompt only this estimate fits.
 */
const LENIENT_MAX_CHARS_PER_TOKEN = 6;
/** Too few characters counted exactly to trust their ratio: chars/4 until then. */
const MIN_RATIO_CHARS = 500;

/** 'exact': the tokenizer within the budget, scaled by its ratio beyond; 'fast': chars/4 throughout; 'upper': a bound no tokenizer exceeds. */
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

interface TextCounter {
  /** a text's tokens (past the budget, at the ratio capped at MAX_CHARS_PER_TOKEN) */
  readonly text: (text: string) => number;
  /** how many fewer tokens the texts so far come to at the ratio capped at LENIENT_MAX_CHARS_PER_TOKEN */
  readonly lenientLess: () => number;
}

/** One estimate's text counter: in 'exact' mode the budget is shared by every text it is given. */
function textCounter(mode: EstimateMode, count: CountTokens, scale = true): TextCounter {
  if (mode === 'upper') return { text: upperTokens, lenientLess: () => 0 };
  if (mode === 'fast') return { text: fastTokens, lenientLess: () => 0 };
  let lenientLess = 0;
  let left = EXACT_TOKENIZE_BUDGET_BYTES;
  let samplesLeft = SAMPLE_BUDGET_BYTES;
  // what was counted exactly so far, texts and samples: the ratio texts past the budget are scaled by
  let countedChars = 0;
  let countedTokens = 0;
  const counted = (text: string): number => {
    const tokens = countInPieces(text, count);
    countedChars += text.length;
    countedTokens += tokens;
    return tokens;
  };
  const byRatio = (text: string, chars: number, tokens: number): number => {
    const ratio = chars / Math.max(1, tokens);
    const n = Math.ceil(text.length / within(ratio, MAX_CHARS_PER_TOKEN));
    lenientLess += n - Math.ceil(text.length / within(ratio, LENIENT_MAX_CHARS_PER_TOKEN));
    return n;
  };
  const scaled = (text: string): number => {
    if (!scale) return fastTokens(text);
    if (samplesLeft >= SAMPLE_BYTES && text.length > 8 * SAMPLE_BYTES) {
      samplesLeft -= SAMPLE_BYTES;
      let pieces = spreadSample(text, SAMPLE_BYTES);
      // multi-byte text (CJK) costs more a character: fewer of them
      const bytes = pieces.reduce((n, p) => n + utf8Bytes(p, Infinity), 0);
      if (bytes > SAMPLE_BYTES) pieces = spreadSample(text, Math.floor((SAMPLE_BYTES * SAMPLE_BYTES) / bytes));
      let chars = 0;
      let tokens = 0;
      for (const piece of pieces) {
        chars += piece.length;
        tokens += counted(piece);
      }
      return byRatio(text, chars, tokens);
    }
    if (countedChars < MIN_RATIO_CHARS) return fastTokens(text);
    return byRatio(text, countedChars, countedTokens);
  };
  const text = (text: string): number => {
    if (text.length === 0) return 0;
    // a UTF-8 byte per character at least: too long is known without looking
    if (text.length > left) return scaled(text);
    const bytes = utf8Bytes(text, left);
    if (bytes > left) {
      // measuring it still costs: spend its length, so that measuring stays bounded too
      left -= text.length;
      return scaled(text);
    }
    left -= bytes;
    return counted(text);
  };
  return { text, lenientLess: () => lenientLess };
}

/** A characters-per-token ratio within MIN_CHARS_PER_TOKEN and `most`. */
function within(ratio: number, most: number): number {
  return Math.min(most, Math.max(MIN_CHARS_PER_TOKEN, ratio));
}

/** `length` characters from the middle of `text`, never starting inside a surrogate pair. */
/** pieces a sample is taken in, spread over the text: one spot of it may be a table, a code block */
const SAMPLE_PIECES = 4;

/**
 * About `length` characters of `text`, in SAMPLE_PIECES pieces centred at 1/8, 3/8, 5/8 and 7/8 of it,
 * each starting after a space where one is near (a word cut in two counts as more tokens than it is).
 */
function spreadSample(text: string, length: number): string[] {
  const size = Math.max(1, Math.floor(length / SAMPLE_PIECES));
  const pieces: string[] = [];
  for (let i = 0; i < SAMPLE_PIECES; i++) {
    let start = Math.max(0, Math.floor(((2 * i + 1) * text.length) / (2 * SAMPLE_PIECES) - size / 2));
    const space = text.indexOf(' ', start);
    if (space >= 0 && space - start < 16) start = space + 1;
    if (isLowSurrogate(text.charCodeAt(start))) start++;
    let end = Math.min(text.length, start + size);
    const last = text.lastIndexOf(' ', end);
    if (last > start && end - last < 16) end = last;
    pieces.push(text.slice(start, end));
  }
  return pieces;
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
  // rest at MIN_CHARS_PER_TOKEN at most: past a few KB of prompt this is far below `upper`, which
  // assumes 3 tokens a character
  let scaledMost = readOverhead(read) + Math.ceil(read.schemaChars / 4);
  for (const t of read.texts) scaledMost += Math.ceil(t.length / MIN_CHARS_PER_TOKEN);
  return { upper, fast, ceiling: Math.min(upper, scaledMost + EXACT_TOKENIZE_BUDGET_BYTES) };
}

/** The 'exact' estimate of a prompt, and the lenient one: past the exact budget, at the ratio capped at LENIENT_MAX_CHARS_PER_TOKEN. */
export interface PromptEstimate {
  tokens: number;
  /** never above `tokens` */
  lenient: number;
}

export interface TokenEstimator {
  /** Prompt tokens of a read request, whatever its inbound API (default 'exact'). */
  estimateReadTokens(read: InboundRead, mode?: EstimateMode): number;
  /** Prompt tokens of a read request, 'exact' and lenient, in one count. */
  estimateReadTokenRange(read: InboundRead): PromptEstimate;
  /** Prompt tokens of a chat request (default 'exact'). */
  estimateRequestTokens(req: CanonicalRequest, mode?: EstimateMode): number;
  /** Tokens of an answer the provider reported no usage for. */
  estimateOutputTokens(text: string): number;
  /** Input tokens of an embeddings request (no chat framing; default 'exact'). */
  estimateEmbeddingTokens(inputs: readonly string[], mode?: EstimateMode): number;
  /** An embeddings request's inputs, 'exact', in one count: all of them, and the longest one 'exact' and lenient. */
  estimateEmbeddingInputs(inputs: readonly string[]): EmbeddingInputsEstimate;
}

export interface EmbeddingInputsEstimate {
  total: number;
  /** the longest input (each is embedded on its own, so each must fit the model's context) */
  longest: PromptEstimate;
}

/** The estimates, counting exactly with `count` within each estimate's budget. */
export function tokenEstimator(count: CountTokens): TokenEstimator {
  return {
    estimateReadTokens: (read, mode = 'exact') => readTokens(read, textCounter(mode, count).text),
    estimateReadTokenRange(read) {
      const counter = textCounter('exact', count);
      const tokens = readTokens(read, counter.text);
      return { tokens, lenient: tokens - counter.lenientLess() };
    },
    estimateRequestTokens: (req, mode = 'exact') => promptTokens(req, textCounter(mode, count).text),
    // chars/4 past the budget, unscaled: a relayed stream's meter keeps no text beyond it (proxy/output-meter.ts)
    estimateOutputTokens: (text) => textCounter('exact', count, false).text(text),
    estimateEmbeddingTokens(inputs, mode = 'exact') {
      const { text } = textCounter(mode, count);
      let n = 0;
      for (const s of inputs) n += text(s);
      return n;
    },
    estimateEmbeddingInputs(inputs) {
      const counter = textCounter('exact', count);
      const longest = { tokens: 0, lenient: 0 };
      let total = 0;
      for (const s of inputs) {
        const less = counter.lenientLess();
        const n = counter.text(s);
        total += n;
        longest.tokens = Math.max(longest.tokens, n);
        longest.lenient = Math.max(longest.lenient, n - (counter.lenientLess() - less));
      }
      return { total, longest };
    },
  };
}
