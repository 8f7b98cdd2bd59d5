// Tool-call arguments nested thousands deep: a request's are the client's fault (400, bad_request), a provider's
// answer's a failed try (invalid_output, failover); never a RangeError from JSON.stringify (an internal 502).
import { describe, expect, it } from 'vitest';
import { UpstreamFailure, type CanonicalRequest } from './canonical';
import { anthropicAdapter } from './providers/anthropic';
import { geminiAdapter } from './providers/gemini';
import { MAX_JSON_DEPTH, nestedDeeperThan } from './tool-arguments-depth';
import { hiRequest } from '../../test/helpers/canonical-requests';

const nested = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const nestedValue = (depth: number): unknown => JSON.parse(nested(depth));
const target = { baseUrl: 'https://example.test', modelName: 'm', apiKey: 'k-test-0123456789' };

function withCall(args: string): CanonicalRequest {
  return hiRequest({
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'go' }] },
      { role: 'assistant', content: [], toolCalls: [{ id: 'call_1', name: 'f', arguments: args }] },
      { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: 'ok' }] },
    ] as CanonicalRequest['messages'],
  });
}

function failure(run: () => unknown): UpstreamFailure {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(UpstreamFailure);
    return err as UpstreamFailure;
  }
  throw new Error('did not throw');
}

describe('nestedDeeperThan', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(nestedDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(nestedDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(nestedDeeperThan(`{"a":"${'['.repeat(500)}\\"${'{'.repeat(500)}"}`)).toBe(false);
    expect(nestedDeeperThan('[{"a":[1,2,{}]},[[]]]', 4)).toBe(false);
    expect(nestedDeeperThan('[{"a":[1,2,{}]},[[]]]', 3)).toBe(true);
  });
});

describe('a request whose tool call arguments nest 6,000 deep', () => {
  for (const [name, adapter] of [['Anthropic', anthropicAdapter], ['Gemini', geminiAdapter]] as const) {
    it(`${name}: a 400 naming the call (bad_request), not a RangeError`, () => {
      const err = failure(() => adapter.buildChatRequest(withCall(nested(6000)), target));
      expect(err.error.kind).toBe('bad_request');
      expect(err.error.message).toContain("tool call 'f'");
      expect(err.error.message).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
    });

    it(`${name}: arguments ${MAX_JSON_DEPTH} deep still go`, () => {
      expect(adapter.buildChatRequest(withCall(nested(MAX_JSON_DEPTH)), target).body).toContain('"a"');
    });
  }
});

describe("a provider's answer whose tool call nests 6,000 deep", () => {
  it('Anthropic tool_use.input: a failed try (invalid_output), not a RangeError', () => {
    const body = { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', stop_reason: 'tool_use', usage: { input_tokens: 1, output_tokens: 1 },
      content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: nestedValue(6000) }] };
    const err = failure(() => anthropicAdapter.parseChatResponse(body));
    expect(err.error.kind).toBe('invalid_output');
    expect(err.error.message).toContain("tool call 'f'");
  });

  it('Gemini functionCall.args: a failed try (invalid_output), not a RangeError', () => {
    const body = { candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'f', args: nestedValue(6000) } }] }, finishReason: 'STOP', index: 0 }] };
    const err = failure(() => geminiAdapter.parseChatResponse(body));
    expect(err.error.kind).toBe('invalid_output');
  });

  it('a tool call within the bound reads as before', () => {
    const body = { candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'f', args: nestedValue(10) } }] }, finishReason: 'STOP', index: 0 }] };
    expect(geminiAdapter.parseChatResponse(body).toolCalls?.[0]?.arguments).toBe(nested(10));
  });
});
