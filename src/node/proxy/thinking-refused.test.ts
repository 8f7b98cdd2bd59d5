import { describe, expect, it } from 'vitest';
import { UpstreamFailure, type CanonicalRequest } from '../../core/canonical';
import { refusesThinkingSignature, withoutPutBackThinking } from './thinking-refused';

const refused = (status: number, message: string) => new UpstreamFailure({ kind: 'bad_request', status, message, retryable: false } as never);

describe('thinking put back that Anthropic refuses', () => {
  it('is its 400 on a thinking block\'s signature, nothing else', () => {
    expect(refusesThinkingSignature(refused(400, 'messages.1.content.0: Invalid `signature` in `thinking` block'))).toBe(true);
    expect(refusesThinkingSignature(refused(400, 'messages: roles must alternate'))).toBe(false);
    expect(refusesThinkingSignature(refused(500, 'Invalid `signature` in `thinking` block'))).toBe(false);
    expect(refusesThinkingSignature(new Error('Invalid `signature` in `thinking` block'))).toBe(false);
  });

  it('goes again without any thinking on the calls; a request with none put back has no second try', () => {
    const call = { id: 'c', name: 'f', arguments: '{}' };
    const req: CanonicalRequest = {
      model: 'm', system: [], stream: false, includeUsage: false,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'go' }] },
        { role: 'assistant', content: [], toolCalls: [{ ...call, thinking: [{ type: 'thinking', thinking: 't', signature: 's' }], thinkingBy: 'fa/x' }, { ...call, id: 'd', thinking: [], thinkingBy: 'fa/x' }] },
      ],
    };
    const bare = withoutPutBackThinking(req)!;
    expect((bare.messages[1] as any).toolCalls).toEqual([call, { ...call, id: 'd' }]);
    expect(withoutPutBackThinking(bare)).toBeUndefined();
    expect((req.messages[1] as any).toolCalls[0].thinking).toHaveLength(1);
  });
});
