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
    expect(estimatePromptTokens(read(text), snapshotWithContext(200_000)).tokens).toBe(estimateReadTokens(read(text), 'fast'));
  });

  it('counts exactly when the prompt might not fit some model', () => {
    const exact = estimateReadTokens(read(text), 'exact');
    expect(exact).not.toBe(estimateReadTokens(read(text), 'fast'));
    expect(estimatePromptTokens(read(text), snapshotWithContext(2_000)).tokens).toBe(exact);
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

  it('leaves a long prompt to the fast estimate when even its ceiling fits every model', () => {
    // 3 tokens a character would not fit 40k, but no estimate can exceed chars/4 + the exact budget
    const long = 'The quick brown fox jumps over the lazy dog. '.repeat(600);
    const bounds = readTokenBounds(read(long));
    expect(bounds.upper).toBeGreaterThan(40_960);
    expect(bounds.ceiling).toBeGreaterThanOrEqual(estimateReadTokens(read(long), 'exact'));
    expect(estimatePromptTokens(read(long), snapshotWithContext(40_960)).tokens).toBe(bounds.fast);
    expect(estimatePromptTokens(read(long), snapshotWithContext(bounds.ceiling)).tokens).toBe(estimateReadTokens(read(long), 'exact'));
  });

  it('does not count the context of an embedding-only model, which a chat request never reaches', () => {
    const snapshot = assembleSnapshot([makeProvider({ id: 'p' })], [
      makeModel({ providerId: 'p', modelName: 'chat', contextLength: 200_000 }),
      makeModel({ providerId: 'p', modelName: 'embed', contextLength: 2_048, capabilities: ['embeddings'] }),
    ]);
    expect(estimatePromptTokens(read(text), snapshot).tokens).toBe(estimateReadTokens(read(text), 'fast'));
  });
});
