// A Responses client's plain tool names (not only namespaced ones) that another format refuses (a dot,
// a leading digit, past 64 characters) go under safe names when the request crosses formats, and the
// model's calls come back under the client's names, whole and streamed.
import { describe, expect, it } from 'vitest';
import type { CanonicalResponse, StreamPart } from '../../canonical';
import { createSseParser } from '../../sse';
import { safeToolName } from '../safe-tool-name';
import { responsesCodecFor } from './index';
import { responsesToCanonical } from './parse-request';

const DOTTED = 'files.read';
const DIGIT = '2fa';
const PATCH = 'apply.patch';
const VALID = /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/;

const request = {
  model: 'auto',
  tools: [
    { type: 'function', name: DOTTED, parameters: { type: 'object', properties: {} } },
    { type: 'function', name: DIGIT, parameters: { type: 'object', properties: {} } },
    { type: 'custom', name: PATCH },
    { type: 'function', name: 'ls', parameters: { type: 'object', properties: {} } },
  ],
  tool_choice: { type: 'function', name: DOTTED },
  input: [
    { type: 'message', role: 'user', content: 'read a.txt' },
    { type: 'function_call', call_id: 'call_1', name: DOTTED, arguments: '{"path":"a.txt"}' },
    { type: 'function_call_output', call_id: 'call_1', output: 'hello' },
    { type: 'custom_tool_call', call_id: 'call_2', name: PATCH, input: '*** Begin Patch' },
    { type: 'custom_tool_call_output', call_id: 'call_2', output: 'done' },
  ],
};

describe('Responses plain tool names crossing formats', () => {
  it('the tools, a named tool_choice and the calls in the history go under the same safe names', () => {
    const { request: req } = responsesToCanonical(request);
    const names = req.tools!.map((t) => t.name);
    expect(names).toEqual([safeToolName(DOTTED), safeToolName(DIGIT), safeToolName(PATCH), 'ls']);
    for (const n of names) expect(n).toMatch(VALID);
    expect(req.toolChoice).toEqual({ name: safeToolName(DOTTED) });
    const calls = req.messages.flatMap((m) => (m.role === 'assistant' ? m.toolCalls ?? [] : []));
    expect(calls.map((c) => c.name)).toEqual([safeToolName(DOTTED), safeToolName(PATCH)]);
  });

  it('allowed_tools and a client tool search\'s loaded tools name the safe names', () => {
    const allowed = responsesToCanonical({
      ...request, tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: DIGIT }] },
    }).request;
    expect(allowed.tools!.map((t) => t.name)).toEqual([safeToolName(DIGIT)]);
    expect(allowed.toolChoice).toBe('required');
    const searched = responsesToCanonical({
      model: 'auto',
      tools: [{ type: 'tool_search', execution: 'client' }],
      input: [
        { type: 'message', role: 'user', content: 'find' },
        { type: 'tool_search_call', execution: 'client', call_id: 's1', arguments: { query: 'files' } },
        { type: 'tool_search_output', execution: 'client', call_id: 's1', tools: [{ type: 'function', name: DOTTED, parameters: {} }] },
      ],
    }).request;
    expect(searched.tools!.map((t) => t.name)).toEqual(['tool_search', safeToolName(DOTTED)]);
    expect(JSON.stringify(searched.messages.at(-1))).toContain(`Tools loaded, callable from now on: ${safeToolName(DOTTED)}`);
  });

  it('calls in a whole answer go back under the declared names (function_call and custom_tool_call)', () => {
    const codec = responsesCodecFor({ id: 'resp_abc', request });
    const answer: CanonicalResponse = {
      id: 'x', model: 'gemini-x', text: '', finishReason: 'tool_calls',
      toolCalls: [
        { id: 'c1', name: safeToolName(DIGIT), arguments: '{}' },
        { id: 'c2', name: safeToolName(PATCH), arguments: '{"input":"*** Begin Patch"}' },
      ],
    };
    const out = codec.formatResponse(answer, 'fg/gemini-x') as any;
    expect(out.output).toMatchObject([
      { type: 'function_call', name: DIGIT, call_id: 'c1' },
      { type: 'custom_tool_call', name: PATCH, call_id: 'c2', input: '*** Begin Patch' },
    ]);
  });

  it('a streamed call goes back under the declared name', () => {
    const enc = responsesCodecFor({ id: 'resp_abc', request }).createStreamEncoder({ id: 'sbr_x', servedModel: 'fg/gemini-x', includeUsage: true, estimatedInputTokens: 5 });
    const parts: StreamPart[] = [
      { type: 'start', id: 'x', model: 'gemini-x' },
      { type: 'tool-call-start', index: 0, id: 'c1', name: safeToolName(DOTTED) },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ];
    const text = parts.map((p) => enc.encode(p)).join('') + enc.end();
    const p = createSseParser();
    const events = [...p.push(text), ...p.end()].map((e) => JSON.parse(e.data));
    const done = events.find((e) => e.type === 'response.completed');
    expect(done.response.output).toMatchObject([{ type: 'function_call', name: DOTTED, call_id: 'c1' }]);
    const added = events.find((e) => e.type === 'response.output_item.added');
    expect(added.item).toMatchObject({ type: 'function_call', name: DOTTED });
  });
});
