import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../canonical';
import { formatGeminiEmbedResponse, parseGeminiEmbedRequest } from './embed';

describe('parseGeminiEmbedRequest', () => {
  it('reads embedContent as one entry', () => {
    const body = { content: { parts: [{ text: 'hello' }, { text: 'world' }] }, task_type: 'RETRIEVAL_QUERY', outputDimensionality: 64 };
    expect(parseGeminiEmbedRequest(body, 'fg/e', false)).toEqual({
      canonical: { model: 'fg/e', input: ['hello\nworld'], dimensions: 64 }, entries: [body], dropped: ['taskType'], titles: [],
    });
  });

  it('reads batchEmbedContents, naming what a translation loses', () => {
    const requests = [
      { model: 'models/x', content: { parts: [{ text: 'a' }] }, title: 'doc', taskType: 'RETRIEVAL_DOCUMENT' },
      { model: 'models/x', content: { parts: [{ text: 'b' }] } },
    ];
    const parsed = parseGeminiEmbedRequest({ requests }, 'x', true);
    expect(parsed.canonical).toEqual({ model: 'x', input: ['a', 'b'] });
    expect(parsed.entries).toEqual(requests);
    expect(parsed.dropped.sort()).toEqual(['taskType', 'title']);
    // sent to a Gemini upstream as written, so the privacy guard reads it too
    expect(parsed.titles).toEqual(['doc']);
  });

  it('takes more entries than Google does in one batch (a Gemini upstream gets them in hundreds), up to 2048', () => {
    const entry = { content: { parts: [{ text: 'a' }] } };
    expect(parseGeminiEmbedRequest({ requests: Array(300).fill(entry) }, 'x', true).canonical.input).toHaveLength(300);
    expect(() => parseGeminiEmbedRequest({ requests: Array(2049).fill(entry) }, 'x', true)).toThrow(/at most 2048/);
  });

  it.each([
    ['no requests', {}, true],
    ['an entry without content', { requests: [{}] }, true],
    ['an image part', { content: { parts: [{ inlineData: { mimeType: 'image/png', data: 'AA==' } }] } }, false],
    ['no text at all', { content: { parts: [] } }, false],
    ['a bad dimensionality', { content: { parts: [{ text: 'a' }] }, outputDimensionality: 0 }, false],
  ])('refuses %s', (_what, body, batch) => {
    expect(() => parseGeminiEmbedRequest(body, 'x', batch)).toThrow(RequestValidationError);
  });
});

describe('formatGeminiEmbedResponse', () => {
  it('answers in the shape of the method called', () => {
    const res = { model: '', data: [[1, 2], [3, 4]], usage: { inputTokens: 2, outputTokens: 0 } };
    expect(formatGeminiEmbedResponse(res, true)).toEqual({ embeddings: [{ values: [1, 2] }, { values: [3, 4] }] });
    expect(formatGeminiEmbedResponse(res, false)).toEqual({ embedding: { values: [1, 2] } });
  });
});
