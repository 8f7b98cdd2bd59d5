// A provider that takes fewer inputs in one embeddings request than a client may send (Google's
// batchEmbedContents: 100) gets them in consecutive batches; the answers join in order.
import type { CanonicalEmbeddingResponse } from './canonical';

/** [start, end) of each batch: one batch for the whole input when the provider sets no limit */
export function embeddingBatches(count: number, limit: number | undefined): [number, number][] {
  if (limit === undefined || count <= limit) return [[0, count]];
  const out: [number, number][] = [];
  for (let start = 0; start < count; start += limit) out.push([start, Math.min(count, start + limit)]);
  return out;
}

/**
 * The batches' answers as one: vectors in order, input tokens summed. A batch that reported none (0)
 * makes the sum unknown (0), so the caller estimates the whole request rather than billing part of it.
 */
export function joinEmbeddingResponses(parts: readonly CanonicalEmbeddingResponse[]): CanonicalEmbeddingResponse {
  if (parts.length === 1) return parts[0]!;
  const reported = parts.every((p) => p.usage.inputTokens > 0);
  return {
    model: parts[0]?.model ?? '',
    data: parts.flatMap((p) => p.data),
    usage: { inputTokens: reported ? parts.reduce((sum, p) => sum + p.usage.inputTokens, 0) : 0, outputTokens: 0 },
  };
}
