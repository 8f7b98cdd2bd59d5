// The token estimates the proxy uses, counting with gpt-tokenizer's o200k_base. Its table costs
// ~60 MB and ~0.1 s to load, so it loads on the first exact count, not with the app.
import { createRequire } from 'node:module';
import { tokenEstimator, type CountTokens } from '../core/tokens';
export type { PromptEstimate } from '../core/tokens';

type O200kCount = (text: string, options: unknown) => number;

// Text from clients may contain `<|endoftext|>` and friends; count them rather than throw.
const ENCODE_OPTIONS = { allowedSpecial: 'all', disallowedSpecial: new Set<string>() } as const;

let o200k: O200kCount | undefined;

/** Exact o200k_base count, unbounded: callers go through the estimates below, which bound it. */
export const countO200k: CountTokens = (text) => {
  // only the o200k_base table: importing the package root would pull in every encoding
  o200k ??= (createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as { countTokens: O200kCount }).countTokens;
  return o200k(text, ENCODE_OPTIONS);
};

export const { estimateReadTokens, estimateReadTokenRange, estimateRequestTokens, estimateOutputTokens, estimateEmbeddingTokens, estimateEmbeddingInputs } = tokenEstimator(countO200k);
export { readTokenBounds, requestTokenBounds } from '../core/tokens';

type Cl100kDecode = (tokens: readonly number[]) => string;
let cl100k: Cl100kDecode | undefined;

/**
 * Token ids as text, for the privacy guard's scan: OpenAI's embeddings models (and LangChain, which sends
 * token ids by default) count with cl100k_base. Loaded on first use only (a guarded profile sending ids).
 * null when the ids are not cl100k_base's (the text cannot be known).
 */
export function decodeCl100k(tokens: readonly number[]): string | null {
  cl100k ??= (createRequire(import.meta.url)('gpt-tokenizer/encoding/cl100k_base') as { decode: Cl100kDecode }).decode;
  try {
    return cl100k(tokens);
  } catch {
    return null;
  }
}
