import { describe, expect, it } from 'vitest';
import { geminiSchemaToJsonSchema } from './schema';

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
