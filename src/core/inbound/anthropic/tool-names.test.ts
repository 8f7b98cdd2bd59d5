// Tool names Anthropic takes (up to 128 characters: Claude Code's mcp__<server>__<tool>) that OpenAI and
// Gemini refuse: crossing formats they go under safe names, and calls come back under the client's.
import { describe, expect, it } from 'vitest';
import type { CanonicalResponse, StreamPart } from '../../canonical';
import { safeToolName } from '../safe-tool-name';
import { anthropicInbound } from './index';

const LONG = `mcp__ticket-tracker__${'close_the_ticket_and_notify_every_watcher_'.repeat(2)}now`;
const SAFE = safeToolName(LONG);
const VALID = /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/;

const body = {
  model: 'auto', max_tokens: 100,
  tools: [
    { name: LONG, input_schema: { type: 'object', properties: {} } },
    { name: 'Read', input_schema: { type: 'object', properties: {} } },
  ],
  tool_choice: { type: 'tool', name: LONG },
  messages: [
    { role: 'user', content: 'close it' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: LONG, input: { id: 7 } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'not yet' }] },
  ],
};

const answer: CanonicalResponse = {
  id: 'x', model: 'gpt-x', text: '', finishReason: 'tool_calls',
  toolCalls: [{ id: 'call_1', name: SAFE, arguments: '{"id":7}' }, { id: 'call_2', name: 'Read', arguments: '{}' }],
};

describe('Anthropic tool names crossing formats', () => {
  it('the tools, a named tool_choice and the calls in the history go under the same safe name', () => {
    expect(LONG.length).toBeGreaterThan(64);
    const { request } = anthropicInbound.toCanonical(body);
    expect(SAFE).toMatch(VALID);
    expect(request.tools!.map((t) => t.name)).toEqual([SAFE, 'Read']);
    expect(request.toolChoice).toEqual({ name: SAFE });
    const assistant = request.messages[1]!;
    expect(assistant.role === 'assistant' && assistant.toolCalls![0]!.name).toBe(SAFE);
    // the result stays linked to its call by id
    expect(request.messages[2]).toMatchObject({ role: 'tool', toolCallId: 'toolu_1' });
  });

  it('a call in a whole answer goes back under the declared name', () => {
    const { toolNames } = anthropicInbound.toCanonical(body);
    const msg = anthropicInbound.formatResponse(answer, 'openai/gpt-x', { toolNames }) as any;
    expect(msg.content.map((b: any) => b.name)).toEqual([LONG, 'Read']);
  });

  it('a call in a stream goes back under the declared name', () => {
    const { toolNames } = anthropicInbound.toCanonical(body);
    const encoder = anthropicInbound.createStreamEncoder({ id: 'msg_1', servedModel: 'openai/gpt-x', includeUsage: true, estimatedInputTokens: 0, toolNames });
    const parts: StreamPart[] = [
      { type: 'start', id: 'c', model: 'gpt-x' },
      { type: 'tool-call-start', index: 0, id: 'call_1', name: SAFE },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"id":7}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ];
    const sse = parts.map((p) => encoder.encode(p)).join('') + encoder.end();
    const starts = sse.split('\n\n').filter((e) => e.startsWith('event: content_block_start')).map((e) => JSON.parse(e.split('\ndata: ')[1]!));
    expect(starts.map((s) => s.content_block.name)).toEqual([LONG]);
    expect(sse).not.toContain(SAFE);
  });

  it('names every format takes are left as they are', () => {
    const { request, toolNames } = anthropicInbound.toCanonical({ ...body, tools: [body.tools[1]], tool_choice: { type: 'any' }, messages: [body.messages[0]] });
    expect(request.tools!.map((t) => t.name)).toEqual(['Read']);
    expect(toolNames!.toClient('Read')).toBe('Read');
  });
});
