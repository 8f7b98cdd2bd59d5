import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, UpstreamTarget } from '../../canonical';
import { openaiAdapter } from './index';

const messages: CanonicalRequest['messages'] = [
  { role: 'user', content: [{ type: 'text', text: 'List and read' }] },
  { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'ls', arguments: '{}' }], reasoning: 'List first.' },
  { role: 'tool', toolCallId: 'c1', content: [{ type: 'text', text: 'a.txt' }] },
  { role: 'assistant', content: [{ type: 'text', text: 'Reading.' }], toolCalls: [{ id: 'c2', name: 'read', arguments: '{}' }] },
  { role: 'tool', toolCallId: 'c2', content: [{ type: 'text', text: 'hello' }] },
  { role: 'assistant', content: [{ type: 'text', text: 'It says hello.' }], reasoning: 'Easy.' },
  { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
];
const req: CanonicalRequest = { model: 'auto', system: [], messages, stream: false, includeUsage: false };
const DEEPSEEK: UpstreamTarget = { baseUrl: 'https://api.deepseek.com', modelName: 'deepseek-reasoner', providerType: 'deepseek', reasoning: true };

const assistants = (target: UpstreamTarget): any[] =>
  JSON.parse(openaiAdapter.buildChatRequest(req, target).body!).messages.filter((m: any) => m.role === 'assistant');

describe('reasoning_content given back to DeepSeek', () => {
  it('goes on every assistant turn with tool calls: the thinking the client sent back, else empty', () => {
    expect(assistants(DEEPSEEK).map((m) => m.reasoning_content)).toEqual(['List first.', '', undefined]);
  });

  it('goes nowhere else: a DeepSeek model that does not think, or another provider', () => {
    expect(assistants({ ...DEEPSEEK, modelName: 'deepseek-chat', reasoning: false }).every((m) => !('reasoning_content' in m))).toBe(true);
    expect(assistants({ ...DEEPSEEK, providerType: 'openai' }).every((m) => !('reasoning_content' in m))).toBe(true);
  });

  it("fills in an empty one where a forwarded OpenAI chat body's tool-call turn has none, leaving the client's own", () => {
    const client = {
      model: 'x',
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'ls', arguments: '{}' } }], reasoning_content: 'Mine.' },
        { role: 'tool', tool_call_id: 'c1', content: 'a' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c2', type: 'function', function: { name: 'ls', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c2', content: 'b' },
      ],
    };
    const http = openaiAdapter.buildForwardRequest(client, DEEPSEEK, { stream: false });
    const sent = JSON.parse(http.body ?? Buffer.from(http.bytes!).toString());
    expect(sent.messages.filter((m: any) => m.role === 'assistant').map((m: any) => m.reasoning_content)).toEqual(['Mine.', '']);
    expect(http.dropped).toBeUndefined();
    const other = openaiAdapter.buildForwardRequest(client, { ...DEEPSEEK, providerType: 'openai' }, { stream: false });
    expect(JSON.parse(other.body ?? Buffer.from(other.bytes!).toString()).messages[3]).not.toHaveProperty('reasoning_content');
  });
});
