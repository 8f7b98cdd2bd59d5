import { describe, expect, it } from 'vitest';
import { embeddingBatches, joinEmbeddingResponses } from './embedding-batches';

describe('embeddingBatches', () => {
  it('is one batch without a limit or within it', () => {
    expect(embeddingBatches(150, undefined)).toEqual([[0, 150]]);
    expect(embeddingBatches(100, 100)).toEqual([[0, 100]]);
  });

  it('splits past the limit into consecutive batches, the last one shorter', () => {
    expect(embeddingBatches(250, 100)).toEqual([[0, 100], [100, 200], [200, 250]]);
  });
});

describe('joinEmbeddingResponses', () => {
  const part = (data: number[][], inputTokens: number) => ({ model: 'm', data, usage: { inputTokens, outputTokens: 0 } });

  it('keeps the vectors in order and sums the tokens', () => {
    expect(joinEmbeddingResponses([part([[1], [2]], 5), part([[3]], 7)])).toEqual(part([[1], [2], [3]], 12));
  });

  it('leaves the count unknown (0) when a batch reported none, so the whole is estimated', () => {
    expect(joinEmbeddingResponses([part([[1]], 5), part([[2]], 0)]).usage.inputTokens).toBe(0);
  });
});
