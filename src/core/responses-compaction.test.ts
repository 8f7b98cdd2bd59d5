import { describe, expect, it } from 'vitest';
import { asksForCompaction, compactionItem, summaryText, switchboardCompactionsAsMessages, switchboardSummary } from './responses-compaction';

describe('compaction items', () => {
  it('carry a summary Switchboard reads back, unicode and all; OpenAI\'s encrypted ones are not read', () => {
    const item = compactionItem('cmp_1', 'fixed the bug in été.ts; next: tests 🧪');
    expect(item).toMatchObject({ id: 'cmp_1', type: 'compaction' });
    expect(switchboardSummary(item)).toBe('fixed the bug in été.ts; next: tests 🧪');
    expect(switchboardSummary({ type: 'compaction', encrypted_content: 'gAAAAABo-opaque' })).toBeUndefined();
    expect(switchboardSummary({ type: 'message', encrypted_content: item.encrypted_content })).toBeUndefined();
  });

  it('are asked for by a compaction_trigger item anywhere in the input', () => {
    expect(asksForCompaction([{ role: 'user', content: 'hi' }, { type: 'compaction_trigger' }])).toBe(true);
    expect(asksForCompaction([{ role: 'user', content: 'hi' }])).toBe(false);
    expect(asksForCompaction('hi')).toBe(false);
  });

  it('become user messages for OpenAI when Switchboard made them, leaving the rest as sent', () => {
    const openai = { type: 'compaction', encrypted_content: 'gAAAAABo' };
    expect(switchboardCompactionsAsMessages([openai, { role: 'user', content: 'go on' }])).toBeUndefined();
    expect(switchboardCompactionsAsMessages([compactionItem('cmp_1', 'done so far'), { role: 'user', content: 'go on' }])).toEqual([
      { role: 'user', content: [{ type: 'input_text', text: summaryText('done so far') }] },
      { role: 'user', content: 'go on' },
    ]);
  });
});
