import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, ResponseFormat } from '../../canonical';
import { openaiResponsesAdapter } from '../openai-responses';
import { openaiAdapter } from './index';
import { meetsStrictRules } from './strict-schema';

const closed = { type: 'object', properties: { city: { type: 'string' }, days: { type: ['integer', 'null'] } }, required: ['city', 'days'], additionalProperties: false };
const optional = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'], additionalProperties: false };
const target = { baseUrl: 'https://api.openai.com/v1', modelName: 'gpt-4.1-mini', providerType: 'openai' as const };

function req(responseFormat: ResponseFormat): CanonicalRequest {
  return { model: 'auto', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false, includeUsage: false, responseFormat };
}
function chat(format: ResponseFormat): { format: any; dropped: string[] } {
  const out = openaiAdapter.buildChatRequest(req(format), target);
  return { format: JSON.parse(out.body!).response_format.json_schema, dropped: out.dropped ?? [] };
}
function chatTo(providerType: string, modelName: string, format: ResponseFormat): { format: any; dropped: string[] } {
  const out = openaiAdapter.buildChatRequest(req(format), { ...target, providerType: providerType as never, modelName });
  return { format: JSON.parse(out.body!).response_format, dropped: out.dropped ?? [] };
}
function responses(format: ResponseFormat): { format: any; dropped: string[] } {
  const out = openaiResponsesAdapter.buildChatRequest(req(format), target);
  return { format: JSON.parse(out.body!).text.format, dropped: out.dropped ?? [] };
}

describe.each([['chat', chat], ['responses', responses]] as const)('a schema the client\'s API enforced, to OpenAI %s', (_, build) => {
  it('goes strict when strict mode takes it, nothing named', () => {
    const { format, dropped } = build({ type: 'json_schema', name: 'output', schema: closed, strict: true });
    expect(format.strict).toBe(true);
    expect(format.schema).toEqual(closed);
    expect(dropped).not.toContain('response_format');
  });

  it('goes without strict, named dropped, when strict mode would refuse it', () => {
    const { format, dropped } = build({ type: 'json_schema', name: 'output', schema: optional, strict: true });
    expect(format.strict).toBe(false);
    expect(format.schema).toEqual(optional);
    expect(dropped).toContain('response_format');
  });

  it('goes without strict when it requires a name it does not list (OpenAI: "Extra required key")', () => {
    const extra = { ...closed, required: ['city', 'days', 'country'] };
    const { format, dropped } = build({ type: 'json_schema', name: 'output', schema: extra, strict: true });
    expect(format.strict).toBe(false);
    expect(dropped).toContain('response_format');
  });

  it('leaves a schema the client did not ask enforced as it was', () => {
    for (const strict of [undefined, false]) {
      const { format, dropped } = build({ type: 'json_schema', name: 'output', schema: optional, ...(strict === undefined ? {} : { strict }) });
      expect(format.strict).toBe(strict);
      expect(dropped).not.toContain('response_format');
    }
  });
});

describe('strict: true only where the provider takes it', () => {
  const enforced: ResponseFormat = { type: 'json_schema', name: 'output', schema: closed, strict: true };

  it('goes strict to OpenAI, OpenRouter, xAI, Mistral and Groq\'s gpt-oss models, nothing named', () => {
    for (const [type, model] of [['openai', 'gpt-4.1'], ['openrouter', 'openai/gpt-4o'], ['xai', 'grok-4'], ['mistral', 'mistral-small-latest'],
      ['groq', 'openai/gpt-oss-20b'], ['groq', 'openai/gpt-oss-120b']]) {
      const { format, dropped } = chatTo(type!, model!, enforced);
      expect(format).toEqual({ type: 'json_schema', json_schema: { name: 'output', schema: closed, strict: true } });
      expect(dropped).not.toContain('response_format');
    }
  });

  it('leaves strict out (best effort) and names response_format where the model has no strict mode', () => {
    for (const [type, model] of [['groq', 'llama-3.3-70b-versatile'], ['groq', 'moonshotai/kimi-k2-instruct'], ['together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo'],
      ['deepseek', 'deepseek-chat'], ['openai-compatible', 'any']]) {
      const { format, dropped } = chatTo(type!, model!, enforced);
      expect(format).toEqual({ type: 'json_schema', json_schema: { name: 'output', schema: closed } });
      expect(dropped).toEqual(['response_format']);
    }
  });

  it('leaves strict out, nothing named, where a local server\'s grammar enforces the schema', () => {
    for (const type of ['lmstudio', 'ollama']) {
      const { format, dropped } = chatTo(type, 'qwen3-8b', enforced);
      expect(format).toEqual({ type: 'json_schema', json_schema: { name: 'output', schema: closed } });
      expect(dropped).toEqual([]);
    }
  });

  it('sends a strict false as it was to a model with no strict mode', () => {
    const { format, dropped } = chatTo('groq', 'llama-3.3-70b-versatile', { ...enforced, strict: false });
    expect(format.json_schema.strict).toBe(false);
    expect(dropped).toEqual([]);
  });
});

describe('meetsStrictRules', () => {
  it('takes closed objects with every property required, nested, in anyOf, items and $defs', () => {
    expect(meetsStrictRules(closed)).toBe(true);
    expect(meetsStrictRules({
      type: 'object', additionalProperties: false, required: ['who', 'list'],
      properties: { who: { anyOf: [{ $ref: '#/$defs/p' }, { type: 'null' }] }, list: { type: 'array', items: { $ref: '#/$defs/p' } } },
      $defs: { p: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } },
    })).toBe(true);
  });

  it('refuses a root that is not an object, an open object, an optional property, allOf/oneOf, and those nested', () => {
    const nested = (inner: unknown) => ({ type: 'object', properties: { x: inner }, required: ['x'], additionalProperties: false });
    for (const s of [
      { type: 'array', items: { type: 'string' } }, { ...closed, additionalProperties: undefined }, optional,
      { ...closed, allOf: [] }, nested({ oneOf: [{ type: 'string' }] }), nested({ type: 'object', properties: { y: { type: 'string' } } }),
      nested({ type: 'array', items: optional }), { ...closed, $defs: { d: optional } },
    ]) expect(meetsStrictRules(s as Record<string, unknown>)).toBe(false);
  });
});
