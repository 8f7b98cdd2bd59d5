// Prompt-token estimates of a read request (any inbound API): the texts a model reads, the size of
// its tool schemas, a flat rate per image or document, and the framing every message costs.
import type { InboundRead } from '../canonical';
import { EXACT_TOKENIZE_MAX_CHARS, IMAGE_TOKENS, PER_MESSAGE_OVERHEAD, REPLY_PRIMING_TOKENS, countTextTokens, type EstimateMode } from '../tokens';

function framing(read: InboundRead): number {
  return REPLY_PRIMING_TOKENS + read.messageCount * PER_MESSAGE_OVERHEAD + read.mediaCount * IMAGE_TOKENS;
}

/** The 'upper' (no tokenizer exceeds it) and 'fast' (chars/4) estimates in one pass. */
export function readTokenBounds(read: InboundRead): { upper: number; fast: number } {
  let chars = 0;
  let fast = 0;
  for (const t of read.texts) {
    chars += t.length;
    fast += Math.ceil(t.length / 4);
  }
  const base = framing(read);
  // a token is at least one UTF-8 byte, and a UTF-16 code unit is at most three
  return { upper: base + chars * 3 + read.schemaChars * 3, fast: base + fast + Math.ceil(read.schemaChars / 4) };
}

/**
 * 'exact' runs the tokenizer over the texts until EXACT_TOKENIZE_MAX_CHARS characters of the request
 * have been counted, chars/4 beyond (the tokenizer is slow on long unbroken text: the event loop
 * serves everyone); 'fast' is chars/4 throughout.
 */
export function estimateReadTokens(read: InboundRead, mode: Exclude<EstimateMode, 'upper'> = 'exact'): number {
  if (mode === 'fast') return readTokenBounds(read).fast;
  let n = framing(read) + Math.ceil(read.schemaChars / 4);
  let exactLeft = EXACT_TOKENIZE_MAX_CHARS;
  for (const t of read.texts) {
    if (t.length <= exactLeft) {
      exactLeft -= t.length;
      n += countTextTokens(t);
    } else n += Math.ceil(t.length / 4);
  }
  return n;
}
