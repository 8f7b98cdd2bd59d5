import { describe, expect, it } from 'vitest';
import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { CanonicalResponse, SignedThinking, StreamPart } from '../../canonical';
import { createSseParser } from '../../sse';
import { hasEncryptedReasoning } from '../../responses-items';
import { isSealedThinking, openThinking, sealThinking } from '../../switchboard-thinking';
import { responsesCodecFor } from './index';
import { responsesToCanonical } from './parse-request';

const A: SignedThinking = { type: 'thinking', thinking: 'why ü', signature: 'SIG_A' };
const B: SignedThinking = { type: 'redacted_thinking', data: 'ENC' };
const tools = [{ type: 'function', name: 'exec_command', parameters: { type: 'object' } }];
const include = ['reasoning.encrypted_content'];
const MODEL = 'fa/claude-sonnet-4-5';

const answer: CanonicalResponse = {
  id: 'm', model: 'claude-sonnet-4-5', text: '', reasoning: 'why', finishReason: 'tool_calls',
  toolCalls: [{ id: 'toolu_1', name: 'exec_command', arguments: '{}', thinking: [A, B] }, { id: 'toolu_2', name: 'exec_command', arguments: '{}', thinking: [] }],
};

function whole(request: Record<string, unknown>): any {
  return responsesCodecFor({ id: 'resp_abc', request }).formatResponse(answer, MODEL);
}

function streamed(request: Record<string, unknown>): any {
  const enc = responsesCodecFor({ id: 'resp_abc', request }).createStreamEncoder({ id: 'sbr_x', servedModel: MODEL, includeUsage: true, estimatedInputTokens: 5 });
  const parts: StreamPart[] = [
    { type: 'reasoning-delta', text: 'why' },
    { type: 'tool-call-start', index: 0, id: 'toolu_1', name: 'exec_command', thinking: [A, B] }, { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
    { type: 'tool-call-start', index: 1, id: 'toolu_2', name: 'exec_command', thinking: [] }, { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
    { type: 'finish', finishReason: 'tool_calls' },
  ];
  let text = '';
  for (const p of parts) text += enc.encode(p);
  text += enc.end();
  const p = createSseParser();
  let snapshot: any;
  // the OpenAI SDK's own accumulator: it throws on any event out of place
  for (const e of [...p.push(text), ...p.end()]) snapshot = accumulateResponse(JSON.parse(e.data), snapshot);
  return snapshot;
}

describe('Claude\'s thinking sealed for a Responses client that asks for encrypted reasoning', () => {
  it('seals and opens the blocks with the model, and reads nothing else', () => {
    const sealed = sealThinking(MODEL, [A, B]);
    expect(openThinking(sealed)).toEqual({ modelId: MODEL, blocks: [A, B] });
    expect(isSealedThinking(sealed)).toBe(true);
    expect(hasEncryptedReasoning({ encrypted_content: sealed })).toBe(false);
    expect(hasEncryptedReasoning({ encrypted_content: 'gAAAAB' })).toBe(true);
    for (const other of ['gAAAAB', 'sb-thinking-v1:!!', `sb-thinking-v1:${Buffer.from('{"m":"x","t":[{"type":"text"}]}').toString('base64')}`, 42]) expect(openThinking(other)).toBeUndefined();
  });

  it.each([['whole', whole], ['streamed', streamed]] as const)('%s: a reasoning item of its own before the call that has thinking, only when asked', (_name, answerTo) => {
    const out = answerTo({ tools, include }).output;
    expect(out.map((o: any) => o.type)).toEqual(['reasoning', 'reasoning', 'function_call', 'function_call']);
    expect(out[1]).toMatchObject({ summary: [] });
    expect(openThinking(out[1].encrypted_content)).toEqual({ modelId: MODEL, blocks: [A, B] });
    expect(out[0]).not.toHaveProperty('encrypted_content');
    const plain = answerTo({ tools }).output;
    expect(plain.map((o: any) => o.type)).toEqual(['reasoning', 'function_call', 'function_call']);
    expect(JSON.stringify(plain)).not.toMatch(/SIG_A|sb-thinking/);
  });

  it('read back: the thinking goes on the call after it (a later call of the turn: none of its own), by the model that did it, not named dropped', () => {
    const input = [
      { role: 'user', content: 'go' },
      ...whole({ tools, include }).output,
      { type: 'function_call_output', call_id: 'toolu_1', output: 'ok' },
      { type: 'function_call_output', call_id: 'toolu_2', output: 'ok' },
    ];
    const t = responsesToCanonical({ model: 'x', tools, include, input });
    const turn = t.request.messages[1] as any;
    expect(turn.toolCalls).toMatchObject([{ id: 'toolu_1', thinking: [A, B], thinkingBy: MODEL }, { id: 'toolu_2', thinking: [], thinkingBy: MODEL }]);
    expect(t.dropped.join()).not.toMatch(/encrypted_content/);
    // a sealed item with no call after it in its turn goes with none
    const lone = responsesToCanonical({ model: 'x', input: [{ role: 'user', content: 'a' }, input[2], { role: 'user', content: 'b' }, { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' }] });
    expect((lone.request.messages.at(-1) as any).toolCalls[0]).not.toHaveProperty('thinking');
  });
});
