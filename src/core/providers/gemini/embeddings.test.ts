import { describe, expect, it } from 'vitest';
import { UpstreamFailure } from '../../canonical';
import { geminiAdapter } from './index';

const target = { baseUrl: 'https://generativelanguage.googleapis.com/', modelName: 'gemini-embedding-001', apiKey: 'AIzaSyTESTKEY0123456789abcdefghijklmnop' };

describe('embeddings', () => {
  it('builds a batchEmbedContents request, one entry per input', () => {
    const r = geminiAdapter.buildEmbeddingsRequest({ model: 'x', input: ['a', 'b'], dimensions: 256 }, target);
    expect(r.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(r.method).toBe('POST');
    expect(r.headers['x-goog-api-key']).toBe(target.apiKey);
    expect(JSON.parse(r.body ?? '')).toEqual({
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] }, outputDimensionality: 256 },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'b' }] }, outputDimensionality: 256 },
      ],
    });
    const plain = JSON.parse(geminiAdapter.buildEmbeddingsRequest({ model: 'x', input: ['a'] }, target).body ?? '');
    expect(plain.requests[0]).not.toHaveProperty('outputDimensionality');
  });

  it('parses vectors and reports zero tokens for the caller to estimate', () => {
    const res = geminiAdapter.parseEmbeddingsResponse({ embeddings: [{ values: [1, 2] }, { values: [3, 4] }] });
    expect(res.data).toEqual([[1, 2], [3, 4]]);
    expect(res.usage).toEqual({ inputTokens: 0, outputTokens: 0 });
  });

  it('throws on an error body or a body without embeddings', () => {
    expect(() => geminiAdapter.parseEmbeddingsResponse({ error: { code: 400, status: 'INVALID_ARGUMENT', message: 'bad' } })).toThrow(UpstreamFailure);
    expect(() => geminiAdapter.parseEmbeddingsResponse({})).toThrow(UpstreamFailure);
    expect(() => geminiAdapter.parseEmbeddingsResponse({ embeddings: [{}] })).toThrow(UpstreamFailure);
  });

  it('an entry without values (or null, or empty) is invalid_output: the answer is no answer, billed as one', () => {
    for (const entry of [{}, null, { values: [] }]) {
      const err = (() => {
        try {
          geminiAdapter.parseEmbeddingsResponse({ embeddings: [{ values: [1] }, entry] });
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(UpstreamFailure);
      expect((err as UpstreamFailure).error.kind).toBe('invalid_output');
    }
  });
});

describe('model listing', () => {
  it('lists with a large page size and the key in the header', () => {
    const r = geminiAdapter.buildListModelsRequest({ baseUrl: 'https://generativelanguage.googleapis.com/v1beta/', apiKey: target.apiKey });
    expect(r).toMatchObject({ method: 'GET', url: 'https://generativelanguage.googleapis.com/v1beta/models?pageSize=1000' });
    expect(r.headers['x-goog-api-key']).toBe(target.apiKey);
    expect(r.body).toBeUndefined();
  });

  it('keeps chat and embedding models, without the models/ prefix', () => {
    expect(geminiAdapter.parseListModels({
      models: [
        { name: 'models/gemini-2.5-flash', supportedGenerationMethods: ['generateContent', 'countTokens'] },
        { name: 'models/gemini-embedding-001', supportedGenerationMethods: ['embedContent'] },
        { name: 'models/imagen-4.0-generate-001', supportedGenerationMethods: ['predict'] },
        { name: 'models/no-methods-listed' },
      ],
    })).toEqual(['gemini-2.5-flash', 'gemini-embedding-001', 'no-methods-listed']);
    expect(geminiAdapter.parseListModels({})).toEqual([]);
  });
});
