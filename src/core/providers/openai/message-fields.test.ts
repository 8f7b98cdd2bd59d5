// fitMessages: what each provider's message allowlist keeps, renames and names, and that a body with nothing
// to change costs a scan of its roles at most and comes back as the same array (the forwarded bytes are reused).
import { describe, expect, it } from 'vitest';
import { fitMessages } from './message-fields';
import { quirksFor } from './quirks';

/** A message whose own keys are listed by no one: Object.keys on it (a per-field walk) counts. */
function watched(m: Record<string, unknown>, walks: { n: number }): Record<string, unknown> {
  return new Proxy(m, { ownKeys: (t) => { walks.n++; return Reflect.ownKeys(t); } });
}

describe('fitMessages without an allowlist (DeepSeek, Together, Ollama, LM Studio, xAI, openai-compatible)', () => {
  it('returns the same array, walking no message, when no message is a developer message', () => {
    const walks = { n: 0 };
    const messages = [watched({ role: 'system', content: 'Be brief.' }, walks), watched({ role: 'user', content: 'Hi', name: 'alice' }, walks)];
    for (const type of ['deepseek', 'together', 'ollama', 'lmstudio', 'xai', 'openai-compatible'] as const) {
      const dropped: string[] = [];
      expect(fitMessages(messages, quirksFor(type), dropped), type).toBe(messages);
      expect(dropped).toEqual([]);
    }
    expect(walks.n).toBe(0);
  });

  it('rewrites only the developer message; the others are the same objects, not walked', () => {
    const walks = { n: 0 };
    const user = watched({ role: 'user', content: 'Hi' }, walks);
    const out = fitMessages([{ role: 'developer', content: 'Be brief.' }, user], quirksFor('deepseek'), []);
    expect(walks.n).toBe(0); // read before toEqual, which walks it
    expect(out[1]).toBe(user);
    expect(out).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }]);
  });
});

describe("Groq's message fields (groq-python's params, from Groq's OpenAPI spec)", () => {
  const groq = quirksFor('groq');
  const call = { name: 'get_weather', arguments: '{"city":"Paris"}' };

  it("keeps an assistant's legacy function_call and a function result's name; what else a function message holds goes", () => {
    const dropped: string[] = [];
    const messages = [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, function_call: call },
      { role: 'function', name: 'get_weather', content: '18C', annotations: ['x'] },
    ];
    expect(fitMessages(messages, groq, dropped)).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, function_call: call },
      { role: 'function', name: 'get_weather', content: '18C' },
    ]);
    expect(dropped).toEqual(['messages[].annotations']);
  });

  it('sends a replayed reasoning_content as reasoning, naming nothing; a reasoning already there wins, and the other is named', () => {
    const dropped: string[] = [];
    const out = fitMessages([
      { role: 'assistant', content: 'Hello', refusal: null, reasoning_content: 'A greeting.' },
      { role: 'assistant', content: 'Again', reasoning_content: '' },
    ], groq, dropped);
    expect(out).toEqual([{ role: 'assistant', content: 'Hello', reasoning: 'A greeting.' }, { role: 'assistant', content: 'Again' }]);
    expect(dropped).toEqual([]);

    const both: string[] = [];
    expect(fitMessages([{ role: 'assistant', content: 'Hi', reasoning: 'Mine.', reasoning_content: 'Other.' }], groq, both))
      .toEqual([{ role: 'assistant', content: 'Hi', reasoning: 'Mine.' }]);
    expect(both).toEqual(['messages[].reasoning_content']);
  });

  it('a reasoning that says nothing (null, empty) gives way to the replayed reasoning_content', () => {
    const dropped: string[] = [];
    expect(fitMessages([
      { role: 'assistant', content: 'Hi', reasoning: null, reasoning_content: 'Thought one.' },
      { role: 'assistant', content: 'Again', reasoning: '', reasoning_content: 'Thought two.' },
    ], groq, dropped)).toEqual([
      { role: 'assistant', content: 'Hi', reasoning: 'Thought one.' },
      { role: 'assistant', content: 'Again', reasoning: 'Thought two.' },
    ]);
    expect(dropped).toEqual([]);
  });

  it("a user's reasoning_content is not renamed: only the assistant's thinking has a place", () => {
    const dropped: string[] = [];
    expect(fitMessages([{ role: 'user', content: 'Hi', reasoning_content: 'x' }], groq, dropped)).toEqual([{ role: 'user', content: 'Hi' }]);
    expect(dropped).toEqual(['messages[].reasoning_content']);
  });
});
