import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { InboundApi } from '../../core/canonical';
import { ConversationAffinity, clientSessionId, conversationContinues, conversationKey, requestAffinity } from './conversation-affinity';

// every SHA-256 counted: a request computes one key at most, and none before a model served one that opens its conversation
const hashes = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return { ...real, createHash: (...args: Parameters<typeof real.createHash>) => { hashes.count++; return real.createHash(...args); } };
});

type Json = Record<string, unknown>;
const fixture = (path: string): Json => JSON.parse(readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url), 'utf8')) as Json;
const keyOf = (api: InboundApi, body: Json, level: 'balanced' | null = 'balanced') => conversationKey('default', 'auto', level, api, body);


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

describe('conversationKey', () => {
  for (const [api, build] of Object.entries(builders)) {
    it(`${api}: the same as the history grows; another system prompt or first message is another`, () => {
      const key = (b: Json) => keyOf(api as keyof typeof builders, b);
      const opening = key(build(0));
      expect(opening).toBeDefined();
      expect(key(build(1))).toBe(opening);
      expect(key(build(6))).toBe(opening);
      expect(key(build(3, `${SYSTEM}Be brief.`))).not.toBe(opening);
      expect(key(build(3, SYSTEM, 'write a README'))).not.toBe(opening);
      // the same head, another end: the user's own words close Claude Code's first message
      expect(key(build(3, SYSTEM, `${'context '.repeat(1000)}one`))).not.toBe(key(build(3, SYSTEM, `${'context '.repeat(1000)}two`)));
    });
  }

  it('no opening, no key: no user message, or a Responses continuation stored at the provider', () => {
    expect(keyOf('chat', { messages: [{ role: 'system', content: 'x' }] })).toBeUndefined();
    expect(keyOf('messages', { messages: [] })).toBeUndefined();
    expect(keyOf('responses', { previous_response_id: 'resp_1', input: 'next' })).toBeUndefined();
    expect(conversationContinues('responses', { previous_response_id: 'resp_1', input: 'next' })).toBeUndefined();
  });

  it('another profile, name or level is another conversation; no text kept', () => {
    const body = chat(0);
    const key = conversationKey('default', 'auto', 'balanced', 'chat', body);
    expect(conversationKey('default', 'auto', 'balanced', 'chat', chat(5))).toBe(key);
    expect(conversationKey('default', 'auto', 'precision', 'chat', body)).not.toBe(key);
    expect(conversationKey('default', 'eco', 'eco', 'chat', body)).not.toBe(conversationKey('default', 'auto', 'eco', 'chat', body));
    expect(conversationKey('other', 'auto', 'balanced', 'chat', body)).not.toBe(key);
    // an edit of the routing (the catalog's version) re-routes every conversation
    expect(conversationKey('default', 'auto', 'balanced', 'chat', body, 7)).not.toBe(conversationKey('default', 'auto', 'balanced', 'chat', body, 8));
    expect(key).not.toContain('default');
    expect(key).not.toContain('auto');
  });
});

describe('conversationContinues', () => {
  it('a request holding its opening alone opens a conversation; one with a turn after it continues it', () => {
    for (const [api, build] of Object.entries(builders)) {
      const a = api as keyof typeof builders;
      expect(conversationContinues(a, build(0)), api).toBe(false);
      expect(conversationContinues(a, build(2)), api).toBe(true);
    }
    expect(conversationContinues('responses', { input: 'hi' })).toBe(false);
    // several user messages and no answer yet: still an opening
    expect(conversationContinues('chat', { messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] })).toBe(false);
    expect(conversationContinues('chat', { messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }] })).toBe(true);
  });
});

/** A recorded Codex request as another session would send it: another thread id, another prompt. */
function codexSession(body: Json, threadId: string | undefined, prompt: string): Json {
  const input = structuredClone(body.input) as Json[];
  const last = input.findLastIndex((i) => i.role === 'user');
  input[last] = { type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] };
  const { prompt_cache_key: _, ...rest } = body;
  return { ...rest, input, ...(threadId === undefined ? {} : { prompt_cache_key: threadId }) };
}

