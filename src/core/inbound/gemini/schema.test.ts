import { describe, expect, it } from 'vitest';
import { closedResponseSchema, geminiSchemaToJsonSchema } from './schema';

describe('geminiSchemaToJsonSchema', () => {
  it('turns Gemini\'s OpenAPI dialect into JSON Schema', () => {
    expect(geminiSchemaToJsonSchema({
      type: 'OBJECT',
      propertyOrdering: ['name', 'tags'],
      properties: {
        name: { type: 'STRING', nullable: true, description: 'who' },
        kind: { type: 'STRING', format: 'enum', enum: ['a', 'b'], nullable: true },
        tags: { type: 'ARRAY', items: { type: 'STRING' }, minItems: '1', maxItems: '5' },
        either: { anyOf: [{ type: 'INTEGER' }, { type: 'BOOLEAN' }], nullable: true },
      },
      required: ['name'],
    })).toEqual({
      type: 'object',
      properties: {
        name: { type: ['string', 'null'], description: 'who' },
        kind: { type: ['string', 'null'], enum: ['a', 'b', null] },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 5 },
        either: { anyOf: [{ type: 'integer' }, { type: 'boolean' }, { type: 'null' }] },
      },
      required: ['name'],
    });
  });

  it('leaves JSON Schema as it is, property names that look like keywords included', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { type: { type: 'string', default: 'x' }, nullable: { type: ['number', 'null'] }, ref: { $ref: '#/$defs/R' } },
      $defs: { R: { type: 'object', additionalProperties: false } },
      additionalProperties: false,
    };
    expect(geminiSchemaToJsonSchema(schema)).toEqual(schema);
  });
});

describe('closedResponseSchema', () => {
  it('closes every object that names properties and says nothing of more, through properties, items, anyOf and $defs', () => {
    expect(closedResponseSchema({
      type: 'object',
      properties: {
        who: { type: 'object', properties: { name: { type: 'string' } } },
        tags: { type: 'array', items: { type: 'object', properties: { t: { type: 'string' } } } },
        either: { anyOf: [{ type: 'object', properties: { a: { type: 'integer' } } }, { type: 'null' }] },
        ref: { $ref: '#/$defs/R' },
      },
      $defs: { R: { type: 'object', properties: { r: { type: 'string' } } } },
    })).toEqual({
      type: 'object',
      properties: {
        who: { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false },
        tags: { type: 'array', items: { type: 'object', properties: { t: { type: 'string' } }, additionalProperties: false } },
        either: { anyOf: [{ type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: false }, { type: 'null' }] },
        ref: { $ref: '#/$defs/R' },
      },
      $defs: { R: { type: 'object', properties: { r: { type: 'string' } }, additionalProperties: false } },
      additionalProperties: false,
    });
  });

  it('leaves an object that says additionalProperties, has no properties, or is composed with more, and what is under not or allOf', () => {
    const schema = {
      type: 'object',
      properties: {
        open: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true },
        map: { type: 'object', additionalProperties: { type: 'string' } },
        bare: { type: 'object' },
        composed: { type: 'object', properties: { kind: { type: 'string' } }, allOf: [{ properties: { x: { type: 'string' } } }] },
        negated: { not: { type: 'object', properties: { a: { type: 'string' } } } },
      },
      additionalProperties: false,
    };
    expect(closedResponseSchema(schema)).toEqual(schema);
  });
  it('leaves open what meets other properties: a definition used as a base, anyOf members beside own properties', () => {
    // "extends": Base closed would refuse the name the referring object adds
    const extended = {
      type: 'object', allOf: [{ $ref: '#/$defs/Base' }], properties: { name: { type: 'string' } },
      $defs: { Base: { type: 'object', properties: { id: { type: 'string' } } } },
    };
    expect(closedResponseSchema(extended)).toEqual(extended);
    const referred = {
      type: 'object', $ref: '#/$defs/Base', properties: { name: { type: 'string' } },
      $defs: { Base: { type: 'object', properties: { id: { type: 'string' } } } },
    };
    expect(closedResponseSchema(referred)).toEqual(referred);
    // each member sees the object's kind too: closed, {kind, a} would fit neither
    const members = { type: 'object', properties: { kind: { type: 'string' } }, anyOf: [{ properties: { a: { type: 'string' } } }, { properties: { b: { type: 'string' } } }] };
    expect(closedResponseSchema(members)).toEqual(members);
  });

  it('leaves an object requiring a name it does not list (closed, it would admit nothing)', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a', 'b'] };
    expect(closedResponseSchema(schema)).toEqual(schema);
    expect(closedResponseSchema({ ...schema, required: ['a'] })).toEqual({ ...schema, required: ['a'], additionalProperties: false });
  });
});
