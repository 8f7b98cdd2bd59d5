import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../core/canonical';
import { logprobsAnswer } from '../../../test/fixtures/openai/logprobs-answer';
import {
  ANSWER_BREADTH, LAYOUTS_FROM_BYTES, assertFewContainers, assertSafeRequestJson, jsonTooBroad,
  MAX_ANSWER_JSON_CONTAINERS, MAX_ANSWER_JSON_KEYS, MAX_ANSWER_JSON_LAYOUTS, MAX_ANSWER_JSON_VALUES, MAX_JSON_CONTAINERS, MAX_JSON_DEPTH, MAX_JSON_VALUES,
} from './body-guard';

const nest = (depth: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe('assertSafeRequestJson', () => {
  it('accepts ordinary requests: emoji (surrogate pairs), tool schemas, constructor-named properties', () => {
    expect(() => assertSafeRequestJson({
      model: 'auto',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'héllo 👋🏽 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 中文' }] }],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { constructor: { type: 'string' } } } } }],
      metadata: { user_id: 'u1' },
    })).not.toThrow();
  });

  it('allows nesting up to the limit and refuses one level more', () => {
    expect(() => assertSafeRequestJson(nest(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => assertSafeRequestJson(nest(MAX_JSON_DEPTH + 1))).toThrow(RequestValidationError);
  });

  it.each([
    ['a lone high surrogate', { content: 'a\ud800b' }],
    ['a lone low surrogate at the end', { content: 'ab\udc00' }],
    ['a NUL character', { content: 'a\u0000b' }],
    ['a NUL in a key', { ['k\u0000']: 1 }],
    ['a __proto__ key, deep', JSON.parse('{"messages":[{"role":"user","__proto__":{"x":1}}]}')],
    ['api_base', { model: 'x', api_base: 'http://169.254.169.254' }],
    ['api_key', { model: 'x', api_key: 'sk-x' }],
  ])('refuses %s', (_name, body) => {
    expect(() => assertSafeRequestJson(body)).toThrow(RequestValidationError);
  });

  it('names where the fault is: the path from the body down, in JSON terms', () => {
    const caught = (body: unknown): { message: string; param: string | undefined } => {
      try {
        assertSafeRequestJson(body);
      } catch (err) {
        return { message: (err as RequestValidationError).message, param: (err as RequestValidationError).param };
      }
      return { message: 'no error', param: undefined };
    };
    expect(caught({ messages: [{ role: 'user', content: [{ type: 'text', text: 'ok' }, { type: 'text', text: 'a\ud800' }] }] }))
      .toEqual({ message: "'messages[0].content[1].text' contains a NUL character or a lone surrogate (not valid Unicode text)", param: 'messages[0].content[1].text' });
    expect(caught(['ok', ['a\u0000']])).toEqual({ message: "'[1][0]' contains a NUL character or a lone surrogate (not valid Unicode text)", param: '[1][0]' });
    expect(caught('a\u0000')).toEqual({ message: "'body' contains a NUL character or a lone surrogate (not valid Unicode text)", param: undefined });
    expect(caught(JSON.parse('{"tools":[{"input_schema":{"properties":{"__proto__":{}}}}]}')))
      .toEqual({ message: "'tools[0].input_schema.properties.__proto__' is not an allowed key", param: 'tools[0].input_schema.properties.__proto__' });
    expect(caught({ a: { b: [{ ['k\u0000']: 1 }] } })).toEqual({ message: 'A key contains a NUL character or a lone surrogate', param: 'a.b[0]' });
    expect(caught({ a: nest(MAX_JSON_DEPTH) }).param).toBe(`a${'.a'.repeat(MAX_JSON_DEPTH - 1)}`);
  });

  it('walks 20,000-deep input without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(20_000)}1${']'.repeat(20_000)}`);
    expect(() => assertSafeRequestJson(deep)).toThrow(/nested deeper/);
  });

  describe('given the bytes the body was parsed from', () => {
    const fromText = (text: string) => {
      const raw = Buffer.from(text);
      return () => assertSafeRequestJson(JSON.parse(raw.toString('utf8')), raw);
    };
    const messageOf = (fn: () => void): string => {
      try {
        fn();
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    };

    it('accepts what the walk accepts, escapes of ordinary characters included', () => {
      expect(fromText(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'héllo 👋🏽 "quoted" \\ \n \u001b[0m' }] }))).not.toThrow();
      expect(fromText('{"model":"m","messages":[{"role":"user","content":"\\u00e9 \\ud83d\\udc4b"}]}')).not.toThrow();
      expect(fromText(JSON.stringify(nest(MAX_JSON_DEPTH)))).not.toThrow();
    });

    it.each([
      ['an escaped lone surrogate', '{"messages":[{"content":"a\\ud800b"}]}'],
      ['an escaped NUL in a key', '{"k\\u0000":1}'],
      ['a __proto__ key, deep', '{"messages":[{"role":"user","__proto__":{"x":1}}]}'],
      ['an escaped __proto__ key', '{"messages":[{"\\u005f_proto__":{"x":1}}]}'],
      ['nesting past the limit', JSON.stringify(nest(MAX_JSON_DEPTH + 1))],
      ['api_base', '{"model":"x","api_base":"http://169.254.169.254"}'],
    ])('refuses %s with the message the walk gives', (_name, text) => {
      const viaBytes = messageOf(fromText(text));
      expect(viaBytes).toBe(messageOf(() => assertSafeRequestJson(JSON.parse(text))));
      expect(viaBytes).not.toBe('no error');
    });
  });
});

