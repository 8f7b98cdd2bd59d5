import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, ResponseFormat, UpstreamTarget } from '../../canonical';
import { anthropicAdapter } from './index';
import { anthropicSchema, takesStructuredOutputs } from './output-format';

const target: UpstreamTarget = { baseUrl: 'https://api.anthropic.com', modelName: 'claude-sonnet-4-5', apiKey: 'sk-ant-test-key' };
const schema = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'array', items: { type: 'integer' } } }, required: ['city', 'days'], additionalProperties: false };

function built(responseFormat: ResponseFormat, over: Partial<CanonicalRequest> = {}, t: UpstreamTarget = target): { body: any; dropped: string[] } {
  const req: CanonicalRequest = { model: 'auto', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false, includeUsage: false, responseFormat, ...over };
  const out = anthropicAdapter.buildChatRequest(req, t);
  return { body: JSON.parse(out.body!), dropped: out.dropped ?? [] };
}

describe('structured output to Anthropic', () => {
  it('sends a json_schema as output_config.format to Claude 4.5 and later, with no instruction in the prompt and nothing named', () => {
    for (const modelName of ['claude-sonnet-4-5', 'claude-haiku-4-5-20251001', 'claude-opus-4-7', 'claude-sonnet-5', 'my-claude-proxy']) {
      const { body, dropped } = built({ type: 'json_schema', name: 'trip', schema, strict: true }, { system: ['be brief'] }, { ...target, modelName });
      expect(body.output_config).toEqual({ format: { type: 'json_schema', schema } });
      expect(body.system).toEqual('be brief');
      expect(dropped).not.toContain('response_format');
    }
  });

  it('keeps the effort beside the format in one output_config', () => {
    const { body } = built({ type: 'json_schema', name: 'trip', schema }, { reasoningEffort: 'low' }, { ...target, modelName: 'claude-opus-4-6' });
    expect(body.thinking).toEqual({ type: 'adaptive' });
    expect(body.output_config).toEqual({ effort: 'low', format: { type: 'json_schema', schema } });
  });

  it('closes objects that leave additionalProperties out, and puts the format\'s description on the schema', () => {
    const open = { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } } } };
    const { body } = built({ type: 'json_schema', name: 'x', description: 'what x is', schema: open });
    expect(body.output_config.format.schema).toEqual({
      type: 'object', description: 'what x is', additionalProperties: false,
      properties: { a: { type: 'object', additionalProperties: false, properties: { b: { type: 'string' } } } },
    });
  });

  it('asks in words and names response_format dropped for a model before 4.5 or a schema Anthropic refuses', () => {
    const older = built({ type: 'json_schema', name: 'trip', schema, strict: true }, {}, { ...target, modelName: 'claude-opus-4-1' });
    expect(older.body.output_config).toBeUndefined();
    expect(older.body.system).toContain('"city"');
    expect(older.dropped).toContain('response_format');
    const bounded = { ...schema, properties: { ...schema.properties, days: { type: 'integer', minimum: 1 } } };
    const refused = built({ type: 'json_schema', name: 'trip', schema: bounded });
    expect(refused.body.output_config).toBeUndefined();
    expect(refused.body.system).toContain('"minimum":1');
    expect(refused.dropped).toContain('response_format');
  });

  it('leaves JSON mode in the prompt, unnamed as before', () => {
    const { body, dropped } = built({ type: 'json_object' });
    expect(body.output_config).toBeUndefined();
    expect(body.system).toMatch(/JSON object/);
    expect(dropped).not.toContain('response_format');
  });
});

describe('takesStructuredOutputs', () => {
  it('is Claude 4.5 and later, and a name stating no version', () => {
    expect(['claude-haiku-4-5', 'claude-sonnet-4-5-20250929', 'claude-opus-4-5', 'claude-opus-4-6', 'claude-fake'].every(takesStructuredOutputs)).toBe(true);
    expect(['claude-opus-4-1', 'claude-sonnet-4-20250514', 'claude-3-5-haiku-20241022', 'claude-3-7-sonnet-latest'].some(takesStructuredOutputs)).toBe(false);
  });
});

