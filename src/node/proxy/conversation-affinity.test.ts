import { describe, expect, it } from 'vitest';
import { ConversationAffinity, conversationKey, conversationOpening, conversationOpeningDigest, requestAffinity } from './conversation-affinity';

const SYSTEM = 'You are a coding agent. '.repeat(400);
const FIRST = 'fix the failing test in src/app.ts';

/** The same conversation as each API gives it, `turns` tool rounds long. */
const chat = (turns: number, system = SYSTEM, first = FIRST) => ({
  model: 'auto',
  messages: [
    { role: 'system', content: system },
    { role: 'user', content: first },
    ...Array.from({ length: turns }, (_, i) => [
      { role: 'assistant', content: null, tool_calls: [{ id: `c${i}`, type: 'function', function: { name: 'read', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: `c${i}`, content: 'x'.repeat(20_000) },
    ]).flat(),
  ],
});
const messages = (turns: number, system = SYSTEM, first = FIRST) => ({
  model: 'auto',
  system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: '<system-reminder>ctx</system-reminder>' }, { type: 'text', text: first }] },
    ...Array.from({ length: turns }, (_, i) => [
      { role: 'assistant', content: [{ type: 'tool_use', id: `t${i}`, name: 'read', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i}`, content: 'y'.repeat(20_000) }] },
    ]).flat(),
  ],
});
const responses = (turns: number, system = SYSTEM, first = FIRST) => ({
  model: 'auto',
  instructions: system,
  input: [
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: first }] },
    ...Array.from({ length: turns }, (_, i) => [
      { type: 'function_call', call_id: `f${i}`, name: 'shell', arguments: '{}' },
      { type: 'function_call_output', call_id: `f${i}`, output: 'z'.repeat(20_000) },
    ]).flat(),
  ],
});
const gemini = (turns: number, system = SYSTEM, first = FIRST) => ({
  systemInstruction: { parts: [{ text: system }] },
  contents: [
    { role: 'user', parts: [{ text: first }] },
    ...Array.from({ length: turns }, () => [
      { role: 'model', parts: [{ functionCall: { name: 'read', args: {} } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'read', response: { out: 'w'.repeat(20_000) } } }] },
    ]).flat(),
  ],
});

const builders = { chat, messages, responses, gemini } as const;

describe('conversationOpeningDigest', () => {
  for (const [api, build] of Object.entries(builders)) {
    it(`${api}: the same as the history grows; another system prompt or first message is another`, () => {
      const digest = (b: Record<string, unknown>) => conversationOpeningDigest(api as keyof typeof builders, b);
      const opening = digest(build(0));
      expect(opening).toBeDefined();
      expect(digest(build(1))).toBe(opening);
      expect(digest(build(6))).toBe(opening);
      expect(digest(build(3, `${SYSTEM}Be brief.`))).not.toBe(opening);
      expect(digest(build(3, SYSTEM, 'write a README'))).not.toBe(opening);
      // the same head, another end: the user's own words close Claude Code's first message
      expect(digest(build(3, SYSTEM, `${'context '.repeat(1000)}one`))).not.toBe(digest(build(3, SYSTEM, `${'context '.repeat(1000)}two`)));
    });
  }

  it('no opening, no digest: no user message, or a Responses continuation stored at the provider', () => {
    expect(conversationOpeningDigest('chat', { messages: [{ role: 'system', content: 'x' }] })).toBeUndefined();
    expect(conversationOpeningDigest('messages', { messages: [] })).toBeUndefined();
    expect(conversationOpeningDigest('responses', { previous_response_id: 'resp_1', input: 'next' })).toBeUndefined();
  });
});

describe('conversationKey', () => {
  const opening = conversationOpeningDigest('chat', chat(0))!;
  it('another profile, name or level is another conversation; no text kept', () => {
    const key = conversationKey('default', 'auto', 'balanced', opening);
    expect(conversationKey('default', 'auto', 'balanced', conversationOpeningDigest('chat', chat(5))!)).toBe(key);
    expect(conversationKey('default', 'auto', 'precision', opening)).not.toBe(key);
    expect(conversationKey('default', 'eco', 'eco', opening)).not.toBe(conversationKey('default', 'auto', 'eco', opening));
    expect(conversationKey('other', 'auto', 'balanced', opening)).not.toBe(key);
    expect(key).not.toContain('default');
    expect(key).not.toContain('auto');
  });
});

describe('ConversationAffinity', () => {
  it('remembers the last serving model, by level, least recently used first out, forgotten after an idle hour', () => {
    const memory = new ConversationAffinity(2, 60 * 60_000);
    memory.remember('a', 'fa/claude', 0);
    memory.remember('b', 'fo/gpt', 0);
    expect(memory.modelFor('a', 1000)).toBe('fa/claude');
    memory.remember('c', 'fg/gemini', 1000);
    expect(memory.modelFor('b', 1000)).toBeUndefined();
    expect(memory.modelFor('a', 1000 + 60 * 60_000 + 1)).toBeUndefined();
    expect(memory.size).toBe(1);
  });

  it('a request reads its opening only when routing asks', () => {
    const memory = new ConversationAffinity();
    const a = requestAffinity(memory, 'default', 'auto', 'chat', chat(0))!;
    a.remember('balanced', 'fa/claude');
    expect(requestAffinity(memory, 'default', 'auto', 'chat', chat(4))!.lookup('balanced')).toBe('fa/claude');
    expect(requestAffinity(memory, 'default', 'auto', 'chat', chat(4))!.lookup('precision')).toBeUndefined();
    // never asked: a body no one reads (a getter would throw)
    const untouched = requestAffinity(memory, 'default', 'x/y', 'chat', { get messages(): never { throw new Error('read'); } });
    expect(untouched).toBeDefined();
  });
});

describe('conversationOpening', () => {
  it('a request holding its opening alone opens a conversation; one with more continues it', () => {
    for (const [api, build] of Object.entries(builders)) {
      const a = api as keyof typeof builders;
      expect(conversationOpening(a, build(0))?.continues, api).toBe(false);
      expect(conversationOpening(a, build(2))?.continues, api).toBe(true);
    }
    expect(conversationOpening('responses', { input: 'hi' })?.continues).toBe(false);
  });

  it('an opening asked again is routed by score: the memory is asked only when the request continues', () => {
    const memory = new ConversationAffinity();
    requestAffinity(memory, 'default', 'auto', 'chat', chat(0))!.remember('balanced', 'fa/claude');
    expect(requestAffinity(memory, 'default', 'auto', 'chat', chat(0))!.lookup('balanced')).toBeUndefined();
    expect(requestAffinity(memory, 'default', 'auto', 'chat', chat(1))!.lookup('balanced')).toBe('fa/claude');
  });
});
