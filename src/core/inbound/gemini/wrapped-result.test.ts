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
    }, strict: true });
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
    expect(unwrapResult('{"result":[1, 2]}', 'json')).toBe('[1, 2]');
    expect(unwrapResult('{"result":"A"}', 'json')).toBe('"A"');
    expect(unwrapResult('{"result":"A"}', 'enum')).toBe('A');
    expect(unwrapResult('```json\n[1]\n```', 'json')).toBe('```json\n[1]\n```');
    expect(unwrapResult('{"other":1}', 'json')).toBe('{"other":1}');
  });

  it('answers the member as the model wrote it, its numbers untouched', () => {
    expect(unwrapResult('{"result":[9007199254740993,1.50,1e400]}', 'json')).toBe('[9007199254740993,1.50,1e400]');
    expect(unwrapResult(' {\n  "result" : {"a": "}"}\n}\n', 'json')).toBe('{"a": "}"}');
    expect(unwrapResult('{"result": 1.0}', 'enum')).toBe('1.0');
    // a wrapper with more than the one member: its value alone, as JSON
    expect(unwrapResult('{"result": 1, "other": 2}', 'json')).toBe('1');
    expect(unwrapResult('{"result": 1, "result": 2}', 'json')).toBe('2');
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

  it('holds a bounded amount of a model streaming white space without end, and loses none of the answer', () => {
    const spaces = (u: ResultUnwrapper, n: number, c = ' '): string => {
      let out = '';
      for (let i = 0; i < n; i++) {
        out += u.push(c);
        // each delta is read once and what is held is bounded, so no delta costs more than its own length and the bound
        expect(u.held).toBeLessThanOrEqual(4096);
      }
      return out;
    };
    const n = 50_000;
    const before = new ResultUnwrapper('json');
    let out = spaces(before, n) + before.push('{"result":') + spaces(before, n, '\n') + before.push('[1,');
    out += spaces(before, n) + before.push('2]') + spaces(before, n) + before.push('}') + spaces(before, n, '\t');
    // white space between tokens is kept to a bound; the JSON is the same
    expect(JSON.parse(out + before.end())).toEqual([1, 2]);
    expect((out + before.end()).length).toBeLessThan(2048);

    const inString = new ResultUnwrapper('json');
    out = inString.push('{"result": ["a}') + spaces(inString, n) + inString.push('b"]}');
    expect(out + inString.end()).toBe(`["a}${' '.repeat(n)}b"]`);

    const afterBrace = new ResultUnwrapper('json');
    out = afterBrace.push('{"result": [{"a": 1}') + spaces(afterBrace, n) + afterBrace.push(']}');
    expect(JSON.parse(out + afterBrace.end())).toEqual([{ a: 1 }]);

    const prose = new ResultUnwrapper('json');
    out = spaces(prose, n) + prose.push('Sure: [1]');
    expect((out + prose.end()).trim()).toBe('Sure: [1]');
    expect(out.length).toBeLessThan(2048);
  });

  it('keeps a `}` or a quote inside a string, escaped or not, as the value\'s', () => {
    for (const size of [1, 2, 5, 100]) {
      expect(streamed('{"result": ["\\"}", "\\\\", "} "]}', size)).toBe('["\\"}", "\\\\", "} "]');
      expect(streamed('{"result": {"a": {}}  }\n', size)).toBe('{"a": {}}');
      expect(streamed('{"result": [1, 2', size)).toBe('[1, 2');
      expect(streamed('{"res": 1}', size)).toBe('{"res": 1}');
      expect(streamed('{ "result" :\n  "x"}', size)).toBe('"x"');
    }
  });
});