describe('recorded clients', () => {
  it('Codex: the first request opens its session, the tool result continues it; sessions in one directory on one day are told apart', () => {
    const first = fixture('responses/codex-first-turn.request.json');
    const tool = fixture('responses/codex-tool-result.request.json');
    expect(clientSessionId('responses', first)).toBe('01a236c7-a4f9-71b3-9763-9e7cc406c33d');
    // no instructions: developer items, the environment context as a user item, then the prompt
    expect(first.instructions).toBeUndefined();
    expect(conversationContinues('responses', first)).toBe(false);
    expect(conversationContinues('responses', tool)).toBe(true);
    expect(keyOf('responses', tool)).toBe(keyOf('responses', first));
    // another session, the same environment context: another conversation, by its thread id and by its prompt
    const other = codexSession(first, '01a236c7-0000-7000-8000-000000000001', 'list the files');
    expect(keyOf('responses', other)).not.toBe(keyOf('responses', first));
    expect(keyOf('responses', codexSession(first, '01a236c7-0000-7000-8000-000000000001', 'run echo sb-roundtrip'))).not.toBe(keyOf('responses', first));
    expect(keyOf('responses', codexSession(first, undefined, 'list the files'))).not.toBe(keyOf('responses', codexSession(first, undefined, 'run echo sb-roundtrip')));
  });

  it('Codex on its default model: the additional_tools item leading its input belongs to the opening (review of cc56819)', () => {
    const first = fixture('responses/codex-default-model.request.json');
    expect((first.input as { type: string }[])[0]!.type).toBe('additional_tools');
    expect(conversationContinues('responses', first)).toBe(false);
    const input = first.input as unknown[];
    const tool = { ...first, input: [...input,
      { type: 'function_call', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"ls"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'README.md' }] };
    expect(conversationContinues('responses', tool)).toBe(true);
    expect(keyOf('responses', tool)).toBeDefined();
    expect(keyOf('responses', tool)).toBe(keyOf('responses', first));
    // a tool's output continues the conversation whatever role it carries
    const devOutput = { ...first, input: [...input, { type: 'function_call_output', role: 'developer', call_id: 'call_1', output: 'x' }] };
    expect(conversationContinues('responses', devOutput)).toBe(true);
  });

  it('Claude Code 2.1.332: its first request ([user, system]) opens the session, the tool result continues it; the session id read from metadata.user_id', () => {
    const first = fixture('anthropic/claude-code-first.request.json');
    const tool = fixture('anthropic/claude-code-tool-result.request.json');
    expect(clientSessionId('messages', first)).toBe('38468ab4-3e71-46e1-933c-d427b621c3e2');
    expect(conversationContinues('messages', first)).toBe(false);
    expect(conversationContinues('messages', tool)).toBe(true);
    expect(keyOf('messages', tool)).toBe(keyOf('messages', first));
    const otherSession = { ...first, metadata: { user_id: JSON.stringify({ device_id: 'd', account_uuid: '', session_id: 'another' }) } };
    expect(keyOf('messages', otherSession)).not.toBe(keyOf('messages', first));
    // the form before 2.x: user_<hash>_account_<uuid>_session_<uuid>
    expect(clientSessionId('messages', fixture('anthropic/claude-code.request.json'))).toBe('8a4e2b7c-0d1f-4a5b-9c3e-2f6a7b8c9d0e');
  });

  it('Gemini CLI: no session id; the first request opens, the tool result continues', () => {
    const first = fixture('gemini/cli-first-turn.request.json');
    const tool = fixture('gemini/cli-tool-result.request.json');
    expect(clientSessionId('gemini', first)).toBeUndefined();
    expect(conversationContinues('gemini', first)).toBe(false);
    expect(conversationContinues('gemini', tool)).toBe(true);
    expect(keyOf('gemini', tool)).toBe(keyOf('gemini', first));
  });
});

describe('ConversationAffinity', () => {
  it('remembers the last serving model, by level, least recently used first out, forgotten after an idle hour', () => {
    const memory = new ConversationAffinity(2, 60 * 60_000);
    memory.remember('a', 'fa/claude', 0);
    memory.remember('b', 'fo/gpt', 0);
    expect(memory.modelsFor('a', 1000)).toEqual(['fa/claude']);
    memory.remember('c', 'fg/gemini', 1000);
    expect(memory.modelsFor('b', 1000)).toBeUndefined();
    expect(memory.modelsFor('a', 1000 + 60 * 60_000 + 1)).toBeUndefined();
    expect(memory.size).toBe(1);
  });

  it('a model that stood in for the one put first does not take the conversation: it goes second', () => {
    const memory = new ConversationAffinity();
    memory.remember('a', 'fa/claude', 0);
    memory.remember('a', 'fo/gpt', 1, 'fa/claude');
    expect(memory.modelsFor('a', 2)).toEqual(['fa/claude', 'fo/gpt']);
    memory.remember('a', 'fa/claude', 3, 'fa/claude');
    expect(memory.modelsFor('a', 4)).toEqual(['fa/claude']);
    // the stand-in put first (the model kept to was no candidate) and answering: the conversation's now
    memory.remember('a', 'fo/gpt', 5, 'fo/gpt');
    expect(memory.modelsFor('a', 6)).toEqual(['fo/gpt']);
  });
});

describe('requestAffinity', () => {
  beforeEach(() => { hashes.count = 0; });

  it('an opening asked again is routed by score: the memory is asked only when the request continues', () => {
    const memory = new ConversationAffinity();
    requestAffinity(memory, 'default', 'auto', 'chat', chat(0))!.remember('balanced', 'fa/claude');
    expect(requestAffinity(memory, 'default', 'auto', 'chat', chat(0))!.lookup('balanced')).toBeUndefined();
    expect(requestAffinity(memory, 'default', 'auto', 'chat', chat(1))!.lookup('balanced')).toEqual(['fa/claude']);
    expect(requestAffinity(memory, 'default', 'auto', 'chat', chat(4))!.lookup('precision')).toBeUndefined();
    // never asked: a body no one reads (a getter would throw)
    expect(requestAffinity(memory, 'default', 'x/y', 'chat', { get messages(): never { throw new Error('read'); } })).toBeDefined();
  });

  it('one SHA-256 a request: none to look up an opening, the key computed once for lookup and remember', () => {
    const memory = new ConversationAffinity();
    memory.remember('someone else', 'fo/gpt', Date.now());
    const opening = requestAffinity(memory, 'default', 'auto', 'chat', chat(0))!;
    hashes.count = 0;
    expect(opening.lookup('balanced')).toBeUndefined();
    expect(hashes.count).toBe(0);
    opening.remember('balanced', 'fa/claude');
    expect(hashes.count).toBe(1);
    const next = requestAffinity(memory, 'default', 'auto', 'chat', chat(1))!;
    hashes.count = 0;
    expect(next.lookup('balanced')).toEqual(['fa/claude']);
    next.remember('balanced', 'fa/claude', 'fa/claude');
    expect(hashes.count).toBe(1);
  });
});
