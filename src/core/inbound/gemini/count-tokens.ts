// :countTokens, answered here (as the Anthropic count_tokens is): the same estimate routing uses,
// from the body's `contents` or its whole `generateContentRequest`.
import type { InboundRead } from '../../canonical';
import { objectField, type Json } from './fields';
import { readGeminiRequest } from './read';

/** `estimate`: the token estimate the node layer injects (core loads no tokenizer). */
export function countGeminiTokens(body: Json, model: string, estimate: (read: InboundRead) => number): { totalTokens: number } {
  const request = objectField(body, 'generateContentRequest') ?? body;
  return { totalTokens: estimate(readGeminiRequest(request, { model, stream: false })) };
}
