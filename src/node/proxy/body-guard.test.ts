import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../core/canonical';
import { assertSafeRequestJson, MAX_JSON_DEPTH } from './body-guard';

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

  it('walks 20,000-deep input without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(20_000)}1${']'.repeat(20_000)}`);
    expect(() => assertSafeRequestJson(deep)).toThrow(/nested deeper/);
  });
});
