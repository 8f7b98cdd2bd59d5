import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../core/canonical';
import { assembleSnapshot, makeModel, makeProvider } from '../../../test/helpers/snapshot-builders';
import { estimateRequestTokens, requestTokenBounds } from '../tokens';
import { estimatePromptTokens } from './plan';

const req = (text: string): CanonicalRequest => ({
  model: 'auto', system: [], messages: [{ role: 'user', content: [{ type: 'text', text }] }], stream: false, includeUsage: false,
});
const snapshotWithContext = (contextLength: number) =>
  assembleSnapshot([makeProvider({ id: 'p' })], [makeModel({ providerId: 'p', modelName: 'm', contextLength })]);

describe('estimatePromptTokens', () => {
  const text = 'The quick brown fox jumps over the lazy dog. '.repeat(40);

  it('skips the tokenizer when even the upper bound fits every model', () => {
    expect(estimatePromptTokens(req(text), snapshotWithContext(200_000))).toBe(estimateRequestTokens(req(text), 'fast'));
  });

  it('counts exactly when the prompt might not fit some model', () => {
    const exact = estimateRequestTokens(req(text), 'exact');
    expect(exact).not.toBe(estimateRequestTokens(req(text), 'fast'));
    expect(estimatePromptTokens(req(text), snapshotWithContext(2_000))).toBe(exact);
  });

  it('computes both bounds in one walk, equal to the separate estimates', () => {
    const r: CanonicalRequest = { ...req(text), system: ['be brief'], tools: [{ name: 't', parameters: { type: 'object' } }] };
    expect(requestTokenBounds(r)).toEqual({ upper: estimateRequestTokens(r, 'upper'), fast: estimateRequestTokens(r, 'fast') });
  });

  it('never lets the upper bound fall below the exact count', () => {
    for (const t of [text, '😀'.repeat(500), '数据'.repeat(700), '{"a":[1,2,3]}'.repeat(100)]) {
      expect(estimateRequestTokens(req(t), 'upper')).toBeGreaterThanOrEqual(estimateRequestTokens(req(t), 'exact'));
    }
  });
});
