import { describe, expect, it } from 'vitest';
import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { CanonicalResponse, SignedThinking, StreamPart } from '../../canonical';
import { createSseParser } from '../../sse';
import { hasEncryptedReasoning } from '../../responses-items';
import { isSealedThinking, MAX_SEALED_CHARS, openThinking, sealThinking } from '../../switchboard-thinking';
import { OTHER_INSTALL_SEAL, OTHER_PROFILE_SEAL, TEST_SEAL } from '../../../../test/helpers/thinking-seal';
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
  return responsesCodecFor({ id: 'resp_abc', request, seal: TEST_SEAL }).formatResponse(answer, MODEL);
}

function streamed(request: Record<string, unknown>): any {
  const enc = responsesCodecFor({ id: 'resp_abc', request, seal: TEST_SEAL }).createStreamEncoder({ id: 'sbr_x', servedModel: MODEL, includeUsage: true, estimatedInputTokens: 5 });
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
    const sealed = sealThinking(TEST_SEAL, MODEL, [A, B]);
    expect(openThinking(TEST_SEAL, sealed)).toEqual({ modelId: MODEL, blocks: [A, B] });
    expect(isSealedThinking(sealed)).toBe(true);
    expect(hasEncryptedReasoning({ encrypted_content: sealed })).toBe(false);
    expect(hasEncryptedReasoning({ encrypted_content: 'gAAAAB' })).toBe(true);
    for (const other of ['gAAAAB', 'SBthinkingV1!!', 'SBthinkingV1', 42]) expect(openThinking(TEST_SEAL, other)).toBeUndefined();
    expect(openThinking(undefined, sealed)).toBeUndefined();
  });

  it('is one strict base64 string, the marker included (@google/genai: thoughtSignature is base64)', () => {
    const sealed = sealThinking(TEST_SEAL, MODEL, [A, B]);
    expect(sealed).toMatch(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
    expect(Buffer.from(sealed, 'base64').toString('base64')).toBe(sealed);
    expect(sealed).not.toContain('SIG_A');
  });

  it('opens only under the install and profile it was sealed for, unaltered', () => {
    const sealed = sealThinking(TEST_SEAL, MODEL, [A, B]);
    expect(openThinking(OTHER_PROFILE_SEAL, sealed)).toBeUndefined();
    expect(openThinking(OTHER_INSTALL_SEAL, sealed)).toBeUndefined();
    // the payload changed under the same MAC (another model aimed at), or made up with none
    const bytes = Buffer.from(sealed.slice(12), 'base64');
    const payload = Buffer.from(JSON.stringify({ m: 'fa/claude-opus-4-1', t: [A, B] }));
    expect(openThinking(TEST_SEAL, `SBthinkingV1${Buffer.concat([bytes.subarray(0, 32), payload]).toString('base64')}`)).toBeUndefined();
    expect(openThinking(TEST_SEAL, `SBthinkingV1${Buffer.concat([Buffer.alloc(32), payload]).toString('base64')}`)).toBeUndefined();
  });

  it('reads nothing past MAX_SEALED_CHARS, and nothing but the members it writes, even under a good MAC', () => {
    const long = sealThinking(TEST_SEAL, MODEL, [{ type: 'redacted_thinking', data: 'x'.repeat(MAX_SEALED_CHARS) }]);
    expect(long.length).toBeGreaterThan(MAX_SEALED_CHARS);
    expect(openThinking(TEST_SEAL, long)).toBeUndefined();
    const macced = (o: unknown) => {
      const payload = Buffer.from(JSON.stringify(o));
      return `SBthinkingV1${Buffer.concat([Buffer.from(TEST_SEAL.mac(payload)), payload]).toString('base64')}`;
    };
    expect(openThinking(TEST_SEAL, macced({ m: MODEL, t: [A] }))).toEqual({ modelId: MODEL, blocks: [A] });
    expect(openThinking(TEST_SEAL, macced({ m: MODEL, t: [A], z: { a: 0 } }))).toBeUndefined();
    expect(openThinking(TEST_SEAL, macced({ m: MODEL, t: [{ ...A, cache_control: { type: 'ephemeral' } }] }))).toBeUndefined();
    expect(openThinking(TEST_SEAL, macced({ m: MODEL, t: [{ type: 'text', text: 'x' }] }))).toBeUndefined();
  });

  it.each([['whole', whole], ['streamed', streamed]] as const)('%s: a reasoning item of its own before the call that has thinking, only when asked', (_name, answerTo) => {
    const out = answerTo({ tools, include }).output;
    expect(out.map((o: any) => o.type)).toEqual(['reasoning', 'reasoning', 'function_call', 'function_call']);
    expect(out[1]).toMatchObject({ summary: [] });
    expect(openThinking(TEST_SEAL, out[1].encrypted_content)).toEqual({ modelId: MODEL, blocks: [A, B] });
    expect(out[0]).not.toHaveProperty('encrypted_content');
    const plain = answerTo({ tools }).output;
    expect(plain.map((o: any) => o.type)).toEqual(['reasoning', 'function_call', 'function_call']);
    expect(JSON.stringify(plain)).not.toMatch(/SIG_A|SBthinkingV1/);
  });

  it('read back: the thinking goes on the call after it (a later call of the turn: none of its own), by the model that did it, not named dropped', () => {
    const input = [
      { role: 'user', content: 'go' },
      ...whole({ tools, include }).output,
      { type: 'function_call_output', call_id: 'toolu_1', output: 'ok' },
      { type: 'function_call_output', call_id: 'toolu_2', output: 'ok' },
    ];
    const t = responsesToCanonical({ model: 'x', tools, include, input }, { seal: TEST_SEAL });
    const turn = t.request.messages[1] as any;
    expect(turn.toolCalls).toMatchObject([{ id: 'toolu_1', thinking: [A, B], thinkingBy: MODEL }, { id: 'toolu_2', thinking: [], thinkingBy: MODEL }]);
    expect(t.dropped.join()).not.toMatch(/encrypted_content/);
    // another profile's seal (or none): no thinking on the calls, the item named dropped as any other
    for (const seal of [OTHER_PROFILE_SEAL, undefined]) {
      const other = responsesToCanonical({ model: 'x', tools, include, input }, seal ? { seal } : {});
      expect(JSON.stringify(other.request.messages)).not.toMatch(/thinking/);
      expect(other.dropped).toContain('input[type=reasoning]');
    }
    // a sealed item with no call after it in its turn goes with none
    const lone = responsesToCanonical({ model: 'x', input: [{ role: 'user', content: 'a' }, input[2], { role: 'user', content: 'b' }, { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' }] }, { seal: TEST_SEAL });
    expect((lone.request.messages.at(-1) as any).toolCalls[0]).not.toHaveProperty('thinking');
  });

  it('read back: the summary item is not named when a sealed item of its step went with a call, at index 256 on too', () => {
    const [summary, sealed, ...calls] = whole({ tools, include }).output;
    expect(summary.id).toMatch(/^rs_sb.*00$/);
    const step = summary.id.slice(0, -2);
    const dropped = (sealedId: string) => responsesToCanonical({
      model: 'x', tools, include,
      input: [{ role: 'user', content: 'go' }, summary, { ...sealed, id: sealedId }, ...calls, ...calls.map((c: any) => ({ type: 'function_call_output', call_id: c.call_id, output: 'ok' }))],
    }, { seal: TEST_SEAL }).dropped;
    for (const index of ['01', '100', '1ff0']) expect(dropped(`${step}${index}`)).not.toContain('input[type=reasoning]');
    // a sealed item of another step (another response), or one whose id is not an index after the step
    for (const id of [`${step.slice(0, -1)}x01`, `${step}0g`, `${step}`]) expect(dropped(id)).toContain('input[type=reasoning]');
  });
});
