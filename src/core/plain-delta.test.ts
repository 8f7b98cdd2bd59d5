import { describe, expect, it } from 'vitest';
import { frameAround, framedString, indexOfNeedle, isPlainOpenAIDelta, isPlainResponsesDelta, isUnreadResponsesEvent, needle } from './plain-delta';

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

  it('tells a usage or tool_calls key from text that only ends like one', () => {
    expect(isPlainOpenAIDelta(chunk('{"index":0,"delta":{"content":"my_calls\\" and usage\\":{"},"finish_reason":null}', ',"xusage":{"a":1},"no_tool_calls":1'))).toBe(true);
    expect(isPlainOpenAIDelta(chunk('{"index":0,"delta":{"content":"_calls\\""},"finish_reason":null}', ',"usage":{"a":1}'))).toBe(false);
    expect(isPlainOpenAIDelta(`{"tool_calls":1,${chunk('{"index":0,"delta":{"content":"x"},"finish_reason":null}').slice(1)}`)).toBe(false);
  });
});

describe('indexOfNeedle', () => {
  it('finds the whole text through its short anchor, past the places only the anchor matches, from a position', () => {
    const usage = needle('"usage":{', 'usage');
    expect(indexOfNeedle('usage "usage" "usage":{', usage)).toBe(14);
    expect(indexOfNeedle('"usage":', usage)).toBe(-1);
    const delta = needle('"delta":', 'delta');
    expect(indexOfNeedle('"delta":1,"delta":2', delta)).toBe(0);
    expect(indexOfNeedle('"delta":1,"delta":2', delta, 1)).toBe(10);
    expect(indexOfNeedle('x"delta"', delta)).toBe(-1);
  });

  it('takes only an anchor of 1 to 6 characters that is part of the text', () => {
    expect(() => needle('"tool_calls"', 'tool_calls')).toThrow();
    expect(() => needle('"usage":{', 'nope')).toThrow();
    // an empty anchor matches everywhere: a search would never end
    expect(() => needle('"usage":{', '')).toThrow();
  });
});

describe('isPlainResponsesDelta', () => {
  it('accepts the delta events an output_item.done repeats, and nothing else', () => {
    expect(isPlainResponsesDelta('{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","delta":"hi"}')).toBe(true);
    expect(isPlainResponsesDelta('{"type":"response.function_call_arguments.delta","sequence_number":5,"delta":"{"}')).toBe(true);
    expect(isPlainResponsesDelta('{"type":"response.reasoning_summary_text.delta","delta":"x"}')).toBe(true);
    for (const data of [
      '{"type":"response.completed","response":{}}', '{"type":"response.output_item.added","item":{}}', '{"type":"error","message":"x"}',
      '{"type":"response.failed","response":{}}', '{ "type": "response.output_text.delta" }',
    ]) expect(isPlainResponsesDelta(data), data).toBe(false);
  });
});

describe('isUnreadResponsesEvent', () => {
  it('is true for the events a decoder reads nothing from, false for those it reads and anything unsure', () => {
    for (const type of ['response.created', 'response.in_progress', 'response.content_part.added', 'response.output_text.done', 'response.function_call_arguments.done', 'response.reasoning_summary_part.done']) {
      expect(isUnreadResponsesEvent(`{"type":"${type}","sequence_number":1}`), type).toBe(true);
    }
    for (const data of [
      '{"type":"response.completed","response":{}}', '{"type":"response.incomplete"}', '{"type":"response.failed"}', '{"type":"error","message":"x"}',
      '{"type":"response.output_item.added"}', '{"type":"response.output_item.done"}', '{"type":"response.output_text.delta","delta":"x"}',
      // the type elsewhere than first, or the text not JSON's own start: decoded, as anything unsure
      '{"sequence_number":1,"type":"response.created"}', ' {"type":"response.created"}',
    ]) {
      expect(isUnreadResponsesEvent(data), data).toBe(false);
    }
  });
});

describe('framedString', () => {
  const learn = (data: string) => frameAround(data, data.indexOf('"content":"') + 10, data.indexOf('"}') + 1);
  const fixed = learn('{"id":"c","delta":{"content":"a"}}');
  const padded = learn('{"id":"c","delta":{"content":"a"},"obfuscation":"xYz-_0"}');

  it('learns a padded end only for an obfuscation member of plain characters at the very end', () => {
    expect(fixed).toEqual({ head: '{"id":"c","delta":{"content":"', tail: '"}}' });
    expect(padded).toEqual({ head: '{"id":"c","delta":{"content":"', tail: '"},"obfuscation":"', paddedEnd: true });
    expect(learn('{"id":"c","delta":{"content":"a"},"obfuscation":"x","usage":null}').paddedEnd).toBeUndefined();
    expect(learn('{"id":"c","delta":{"content":"a"},"obfuscation":"x\\"y"}').paddedEnd).toBeUndefined();
  });

  it('gives the one string between head and tail, whatever the padding, and nothing for anything else', () => {
    expect(framedString('{"id":"c","delta":{"content":"hi \\u00e9"}}', fixed)).toBe('hi \u00e9');
    expect(framedString('{"id":"c","delta":{"content":"hi"},"obfuscation":""}', padded)).toBe('hi');
    expect(framedString('{"id":"c","delta":{"content":"hi"},"obfuscation":"Q-9_z"}', padded)).toBe('hi');
    for (const data of [
      '{"id":"d","delta":{"content":"hi"},"obfuscation":"x"}', // another head
      '{"id":"c","delta":{"content":"hi"},"obfuscation":"}', // the padding's string never closes
      '{"id":"c","delta":{"content":"hi"},"obfuscation":"ab}', // nor here
      '{"id":"c","delta":{"content":"hi"},"obfuscation":"a\\"b"}', // an escape in the padding
      '{"id":"c","delta":{"content":"hi"},"obfuscation":"a","usage":{"x":1}}', // a member after it
      '{"id":"c","delta":{"content":"hi\\"},"obfuscation":"a"}', // the text's closing quote escaped
      '{"id":"c","delta":{"content":"hi","reasoning":"r"},"obfuscation":"a"}', // a member after the text
      '{"id":"c","delta":{"content":"h\u0001i"},"obfuscation":"a"}', // a raw control character
    ]) expect(framedString(data, padded), data).toBeUndefined();
    expect(framedString('{"id":"c","delta":{"content":"hi"},"obfuscation":"x"}', fixed)).toBeUndefined();
  });
});
