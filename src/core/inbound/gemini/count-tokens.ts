// :countTokens, answered here (as the Anthropic count_tokens is): the same estimate routing uses,
// from the body's `contents` or its whole `generateContentRequest`.
import { estimateReadTokens } from '../read-estimate';
import { objectField, type Json } from './fields';
import { readGeminiRequest } from './read';

export function countGeminiTokens(body: Json, model: string): { totalTokens: number } {
  const request = objectField(body, 'generateContentRequest') ?? body;
  return { totalTokens: estimateReadTokens(readGeminiRequest(request, { model, stream: false })) };
}
