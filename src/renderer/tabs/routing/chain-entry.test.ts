import { describe, expect, it } from 'vitest';
import { chainEntryNote } from './chain-entry';

const models = [{ id: 'openai/gpt-4o', enabled: true }, { id: 'groq/llama', enabled: false }];
const aliases = { fast: ['openai/gpt-4o'], cheap: ['eco'], cheaper: ['cheap'] };

describe('chainEntryNote', () => {
  it('marks a disabled model and a name the catalog lacks', () => {
    expect(chainEntryNote('groq/llama', models, {})).toMatchObject({ text: 'disabled' });
    expect(chainEntryNote('openai/gone', models, {})).toMatchObject({ text: 'not in catalog' });
    expect(chainEntryNote(' openai/gone ', models, {})?.title).toContain('openai/gone');
  });

  it('leaves an enabled model, an alias, a routing name and an empty entry unmarked', () => {
    expect(chainEntryNote('openai/gpt-4o', models, {})).toBeNull();
    expect(chainEntryNote('fast', models, aliases)).toBeNull();
    expect(chainEntryNote('eco', models, {})).toBeNull();
    expect(chainEntryNote('cheaper', models, aliases)).toBeNull();
    expect(chainEntryNote('', models, {})).toBeNull();
  });

  it('marks what the server refuses in a fallback chain: a routing name, an alias routing by power level', () => {
    const fallback = { chain: 'fallback', entries: 2 } as const;
    for (const name of ['eco', 'balanced', 'precision', 'auto']) {
      expect(chainEntryNote(name, models, aliases, fallback)).toMatchObject({ text: 'not allowed here', title: expect.stringContaining('fallback chains name models') });
    }
    expect(chainEntryNote('cheaper', models, aliases, fallback)).toMatchObject({ text: 'not allowed here' });
    expect(chainEntryNote('fast', models, aliases, fallback)).toBeNull();
    expect(chainEntryNote('openai/gpt-4o', models, aliases, fallback)).toBeNull();
  });

  it('marks a routing name beside other entries in an alias, not one alone', () => {
    expect(chainEntryNote('eco', models, aliases, { chain: 'alias', entries: 2 })).toMatchObject({ text: 'not allowed here', title: expect.stringContaining("the alias's only entry") });
    expect(chainEntryNote('cheap', models, aliases, { chain: 'alias', entries: 3 })).toMatchObject({ text: 'not allowed here' });
    expect(chainEntryNote('eco', models, aliases, { chain: 'alias', entries: 1 })).toBeNull();
  });
});
