import { describe, expect, it } from 'vitest';
import { EXACT_TOKENIZE_BUDGET_BYTES } from '../../core/tokens';
import { estimateOutputTokens } from '../tokens';
import { OutputMeter } from './output-meter';

const metered = (pieces: string[]): number => {
  const m = new OutputMeter();
  for (const p of pieces) m.add(p);
  return m.estimate();
};

describe('OutputMeter', () => {
  it('estimates what estimateOutputTokens gives for the whole text, on both sides of the exact budget', () => {
    const budget = EXACT_TOKENIZE_BUDGET_BYTES;
    const cases: string[][] = [
      [],
      ['Hello', ' world', '!'],
      ['word '.repeat(budget / 5)],
      ['word '.repeat(budget / 5), 'x'],
      ['数据'.repeat(budget / 4), '数'],
      ['数据'.repeat(budget / 2 + 1)],
      Array.from({ length: 3000 }, (_, i) => `piece ${i} `),
    ];
    for (const pieces of cases) expect(metered(pieces), `${pieces.join('').length} chars`).toBe(estimateOutputTokens(pieces.join('')));
  });

  it('keeps no more than the budget of text however long the answer', () => {
    const m = new OutputMeter();
    for (let i = 0; i < 10_000; i++) m.add('x'.repeat(100));
    expect(m.estimate()).toBe(Math.ceil(1_000_000 / 4));
    expect(JSON.stringify(m).length).toBeLessThan(EXACT_TOKENIZE_BUDGET_BYTES + 100);
  });
});
