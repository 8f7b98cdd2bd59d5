import { describe, expect, it } from 'vitest';
import { toGeminiParameters, toGeminiResponseJsonSchema } from './schema';

describe('toGeminiParameters', () => {
  it('drops keys Gemini rejects and keeps the ones it knows', () => {
    const out = toGeminiParameters({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'Args',
      type: 'object',
      additionalProperties: false,
      properties: {
        q: { type: 'string', description: 'query', minLength: 1, maxLength: 50, pattern: '^[a-z]+$', default: 'x', examples: ['y'] },
        n: { type: 'integer', minimum: 1, maximum: 10, format: 'int32', default: 3 },
        when: { type: 'string', format: 'date-time' },
        site: { type: 'string', format: 'uri' },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3, uniqueItems: true },
      },
      required: ['q'],
    });
    expect(out).toEqual({
      title: 'Args',
      type: 'object',
      properties: {
        q: { type: 'string', description: 'query', minLength: 1, maxLength: 50, pattern: '^[a-z]+$' },
        n: { type: 'integer', minimum: 1, maximum: 10, format: 'int32' },
        when: { type: 'string', format: 'date-time' },
        site: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 },
      },
      required: ['q'],
    });
  });

  it('returns undefined for a function without arguments', () => {
    expect(toGeminiParameters({ type: 'object', properties: {} })).toBeUndefined();
    expect(toGeminiParameters({ type: 'object' })).toBeUndefined();
    expect(toGeminiParameters(undefined)).toBeUndefined();
  });

  it('turns type arrays and null unions into nullable', () => {
    const out = toGeminiParameters({
      type: 'object',
      properties: {
        a: { type: ['string', 'null'] },
        b: { anyOf: [{ type: 'integer' }, { type: 'null' }], description: 'maybe a number' },
        c: { type: ['string', 'number'] },
        d: { oneOf: [{ type: 'string' }, { type: 'boolean' }] },
        e: { enum: ['x', 'y', null] },
      },
    });
    expect(out?.properties).toEqual({
      a: { type: 'string', nullable: true },
      b: { type: 'integer', description: 'maybe a number', nullable: true },
      c: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      d: { anyOf: [{ type: 'string' }, { type: 'boolean' }] },
      e: { type: 'string', enum: ['x', 'y'], nullable: true },
    });
  });

  it('maps const to a one-value enum and drops enums Gemini cannot express', () => {
    const out = toGeminiParameters({
      type: 'object',
      properties: { kind: { const: 'circle' }, level: { type: 'integer', enum: [1, 2, 3] } },
    });
    expect(out?.properties).toEqual({ kind: { type: 'string', enum: ['circle'] }, level: { type: 'integer' } });
  });

  it('inlines $ref from $defs and definitions and stops at recursion', () => {
    const out = toGeminiParameters({
      type: 'object',
      $defs: { Point: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } }, required: ['x', 'y'] } },
      definitions: { Node: { type: 'object', properties: { value: { type: 'string' }, next: { $ref: '#/definitions/Node' } } } },
      properties: {
        at: { $ref: '#/$defs/Point', description: 'where' },
        list: { $ref: '#/definitions/Node' },
        missing: { $ref: '#/$defs/Nope' },
      },
    });
    expect(out).toEqual({
      type: 'object',
      properties: {
        at: { type: 'object', description: 'where', properties: { x: { type: 'number' }, y: { type: 'number' } }, required: ['x', 'y'] },
        list: { type: 'object', properties: { value: { type: 'string' }, next: { type: 'object' } } },
        missing: { type: 'object' },
      },
    });
  });

  it('folds allOf, infers missing types and keeps required consistent with properties', () => {
    const out = toGeminiParameters({
      properties: {
        merged: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'string' } }, required: ['b', 'ghost'] }] },
        list: { items: { enum: ['p', 'q'] } },
        scalar: { type: 'string', properties: { x: { type: 'string' } }, required: ['x'] },
      },
      required: ['merged', 'undeclared'],
    });
    expect(out).toEqual({
      type: 'object',
      properties: {
        merged: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a', 'b'] },
        list: { type: 'array', items: { type: 'string', enum: ['p', 'q'] } },
        scalar: { type: 'string' },
      },
      required: ['merged'],
    });
  });
});

describe('toGeminiResponseJsonSchema', () => {
  it('keeps real JSON Schema, minus the meta keys', () => {
    const schema = { $schema: 's', $id: 'i', type: 'object', $defs: { A: { type: 'string' } }, properties: { a: { $ref: '#/$defs/A' } }, additionalProperties: false };
    expect(toGeminiResponseJsonSchema(schema)).toEqual({
      type: 'object', $defs: { A: { type: 'string' } }, properties: { a: { $ref: '#/$defs/A' } }, additionalProperties: false,
    });
  });

  it('gives an array without items string items (Gemini refuses a bare array)', () => {
    expect(toGeminiParameters({ type: 'object', properties: { tags: { type: 'array', description: 't' } } })).toEqual({
      type: 'object', properties: { tags: { type: 'array', description: 't', items: { type: 'string' } } },
    });
  });
});
