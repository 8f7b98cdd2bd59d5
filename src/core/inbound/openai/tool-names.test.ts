// Chat clients aimed at other providers may name a tool as OpenAI and Gemini refuse (a dot, a leading
// digit, past 64 characters): crossing formats it goes under a safe name, and calls come back under the client's.
import { describe, expect, it } from 'vitest';
import type { CanonicalResponse, StreamPart } from '../../canonical';
import { safeToolName } from '../safe-tool-name';
import { openaiInbound } from './index';

const DOTTED = 'files.read';
const DIGIT = '2fa_code';
const VALID = /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/;
const fn = (name: string) => ({ type: 'function', function: { name, parameters: { type: 'object', properties: {} } } });

const body = {
  model: 'auto',
  tools: [fn(DOTTED), fn(DIGIT), fn('ls')],
  tool_choice: { type: 'function', function: { name: DOTTED } },
  messages: [
    { role: 'user', content: 'read a.txt' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: DOTTED, arguments: '{"path":"a.txt"}' } }] },
    { role: 'tool', tool_call_id: 'call_1', content: 'hello' },
  ],
};

const answer: CanonicalResponse = {
  id: 'x', model: 'claude-x', text: '', finishReason: 'tool_calls',
  toolCalls: [{ id: 'toolu_1', name: safeToolName(DOTTED), arguments: '{}' }, { id: 'toolu_2', name: safeToolName(DIGIT), arguments: '{}' }],
};

function streamed(ctx: { legacyFunctions?: boolean }, toolNames: ReturnType<typeof openaiInbound.toCanonical>['toolNames']): any[] {
  const enc = openaiInbound.createStreamEncoder({ id: 'abc', servedModel: 'anthropic/claude-x', includeUsage: false, estimatedInputTokens: 0, toolNames, ...ctx });
  const parts: StreamPart[] = [
    { type: 'start', id: 'c', model: 'claude-x' },
    { type: 'tool-call-start', index: 0, id: 'toolu_1', name: safeToolName(DOTTED) },
    { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
    { type: 'finish', finishReason: 'tool_calls' },
  ];
  const text = parts.map((p) => enc.encode(p)).join('') + enc.end();
  return text.split('\n\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)));
}

describe('chat tool names crossing formats', () => {
  it('the tools, a named tool_choice and the calls in the history go under the same safe names', () => {
    const { request } = openaiInbound.toCanonical(body);
    const names = request.tools!.map((t) => t.name);
    expect(names).toEqual([safeToolName(DOTTED), safeToolName(DIGIT), 'ls']);
    for (const n of names) expect(n).toMatch(VALID);
    expect(request.toolChoice).toEqual({ name: safeToolName(DOTTED) });
    const assistant = request.messages[1]!;
    expect(assistant.role === 'assistant' && assistant.toolCalls![0]!.name).toBe(safeToolName(DOTTED));
  });

  it('allowed_tools and the legacy functions / function_call go under the safe names too', () => {
    const allowed = openaiInbound.toCanonical({
      ...body, tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: DOTTED } }] } },
    }).request;
    expect(allowed.tools!.map((t) => t.name)).toEqual([safeToolName(DOTTED)]);
    const legacy = openaiInbound.toCanonical({
      model: 'auto', functions: [{ name: DOTTED, parameters: { type: 'object', properties: {} } }], function_call: { name: DOTTED },
      messages: [
        { role: 'user', content: 'read' },
        { role: 'assistant', content: null, function_call: { name: DOTTED, arguments: '{}' } },
        { role: 'function', name: DOTTED, content: 'hello' },
      ],
    }).request;
    expect(legacy.tools!.map((t) => t.name)).toEqual([safeToolName(DOTTED)]);
    expect(legacy.toolChoice).toEqual({ name: safeToolName(DOTTED) });
    expect(legacy.messages[1]).toMatchObject({ toolCalls: [{ name: safeToolName(DOTTED) }] });
    expect(legacy.messages[2]).toMatchObject({ role: 'tool', toolCallId: 'call_legacy_1' });
  });

  it('calls in a whole answer go back under the declared names (tool_calls and function_call)', () => {
    const { toolNames } = openaiInbound.toCanonical(body);
    const out = openaiInbound.formatResponse(answer, 'anthropic/claude-x', { toolNames }) as any;
    expect(out.choices[0].message.tool_calls.map((c: any) => c.function.name)).toEqual([DOTTED, DIGIT]);
    const legacy = openaiInbound.formatResponse(answer, 'anthropic/claude-x', { toolNames, legacyFunctions: true }) as any;
    expect(legacy.choices[0].message.function_call.name).toBe(DOTTED);
  });

  it('a call in a stream goes back under the declared name (tool_calls and function_call)', () => {
    const { toolNames } = openaiInbound.toCanonical(body);
    const names = streamed({}, toolNames).flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []).map((t: any) => t.function.name).filter(Boolean);
    expect(names).toEqual([DOTTED]);
    const legacy = streamed({ legacyFunctions: true }, toolNames).map((c) => c.choices[0]?.delta?.function_call?.name).filter(Boolean);
    expect(legacy).toEqual([DOTTED]);
  });
});
