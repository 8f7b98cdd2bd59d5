import { describe, expect, it } from 'vitest';
import type { CanonicalResponse, SignedThinking, StreamPart } from '../../canonical';
import { geminiAdapter } from '../../providers/gemini';
import { SKIP_THOUGHT_SIGNATURE } from '../../providers/gemini/request';
import { openThinking } from '../../switchboard-thinking';
import { OTHER_PROFILE_SEAL, TEST_SEAL } from '../../../../test/helpers/thinking-seal';
import { geminiInbound } from './index';
import { geminiToCanonical } from './parse-request';
import { readGeminiRequest } from './read';

const A: SignedThinking = { type: 'thinking', thinking: 'why', signature: 'SIG_A' };
const MODEL = 'fa/claude-sonnet-4-5';
const call = { model: 'gemini-2.5-pro', stream: false, seal: TEST_SEAL };
const answer: CanonicalResponse = {
  id: 'm', model: 'claude-sonnet-4-5', text: '', finishReason: 'tool_calls',
  toolCalls: [{ id: 'toolu_1', name: 'run', arguments: '{}', thinking: [A] }, { id: 'toolu_2', name: 'run', arguments: '{}', thinking: [] }],
};

function streamedParts(): any[] {
  const enc = geminiInbound({ model: 'gemini-2.5-pro', stream: true, sse: true, seal: TEST_SEAL }).createStreamEncoder({ id: 'r', servedModel: MODEL, includeUsage: true, estimatedInputTokens: 1 });
  const parts: StreamPart[] = [
    { type: 'tool-call-start', index: 0, id: 'toolu_1', name: 'run', thinking: [A] }, { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
    { type: 'tool-call-start', index: 1, id: 'toolu_2', name: 'run', thinking: [] }, { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
    { type: 'finish', finishReason: 'tool_calls' },
  ];
  const text = parts.map((p) => enc.encode(p)).join('') + enc.end();
  return text.split('\n\n').filter((l) => l.startsWith('data: ')).flatMap((l) => JSON.parse(l.slice(6)).candidates?.[0]?.content?.parts ?? []);
}

describe('Claude\'s thinking sealed in a Gemini client\'s thoughtSignature', () => {
  it.each([
    ['whole', () => (geminiInbound(call).formatResponse(answer, MODEL) as any).candidates[0].content.parts],
    ['streamed', streamedParts],
  ] as const)('%s: on the call it came before, in place of the sentinel; a call without any of its own gets none', (_name, partsOf) => {
    const parts = partsOf().filter((p: any) => p.functionCall);
    expect(openThinking(TEST_SEAL, parts[0].thoughtSignature)).toEqual({ modelId: MODEL, blocks: [A] });
    expect(parts[1]).not.toHaveProperty('thoughtSignature');
  });

  it('no thinking: the sentinel on the first call, as before', () => {
    const parts = (geminiInbound(call).formatResponse({ ...answer, toolCalls: [{ id: 't', name: 'run', arguments: '{}' }] }, MODEL) as any).candidates[0].content.parts;
    expect(parts[0].thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE);
  });

  it('read back: on the calls with the model that did it; no Gemini feature, not named dropped; forwarded to Gemini as the sentinel', () => {
    const modelParts = (geminiInbound(call).formatResponse(answer, MODEL) as any).candidates[0].content.parts;
    const body = {
      contents: [
        { role: 'user', parts: [{ text: 'go' }] },
        { role: 'model', parts: modelParts },
        { role: 'user', parts: [{ functionResponse: { id: 'toolu_1', name: 'run', response: { output: 'ok' } } }, { functionResponse: { id: 'toolu_2', name: 'run', response: { output: 'ok' } } }] },
      ],
    };
    const t = geminiToCanonical(body, call, { seal: TEST_SEAL });
    expect((t.request.messages[1] as any).toolCalls).toMatchObject([{ id: 'toolu_1', thinking: [A], thinkingBy: MODEL }, { id: 'toolu_2', thinking: [], thinkingBy: MODEL }]);
    expect(t.dropped).not.toContain('thoughtSignature');
    // another profile's seal (or none): no thinking on the calls, the signature named dropped as Google's would be
    for (const shape of [{ seal: OTHER_PROFILE_SEAL }, {}]) {
      const other = geminiToCanonical(body, call, shape);
      expect(JSON.stringify(other.request.messages)).not.toMatch(/thinking/);
      expect(other.dropped).toContain('thoughtSignature');
    }
    expect(readGeminiRequest(body, call).nativeFeatures).not.toContain('thought signatures');
    const sent = JSON.parse(geminiAdapter.buildForwardRequest(body, { baseUrl: 'https://generativelanguage.googleapis.com', modelName: 'gemini-3-pro-preview', apiKey: 'k' }, { stream: false }).body as string);
    expect(sent.contents[1].parts[0].thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE);
    expect(JSON.stringify(sent)).not.toMatch(/SBthinkingV1|SIG_A/);
    // nothing sealed: the body as sent
    const plain = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
    expect(geminiAdapter.buildForwardRequest(plain, { baseUrl: 'https://x', modelName: 'gemini-3-pro-preview', apiKey: 'k' }, { stream: false }).body).toBe(JSON.stringify(plain));
  });
});
