import { describe, expect, it } from 'vitest';
import { geminiToCanonical } from './parse-request';
import type { GeminiAnswerShape } from './format-response';
import { ResultUnwrapper, unwrapResult, wrapResultSchema } from './wrapped-result';

/** What the unwrapper sends for `text` cut into pieces of `size`. */
function streamed(text: string, size: number, kind: 'json' | 'enum' = 'json'): string {
  const u = new ResultUnwrapper(kind);
  let out = '';
  for (let i = 0; i < text.length; i += size) out += u.push(text.slice(i, i + size));
  return out + u.end();
}

describe('a response schema whose root is not an object', () => {
  it('goes wrapped as the one member of an object, its definitions left at the root', () => {
    const shape: GeminiAnswerShape = {};
    const { request, dropped } = geminiToCanonical({
      contents: [{ parts: [{ text: 'hi' }] }],
      generationConfig: { responseMimeType: 'application/json', responseSchema: { type: 'ARRAY', items: { type: 'STRING' } } },
    }, { model: 'm', stream: false }, shape);
    expect(request.responseFormat).toEqual({ type: 'json_schema', name: 'response', schema: {
      type: 'object', properties: { result: { type: 'array', items: { type: 'string' } } }, required: ['result'], additionalProperties: false,
    } });
    expect(shape.result).toBe('json');
    expect(dropped).toEqual([]);
    expect(wrapResultSchema({ type: 'array', items: { $ref: '#/$defs/x' }, $defs: { x: { type: 'string' } } })).toEqual({
      type: 'object', properties: { result: { type: 'array', items: { $ref: '#/$defs/x' } } }, required: ['result'], additionalProperties: false, $defs: { x: { type: 'string' } },
    });
  });

  it('text/x.enum is carried (not dropped) and answered bare; an object root goes as it is', () => {
    const shape: GeminiAnswerShape = {};
    const { dropped } = geminiToCanonical({
      contents: [{ parts: [{ text: 'hi' }] }],
      generationConfig: { responseMimeType: 'text/x.enum', responseSchema: { type: 'STRING', enum: ['A', 'B'] } },
    }, { model: 'm', stream: false }, shape);
    expect(shape.result).toBe('enum');
    expect(dropped).toEqual([]);
    const plain: GeminiAnswerShape = {};
    const { request } = geminiToCanonical({
      contents: [{ parts: [{ text: 'hi' }] }],
      generationConfig: { responseMimeType: 'application/json', responseSchema: { type: 'OBJECT', properties: { a: { type: 'STRING' } } } },
    }, { model: 'm', stream: false }, plain);
    expect(request.responseFormat).toMatchObject({ schema: { type: 'object', properties: { a: { type: 'string' } } } });
    expect(plain.result).toBeUndefined();
  });
});

describe('unwrapResult', () => {
  it('answers the member, as JSON or (enum) bare; anything else as it came', () => {
    expect(unwrapResult('{"result":[1, 2]}', 'json')).toBe('[1,2]');
    expect(unwrapResult('{"result":"A"}', 'json')).toBe('"A"');
    expect(unwrapResult('{"result":"A"}', 'enum')).toBe('A');
    expect(unwrapResult('```json\n[1]\n```', 'json')).toBe('```json\n[1]\n```');
    expect(unwrapResult('{"other":1}', 'json')).toBe('{"other":1}');
  });
});

describe('ResultUnwrapper', () => {
  it('streams the member as it comes, whatever the cuts', () => {
    const wrapped = ' { "result" : [{"a": {"b": 1}}, {"c": "}"}] } ';
    for (const size of [1, 2, 3, 7, 100]) expect(streamed(wrapped, size)).toBe('[{"a": {"b": 1}}, {"c": "}"}]');
  });

  it('sends text that is not the wrapper as it is, and unquotes an enum at the end', () => {
    for (const size of [1, 4, 100]) {
      expect(streamed('Sure: [1, 2]', size)).toBe('Sure: [1, 2]');
      expect(streamed('{"result": "GREEN"}', size, 'enum')).toBe('GREEN');
    }
    const u = new ResultUnwrapper('json');
    expect(u.push('{"result":[1,')).toBe('[1,');
    expect(u.push('2]}')).toBe('2]');
    expect(u.end()).toBe('');
  });
});
