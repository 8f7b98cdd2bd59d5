import { describe, expect, it } from 'vitest';
import { isPlainOpenAIDelta } from './plain-delta';

const chunk = (choice: string, extra = '') => `{"id":"c1","object":"chat.completion.chunk","model":"m","choices":[${choice}]${extra}}`;

describe('isPlainOpenAIDelta (events forwarded without decoding)', () => {
  it('accepts a content delta', () => {
    expect(isPlainOpenAIDelta(chunk('{"index":0,"delta":{"content":"hi"},"finish_reason":null}'))).toBe(true);
    expect(isPlainOpenAIDelta(chunk('{"index":0,"delta":{"content":"hi"},"finish_reason":null}', ',"usage":null'))).toBe(true);
  });

  it.each([
    ['a finish', chunk('{"index":0,"delta":{},"finish_reason":"stop"}')],
    ['usage', chunk('', ',"usage":{"prompt_tokens":1,"completion_tokens":2}')],
    ['usage beside a delta', chunk('{"index":0,"delta":{"content":"x"},"finish_reason":null}', ',"usage":{"prompt_tokens":1}')],
    ['a tool call', chunk('{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{"}}]},"finish_reason":null}')],
    ['an error', '{"error":{"message":"boom","type":"server_error"}}'],
    ['no finish_reason at all', chunk('{"index":0,"delta":{"content":"hi"}}')],
    ['a spaced finish_reason', '{"choices": [{"delta": {"content": "hi"}, "finish_reason": null}]}'],
    ['[DONE]', '[DONE]'],
  ])('decodes %s', (_name, data) => {
    expect(isPlainOpenAIDelta(data)).toBe(false);
  });
});