describe('assertFewContainers', () => {
  const bytes = (text: string): Buffer => Buffer.from(text);
  const many = (n: number): string => `{"model":"m","messages":[],"extra":[${'{},'.repeat(n - 1)}{}]}`;

  it('refuses a body with more objects and arrays than any request holds, before it is parsed', () => {
    expect(() => assertFewContainers(bytes(many(MAX_JSON_CONTAINERS)))).toThrow(RequestValidationError);
    expect(() => assertFewContainers(bytes(many(MAX_JSON_CONTAINERS)))).toThrow(/more than 250,000 JSON objects and arrays/);
  });

  it('counts only what is outside strings: a prompt may quote JSON or code full of brackets', () => {
    const quoted = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: `say "{[" ${'{['.repeat(MAX_JSON_CONTAINERS)} \\ "` }] });
    expect(() => assertFewContainers(bytes(quoted))).not.toThrow();
    expect(() => assertFewContainers(bytes(many(MAX_JSON_CONTAINERS - 3)))).not.toThrow();
  });

  const wide = (keys: number): string => `{"model":"m","messages":[],"x":{${Array.from({ length: keys }, (_, i) => `"k${i}":1`).join(',')}}}`;

  it('refuses one object of more keys, or one array of more values, than any request holds: each is one container', () => {
    expect(() => assertFewContainers(bytes(wide(MAX_JSON_VALUES / 2 + 1)))).toThrow(/^the request holds more than 500,000 JSON values and keys$/);
    expect(() => assertFewContainers(bytes(`{"x":[${'0,'.repeat(MAX_JSON_VALUES)}0]}`))).toThrow(RequestValidationError);
    // 2k - 1 in x (a colon a key, a comma between two) and 5 around it: 500,000 at 249,998 keys
    expect(jsonTooBroad(bytes(wide(MAX_JSON_VALUES / 2 - 2)))).toBeUndefined();
    expect(jsonTooBroad(bytes(`{"x":[${'0,'.repeat(MAX_JSON_VALUES - 1)}0]}`))).toBeUndefined();
  });

  it('jumps over strings as JSON ends them: escaped quotes and backslashes', () => {
    const many = ',:'.repeat(MAX_JSON_VALUES);
    // an escaped quote does not end the string: what follows it is text
    expect(jsonTooBroad(bytes(`[${String.raw`"a\"`}${many}"]`))).toBeUndefined();
    expect(jsonTooBroad(bytes(`[${String.raw`"a\\\"`}${many}"]`))).toBeUndefined();
    // a quote after an escaped backslash does
    expect(jsonTooBroad(bytes(`[${String.raw`"a\\"`}${many}"]`))).toBe('more than 500,000 JSON values and keys');
    expect(jsonTooBroad(bytes(`[${String.raw`"\\\\"`}${many}"]`))).toBe('more than 500,000 JSON values and keys');
    // strings dense with escaped quotes (stepped through rather than searched)
    const dense = String.raw`\"`.repeat(1000);
    const denser = String.raw`\\\"`.repeat(1000);
    expect(jsonTooBroad(bytes(`["${dense}${many}"]`))).toBeUndefined();
    expect(jsonTooBroad(bytes(`["${denser}${many}"]`))).toBeUndefined();
    expect(jsonTooBroad(bytes(`["${dense}"${many}"]`))).toBe('more than 500,000 JSON values and keys');
    expect(jsonTooBroad(bytes(`["${denser}${String.raw`\\`}"${many}"]`))).toBe('more than 500,000 JSON values and keys');
    // a string never closed is not JSON, which JSON.parse says
    expect(jsonTooBroad(bytes(`["${',:'.repeat(MAX_JSON_VALUES)}`))).toBeUndefined();
  });
});

describe('jsonTooBroad for a provider\'s answer', () => {
  const bytes = (value: unknown): Buffer => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  const keys = (n: number, from = 0): string => Array.from({ length: n }, (_, i) => `"k${from + i}":1`).join(',');
  /** the object `json` opens with a string first that brings it past LAYOUTS_FROM_BYTES (strings are jumped over) */
  const padded = (json: string): string => `{"pad":"${'x'.repeat(LAYOUTS_FROM_BYTES)}",${json.slice(1)}`;

  it('counts no layouts or keys in an answer under LAYOUTS_FROM_BYTES (it parses in ~0.1 s at worst)', () => {
    const oneKeyObjects = `{"x":[${Array.from({ length: 5_000 }, (_, i) => `{"k${i}":1}`).join(',')}]}`;
    expect(Buffer.byteLength(oneKeyObjects)).toBeLessThan(LAYOUTS_FROM_BYTES);
    expect(jsonTooBroad(bytes(oneKeyObjects), ANSWER_BREADTH)).toBeUndefined();
    expect(jsonTooBroad(bytes(padded(oneKeyObjects)), ANSWER_BREADTH)).toBe('more than 1,000 distinct JSON object layouts (key sequences)');
  });

  it('passes a logprobs answer far broader than any request (its keys are the same few again and again)', () => {
    // 3,000 tokens: ~540,000 values and keys, more than a request may hold
    const answer = bytes(logprobsAnswer(3000));
    expect(jsonTooBroad(answer)).toBe('more than 500,000 JSON values and keys');
    expect(jsonTooBroad(answer, ANSWER_BREADTH)).toBeUndefined();
    // gpt-4o's longest answer (16,384 tokens, 20 MB, ~3 million values and keys, ~700,000 objects and arrays)
    expect(jsonTooBroad(bytes(logprobsAnswer(16_384)), ANSWER_BREADTH)).toBeUndefined();
  });

  const layouts = 'more than 1,000 distinct JSON object layouts (key sequences)';
  const objectKeys = 'more than 50,000 distinct JSON object keys';

  it('refuses more distinct keys than the bound, in one object (the hunter\'s answer) or in few', () => {
    // counted by hash: two may hash alike, letting one or two more through
    expect(jsonTooBroad(bytes(padded(`{"x":{${keys(MAX_ANSWER_JSON_KEYS - 100)}}}`)), ANSWER_BREADTH)).toBeUndefined();
    expect(jsonTooBroad(bytes(padded(`{"x":{${keys(MAX_ANSWER_JSON_KEYS + 100)}}}`)), ANSWER_BREADTH)).toBe(objectKeys);
    // the same keys again in the same order are no more; a key's bytes name it (escapes and all)
    expect(jsonTooBroad(bytes(padded(`{"x":[{${keys(30_000)}},{${keys(30_000)}}]}`)), ANSWER_BREADTH)).toBeUndefined();
    expect(jsonTooBroad(bytes(padded(`{"x":[{${keys(30_000)}},{${keys(30_000, 30_000)}}]}`)), ANSWER_BREADTH)).toBe(objectKeys);
  });

  it('refuses objects of more distinct layouts than the bound, however many objects of each', () => {
    const oneKeyObjects = (n: number, times: number): string => `{"x":[${Array.from({ length: n * times }, (_, i) => `{"k${i % n}":1}`).join(',')}]}`;
    // "x"'s object is one more
    expect(jsonTooBroad(bytes(padded(oneKeyObjects(MAX_ANSWER_JSON_LAYOUTS - 1, 50))), ANSWER_BREADTH)).toBeUndefined();
    expect(jsonTooBroad(bytes(padded(oneKeyObjects(MAX_ANSWER_JSON_LAYOUTS, 1))), ANSWER_BREADTH)).toBe(layouts);
  });

  it('counts the same few keys in other orders as other layouts (each a new hidden class to V8)', () => {
    const permutations = (keys: string[]): string[][] => keys.length <= 1 ? [keys] : keys.flatMap((k, i) => permutations([...keys.slice(0, i), ...keys.slice(i + 1)]).map((rest) => [k, ...rest]));
    const objects = (orders: string[][]): string => `[${orders.map((order) => `{${order.map((k) => `"${k}":1`).join(',')}}`).join(',')}]`;
    // the 40,320 orders of 8 keys: ~110,000 key sequences (2 MB)
    const all = permutations(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(jsonTooBroad(bytes(objects(all)), ANSWER_BREADTH)).toBe(layouts);
    expect(jsonTooBroad(bytes(objects(all.map(() => all[0]!))), ANSWER_BREADTH)).toBeUndefined();
  });

  it('counts no string that is not a key: values, and text quoting JSON', () => {
    const strings = Array.from({ length: MAX_ANSWER_JSON_LAYOUTS * 2 }, (_, i) => `"v${i}"`).join(',');
    expect(jsonTooBroad(bytes(padded(`{"x":[${strings}]}`)), ANSWER_BREADTH)).toBeUndefined();
    expect(jsonTooBroad(bytes(padded(JSON.stringify({ content: `{${keys(MAX_ANSWER_JSON_LAYOUTS * 2)}}` }))), ANSWER_BREADTH)).toBeUndefined();
  });

  it('refuses more values and keys, or objects and arrays, than its own bounds', () => {
    expect(jsonTooBroad(bytes(`{"x":[${'0,'.repeat(MAX_ANSWER_JSON_VALUES - 1)}0]}`), ANSWER_BREADTH)).toBeUndefined();
    expect(jsonTooBroad(bytes(`{"x":[${'0,'.repeat(MAX_ANSWER_JSON_VALUES)}0]}`), ANSWER_BREADTH)).toBe('more than 4,000,000 JSON values and keys');
    expect(jsonTooBroad(bytes(`[${'[],'.repeat(MAX_ANSWER_JSON_CONTAINERS - 1)}[]]`), ANSWER_BREADTH)).toBe('more than 1,000,000 JSON objects and arrays');
    expect(jsonTooBroad(bytes(`[${'[],'.repeat(MAX_ANSWER_JSON_CONTAINERS - 2)}[]]`), ANSWER_BREADTH)).toBeUndefined();
  });
});
