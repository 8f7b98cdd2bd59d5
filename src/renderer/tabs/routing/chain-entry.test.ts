import { describe, expect, it } from 'vitest';
import { chainEntryNote } from './chain-entry';

const models = [{ id: 'openai/gpt-4o', enabled: true }, { id: 'groq/llama', enabled: false }];

describe('chainEntryNote', () => {
  it('marks a disabled model and a name the catalog lacks', () => {
    expect(chainEntryNote('groq/llama', models, [])).toMatchObject({ text: 'disabled' });
    expect(chainEntryNote('openai/gone', models, [])).toMatchObject({ text: 'not in catalog' });
    expect(chainEntryNote(' openai/gone ', models, [])?.title).toContain('openai/gone');
  });

  it('leaves an enabled model, an alias, a routing name and an empty entry unmarked', () => {
    expect(chainEntryNote('openai/gpt-4o', models, [])).toBeNull();
    expect(chainEntryNote('fast', models, ['fast'])).toBeNull();
    expect(chainEntryNote('eco', models, [])).toBeNull();
    expect(chainEntryNote('', models, [])).toBeNull();
  });
});
