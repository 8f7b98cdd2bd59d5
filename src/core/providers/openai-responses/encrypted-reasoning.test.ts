import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, SseEvent, StreamPart } from '../../canonical';
import { openaiResponsesAdapter as adapter } from './index';
import { sealThinking } from '../../switchboard-thinking';
import { TEST_SEAL } from '../../../../test/helpers/thinking-seal';

const target = { baseUrl: 'https://api.openai.com/v1', modelName: 'gpt-5.1-codex', apiKey: 'k', providerType: 'openai' as const, reasoning: true };
const rs = { id: 'rs_1', type: 'reasoning', summary: [], encrypted_content: 'gAAAA_one' };
const fc = (id: string) => ({ id: `fc_${id}`, type: 'function_call', call_id: id, name: 'f', arguments: '{}', status: 'completed' });

describe('OpenAI\'s encrypted reasoning kept with the calls after it (store false, a client of another API)', () => {
  it('a whole answer: the reasoning item on the call after it only', () => {
    const res = adapter.parseChatResponse({ id: 'r', object: 'response', status: 'completed', model: 'm', output: [rs, fc('a'), fc('b')] });
    expect(res.toolCalls[0]!.reasoningItem).toEqual({ id: 'rs_1', encryptedContent: 'gAAAA_one' });
    expect(res.toolCalls[1]).not.toHaveProperty('reasoningItem');
  });

  it('a stream: from the reasoning item done, on the next tool-call-start', () => {
    const ev = (data: object): SseEvent => ({ event: (data as { type: string }).type, data: JSON.stringify(data) });
    const d = adapter.createStreamDecoder();
    const parts = [
      ev({ type: 'response.output_item.added', output_index: 0, item: { ...rs, encrypted_content: null } }),
      ev({ type: 'response.output_item.done', output_index: 0, item: rs }),
      ev({ type: 'response.output_item.added', output_index: 1, item: { ...fc('a'), arguments: '' } }),
    ].flatMap((e) => d.push(e));
    const start = parts.find((p): p is Extract<StreamPart, { type: 'tool-call-start' }> => p.type === 'tool-call-start');
    expect(start?.reasoningItem).toEqual({ id: 'rs_1', encryptedContent: 'gAAAA_one' });
  });

  it('built: the item before its call; include asked of a reasoning model with functions only', () => {
    const req: CanonicalRequest = {
      model: 'm', system: [], stream: false, includeUsage: false, tools: [{ name: 'f', parameters: { type: 'object' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'go' }] },
        { role: 'assistant', content: [], toolCalls: [{ id: 'a', name: 'f', arguments: '{}', reasoningItem: { id: 'rs_1', encryptedContent: 'gAAAA_one' } }, { id: 'b', name: 'f', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'a', content: [{ type: 'text', text: 'ok' }] },
        { role: 'tool', toolCallId: 'b', content: [{ type: 'text', text: 'ok' }] },
      ],
    };
    const body = JSON.parse(adapter.buildChatRequest(req, target).body!);
    expect(body.input.slice(1, 4)).toEqual([
      { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAA_one' },
      { type: 'function_call', call_id: 'a', name: 'f', arguments: '{}' },
      { type: 'function_call', call_id: 'b', name: 'f', arguments: '{}' },
    ]);
    expect(body.include).toEqual(['reasoning.encrypted_content']);
    expect(JSON.parse(adapter.buildChatRequest({ ...req, tools: undefined }, target).body!).include).toBeUndefined();
    expect(JSON.parse(adapter.buildChatRequest(req, { ...target, reasoning: false }).body!).include).toBeUndefined();
  });

  it('asks include only of OpenAI itself: another server of the Responses API may refuse it', () => {
    const req: CanonicalRequest = {
      model: 'm', system: [], stream: false, includeUsage: false, tools: [{ name: 'f', parameters: { type: 'object' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'go' }] }],
    };
    for (const providerType of ['openai-compatible', 'openrouter', 'xai', undefined] as const) {
      expect(JSON.parse(adapter.buildChatRequest(req, { ...target, providerType, baseUrl: 'http://127.0.0.1:8000/v1' }).body!).include).toBeUndefined();
    }
    expect(JSON.parse(adapter.buildChatRequest(req, target).body!).include).toEqual(['reasoning.encrypted_content']);
  });
});

describe('a Responses client\'s body forwarded to the Responses API', () => {
  it('leaves out the reasoning items holding Claude\'s thinking Switchboard sealed, whatever their id and store, named', () => {
    const sealed = { id: 'rs_0123abcd', type: 'reasoning', summary: [], encrypted_content: sealThinking(TEST_SEAL, 'fa/claude-sonnet-4-5', [{ type: 'thinking', thinking: 't', signature: 's' }]) };
    const ours = { id: 'rs_9', type: 'reasoning', summary: [], encrypted_content: 'gAAAA_one' };
    const body = { model: 'm', store: true, input: [{ role: 'user', content: 'go' }, sealed, ours, { type: 'function_call', call_id: 'a', name: 'f', arguments: '{}' }] };
    const built = adapter.buildForwardRequest(body, target, { stream: false });
    const sent = JSON.parse(built.body as string);
    expect(sent.input.map((i: any) => i.type ?? 'message')).toEqual(['message', 'reasoning', 'function_call']);
    expect(sent.input[1]).toEqual(ours);
    expect(built.dropped).toContain('input[type=reasoning]');
  });
});