describe('anthropicSchema', () => {
  it('takes what zod helpers write: $defs with $ref, anyOf, enums, supported formats, minItems 0 or 1', () => {
    const s = {
      type: 'object', additionalProperties: false, required: ['when', 'tags', 'kind', 'who'],
      properties: {
        when: { type: 'string', format: 'date-time' }, tags: { type: 'array', items: { type: 'string' }, minItems: 1 },
        kind: { enum: ['a', 'b', null] }, who: { anyOf: [{ $ref: '#/$defs/person' }, { type: 'null' }] },
      },
      $defs: { person: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } },
    };
    expect(anthropicSchema(s)).toEqual(s);
  });

  it('refuses what Anthropic refuses', () => {
    const obj = (p: Record<string, unknown>, more: Record<string, unknown> = {}) => ({ type: 'object', properties: { p }, ...more });
    for (const refused of [
      obj({ type: 'string', maxLength: 3 }), obj({ type: 'number', maximum: 3 }), obj({ type: 'string', format: 'regex' }),
      obj({ type: 'array', items: { type: 'string' }, minItems: 2 }), obj({ oneOf: [{ type: 'string' }, { type: 'number' }] }),
      obj({ enum: [{ a: 1 }] }), obj({ $ref: 'https://example.com/s.json' }),
      obj({ type: 'string' }, { additionalProperties: true }), obj({ type: 'object', additionalProperties: { type: 'string' } }), { type: 'object' },
      obj({ $ref: '#' }), obj({ $ref: '#/$defs/node' }, { $defs: { node: obj({ type: 'array', items: { $ref: '#/$defs/node' } }) } }),
    ]) expect(anthropicSchema(refused)).toBeUndefined();
  });

  it('refuses a $ref that is a JSON pointer other than to $defs or definitions, recursive or not, and keeps the instruction, named', () => {
    const viaPointer = { type: 'object', properties: { a: { type: 'object', properties: { n: { $ref: '#/properties/a' } } } }, required: ['a'], additionalProperties: false };
    const intoDef = { type: 'object', properties: { a: { $ref: '#/$defs/d/properties/x' } }, $defs: { d: { type: 'object', properties: { x: { type: 'string' } } } } };
    for (const refused of [viaPointer, intoDef]) expect(anthropicSchema(refused)).toBeUndefined();
    const { body, dropped } = built({ type: 'json_schema', name: 'tree', schema: viaPointer });
    expect(body.output_config).toBeUndefined();
    expect(body.system).toContain('#/properties/a');
    expect(dropped).toEqual(['response_format']);
    // a $defs or definitions ref still goes
    const defined = { type: 'object', properties: { a: { $ref: '#/definitions/d' } }, definitions: { d: { type: 'object', properties: { x: { type: 'string' } } } } };
    expect(anthropicSchema(defined)).toBeDefined();
  });

  it('reads a definition\'s name with its JSON-pointer escapes undone: recursive through one is refused, as is a ref to no definition', () => {
    const node = (ref: string) => ({ type: 'object', properties: { next: { $ref: ref } } });
    const escaped = { type: 'object', properties: { root: { $ref: '#/$defs/a~1b' } }, $defs: { 'a/b': node('#/$defs/a~1b') } };
    const encoded = { type: 'object', properties: { root: { $ref: '#/$defs/a%20b' } }, $defs: { 'a b': node('#/$defs/a%20b') } };
    const dangling = { type: 'object', properties: { root: { $ref: '#/$defs/nope' } }, $defs: {} };
    for (const refused of [escaped, encoded, dangling]) expect(anthropicSchema(refused)).toBeUndefined();
    // the same escape to a definition that is not recursive goes
    const leaf = { type: 'object', properties: { root: { $ref: '#/$defs/a~1b' } }, $defs: { 'a/b': { type: 'object', properties: { x: { type: 'string' } } } } };
    expect(anthropicSchema(leaf)).toBeDefined();
  });

  it('keeps $defs and definitions apart: a ref into one does not find a name only the other holds, and a cycle through both is seen', () => {
    const leaf = { type: 'object', properties: { s: { type: 'string' } } };
    // #/definitions/x where only $defs.x exists names nothing
    const crossed = { type: 'object', properties: { root: { $ref: '#/definitions/x' } }, $defs: { x: leaf } };
    expect(anthropicSchema(crossed)).toBeUndefined();
    // $defs.b -> #/definitions/a -> #/$defs/b, with a different, harmless $defs.a
    const cycle = {
      type: 'object', properties: { root: { $ref: '#/$defs/b' } },
      definitions: { a: { type: 'object', properties: { n: { $ref: '#/$defs/b' } } } },
      $defs: { a: leaf, b: { type: 'object', properties: { n: { $ref: '#/definitions/a' } } } },
    };
    expect(anthropicSchema(cycle)).toBeUndefined();
    // the same names in both places, no cycle: goes
    const both = {
      type: 'object', properties: { root: { $ref: '#/$defs/b' } },
      definitions: { a: leaf },
      $defs: { a: { type: 'object', properties: { n: { $ref: '#/$defs/b' } } }, b: { type: 'object', properties: { n: { $ref: '#/definitions/a' } } } },
    };
    expect(anthropicSchema(both)).toBeDefined();
  });
});
