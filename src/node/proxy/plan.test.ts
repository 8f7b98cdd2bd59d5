import { describe, expect, it } from 'vitest';
import { openaiInbound } from '../../core/inbound/openai';
import { assembleSnapshot, makeModel, makeProvider } from '../../../test/helpers/snapshot-builders';
import { estimateReadTokens, readTokenBounds } from '../tokens';
import { estimatePromptTokens } from './plan';

const read = (text: string, extra: Record<string, unknown> = {}) =>
  openaiInbound.read({ model: 'auto', messages: [{ role: 'user', content: text }], ...extra });
const snapshotWithContext = (contextLength: number) =>
  assembleSnapshot([makeProvider({ id: 'p' })], [makeModel({ providerId: 'p', modelName: 'm', contextLength })]);

describe('estimatePromptTokens', () => {
  const text = 'The quick brown fox jumps over the lazy dog. '.repeat(40);

  it('skips the tokenizer when even the upper bound fits every model', () => {
    expect(estimatePromptTokens(read(text), snapshotWithContext(200_000))).toBe(estimateReadTokens(read(text), 'fast'));
  });

  it('counts exactly when the prompt might not fit some model', () => {
    const exact = estimateReadTokens(read(text), 'exact');
    expect(exact).not.toBe(estimateReadTokens(read(text), 'fast'));
    expect(estimatePromptTokens(read(text), snapshotWithContext(2_000))).toBe(exact);
  });

  it('counts tool schemas in the estimate', () => {
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string', description: 'x'.repeat(400) } } } } }];
    expect(readTokenBounds(read(text, { tools })).fast).toBeGreaterThan(readTokenBounds(read(text)).fast + 100);
  });

  it('never lets the upper bound fall below the exact count', () => {
    for (const t of [text, '😀'.repeat(500), '数据'.repeat(700), '{"a":[1,2,3]}'.repeat(100)]) {
      expect(readTokenBounds(read(t)).upper).toBeGreaterThanOrEqual(estimateReadTokens(read(t), 'exact'));
    }
  });
});
