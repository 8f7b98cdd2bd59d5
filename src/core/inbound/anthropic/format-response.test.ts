import { describe, expect, it } from 'vitest';
import type { CanonicalResponse } from '../../canonical';
import { anthropicFixture } from '../../../../test/fixtures/anthropic/load-fixture';
import { anthropicAdapter } from '../../providers/anthropic';
import { anthropicInbound, asksThinkingTokenCount } from './index';

const base: CanonicalResponse = { id: 'chatcmpl-123', model: 'gpt-x', text: 'Hello', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 10, outputTokens: 3 } };

describe('anthropic inbound formatResponse', () => {
  it('formats text with the served model and Anthropic usage', () => {
    expect(anthropicInbound.formatResponse(base, 'openai/gpt-x')).toEqual({
      id: 'msg_chatcmpl-123', type: 'message', role: 'assistant', model: 'openai/gpt-x',
      content: [{ type: 'text', text: 'Hello' }], stop_reason: 'end_turn', stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 3, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    });
  });

  it('formats tool calls, stop reasons and an empty answer', () => {
    const out = anthropicInbound.formatResponse({
      ...base, id: 'msg_abc', text: '', finishReason: 'tool_calls',
      toolCalls: [{ id: 'call_1', name: 'f', arguments: '{"a":1}' }, { id: 'call_2', name: 'g', arguments: '{broken' }],
    }, 'm') as any;
    expect(out.id).toBe('msg_abc');
    expect(out.content).toEqual([
      { type: 'tool_use', id: 'call_1', name: 'f', input: { a: 1 } },
      { type: 'tool_use', id: 'call_2', name: 'g', input: {} },
    ]);
    expect(out.stop_reason).toBe('tool_use');
    const stops = { length: 'max_tokens', content_filter: 'refusal', error: 'end_turn' } as const;
    for (const [finish, stop] of Object.entries(stops)) {
      expect((anthropicInbound.formatResponse({ ...base, finishReason: finish as 'length' }, 'm') as any).stop_reason).toBe(stop);
    }
    const empty = anthropicInbound.formatResponse({ ...base, text: '', usage: undefined }, 'm') as any;
    expect(empty.content).toEqual([]);
    expect(empty.usage).toEqual({ input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
  });

  it('leaves out a tool call cut off inside its arguments (max_tokens): Claude Code would run it with {}', () => {
    const out = anthropicInbound.formatResponse({
      ...base, id: 'x', text: 'Writing.', finishReason: 'length',
      toolCalls: [{ id: 'a', name: 'Read', arguments: '{"file_path":"a"}' }, { id: 'b', name: 'Write', arguments: '{"file_path":"b","content":"ha' }],
    }, 'm') as { content: { type: string; name?: string }[]; stop_reason: string };
    expect(out.content.map((b) => b.name ?? b.type)).toEqual(['text', 'Read']);
    expect(out.stop_reason).toBe('max_tokens');
  });

  it('round-trips an Anthropic message through canonical, cache figures included', () => {
    const original = anthropicFixture('cache-usage.response.json');
    const out = anthropicInbound.formatResponse(anthropicAdapter.parseChatResponse(original), original.model) as any;
    expect(out.usage).toEqual({ input_tokens: 21, output_tokens: 393, cache_read_input_tokens: 1000, cache_creation_input_tokens: 188086 });
    expect(out.content).toEqual(original.content);
    expect(out.stop_reason).toBe('max_tokens');
    const tool = anthropicFixture('tool-use.response.json');
    expect((anthropicInbound.formatResponse(anthropicAdapter.parseChatResponse(tool), tool.model) as any).content).toEqual(tool.content);
  });

  it('formats errors in Anthropic shape with Anthropic types', () => {
    expect(anthropicInbound.formatError(400, 'invalid_request_error', 'bad')).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'bad' } });
    const byStatus: Record<number, string> = {
      401: 'authentication_error', 402: 'billing_error', 403: 'permission_error', 404: 'not_found_error', 413: 'request_too_large',
      429: 'rate_limit_error', 500: 'api_error', 502: 'api_error', 503: 'overloaded_error', 504: 'timeout_error', 529: 'overloaded_error',
    };
    for (const [status, type] of Object.entries(byStatus)) {
      expect(anthropicInbound.formatError(Number(status), 'some_internal_kind', 'x')).toEqual({ type: 'error', error: { type, message: 'x' } });
    }
    expect(anthropicInbound.formatStreamError(529, 'overloaded_error', 'busy'))
      .toBe('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"busy"}}\n\n');
  });

  it("says how many output tokens were thinking when the client asked (Claude Code's beta) and the provider counted them", () => {
    const thought = { ...base, usage: { inputTokens: 10, outputTokens: 30, reasoningTokens: 27 } };
    expect((anthropicInbound.formatResponse(thought, 'm', { thinkingTokenCount: true }) as any).usage)
      .toEqual({ input_tokens: 10, output_tokens: 30, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, output_tokens_details: { thinking_tokens: 27 } });
    // not asked, or not counted: the usage as before
    expect((anthropicInbound.formatResponse(thought, 'm') as any).usage).not.toHaveProperty('output_tokens_details');
    expect((anthropicInbound.formatResponse(base, 'm', { thinkingTokenCount: true }) as any).usage).not.toHaveProperty('output_tokens_details');
  });

  it('reads the thinking token count beta from the anthropic-beta list', () => {
    expect(asksThinkingTokenCount({ 'anthropic-beta': 'claude-code-20250219,thinking-token-count-2026-05-13, context-management-2025-06-27' })).toBe(true);
    expect(asksThinkingTokenCount({ 'anthropic-beta': 'claude-code-20250219' })).toBe(false);
    expect(asksThinkingTokenCount({ 'anthropic-beta': 'thinking-token-count-2026-05-130' })).toBe(false);
    expect(asksThinkingTokenCount(undefined)).toBe(false);
  });
});
