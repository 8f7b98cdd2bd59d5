import { describe, expect, it } from 'vitest';
import { deletedMessage, prunedLines } from './pruned-refs';

const none = { fallbacks_removed: [], fallbacks_shortened: [], aliases_removed: [], aliases_shortened: [], profiles: [] };

describe('pruned routing lists in words', () => {
  it('names each kind of list touched, and nothing when none is', () => {
    expect(prunedLines(none)).toEqual([]);
    expect(deletedMessage('OpenAI', none)).toBe('Deleted OpenAI');
    expect(deletedMessage('OpenAI', undefined)).toBe('Deleted OpenAI');
    const p = { fallbacks_removed: ['openai/a', 'openai/b'], fallbacks_shortened: ['x/c'], aliases_removed: ['fast'], aliases_shortened: ['smart'], profiles: ['Alice'] };
    expect(prunedLines(p)).toEqual([
      'Fallback chains removed: openai/a, openai/b',
      'Fallback chains shortened: x/c',
      'Aliases removed: fast',
      'Aliases shortened: smart',
      'Preferred models shortened for: Alice',
    ]);
    expect(deletedMessage('OpenAI', { ...none, aliases_removed: ['fast'] })).toBe('Deleted OpenAI. Aliases removed: fast.');
  });
});
