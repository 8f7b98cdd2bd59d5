// Cursor's Responses-shaped body on /v1/chat/completions: its tools go under safe (and flattened) names
// when translated, and the chat-shaped answer names the calls as the client declared them.
import { describe, expect, it } from 'vitest';
import type { CanonicalResponse, StreamPart } from '../canonical';
import { responsesBodyChatAnswer } from './responses-body-chat-answer';
import { flatToolName } from './responses/tool-names';
import { safeToolName } from './safe-tool-name';

const DOTTED = 'files.read';
const NS = 'mcp_ticket_tracker_server_of_the_whole_company';
const FN = 'close_the_ticket_then_notify_every_watcher';
const params = { type: 'object', properties: {} };
const body = {
  model: 'auto',
  input: [{ role: 'user', content: 'read a.txt' }],
  tools: [
    { type: 'function', name: DOTTED, parameters: params },
    { type: 'namespace', name: NS, tools: [{ type: 'function', name: FN, parameters: params }] },
    { type: 'function', name: 'ls', parameters: params },
  ],
};

describe('a Responses-shaped chat body crossing formats', () => {
  it('offers safe names, and a whole answer names the calls as declared', () => {
    const t = responsesBodyChatAnswer.toCanonical(body);
    expect(t.request.tools!.map((d) => d.name)).toEqual([safeToolName(DOTTED), flatToolName(NS, FN), 'ls']);
    expect(flatToolName(NS, FN)).not.toBe(`${NS}__${FN}`);
    const answer: CanonicalResponse = {
      id: 'x', model: 'gemini-x', text: '', finishReason: 'tool_calls',
      toolCalls: [
        { id: 'c1', name: safeToolName(DOTTED), arguments: '{}' },
        { id: 'c2', name: flatToolName(NS, FN), arguments: '{}' },
        { id: 'c3', name: 'ls', arguments: '{}' },
      ],
    };
    const out = responsesBodyChatAnswer.formatResponse(answer, 'fg/gemini-x', { toolNames: t.toolNames }) as any;
    expect(out.choices[0].message.tool_calls.map((c: any) => c.function.name)).toEqual([DOTTED, `${NS}__${FN}`, 'ls']);
  });

  it('a streamed call is named as declared', () => {
    const { toolNames } = responsesBodyChatAnswer.toCanonical(body);
    const enc = responsesBodyChatAnswer.createStreamEncoder({ id: 'abc', servedModel: 'fg/gemini-x', includeUsage: false, estimatedInputTokens: 0, toolNames });
    const parts: StreamPart[] = [
      { type: 'start', id: 'c', model: 'gemini-x' },
      { type: 'tool-call-start', index: 0, id: 'c1', name: safeToolName(DOTTED) },
      { type: 'tool-call-start', index: 1, id: 'c2', name: flatToolName(NS, FN) },
      { type: 'finish', finishReason: 'tool_calls' },
    ];
    const text = parts.map((p) => enc.encode(p)).join('') + enc.end();
    const names = text.split('\n\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)))
      .flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []).map((c: any) => c.function.name);
    expect(names).toEqual([DOTTED, `${NS}__${FN}`]);
  });
});
