import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../canonical';
import { jsonModeInstruction, jsonWordInstruction } from './json-mode-instruction';

const req = (r: Partial<CanonicalRequest>): CanonicalRequest => ({
  model: 'auto', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'give a recipe' }] }], stream: false, includeUsage: false,
  responseFormat: { type: 'json_object' }, ...r,
});
const text = (t: string) => [{ type: 'text' as const, text: t }];

describe('jsonWordInstruction', () => {
  it('is the JSON mode instruction when json_object is asked and no system or user text says "json"', () => {
    expect(jsonWordInstruction(req({}))).toBe(jsonModeInstruction({ type: 'json_object' }));
    // what the model said does not count: OpenAI's check is of the prompt, and a tool result is the tool's
    expect(jsonWordInstruction(req({ messages: [...req({}).messages, { role: 'assistant', content: text('{"json": 1}') }, { role: 'user', content: text('more') }] }))).toBeDefined();
  });

  it('is undefined where the prompt says it (any case), or JSON mode is not json_object', () => {
    expect(jsonWordInstruction(req({ messages: [{ role: 'user', content: text('A recipe as JSON') }] }))).toBeUndefined();
    expect(jsonWordInstruction(req({ messages: [{ role: 'system', content: text('json!') }, ...req({}).messages] }))).toBeUndefined();
    expect(jsonWordInstruction(req({ system: ['Reply in Json'] }))).toBeUndefined();
    expect(jsonWordInstruction(req({ responseFormat: undefined }))).toBeUndefined();
    expect(jsonWordInstruction(req({ responseFormat: { type: 'json_schema', name: 'r', schema: { type: 'object' } } }))).toBeUndefined();
  });

  it('does not count the leading system prompts where asked not to (the Responses API\'s instructions)', () => {
    expect(jsonWordInstruction(req({ system: ['Reply in JSON'] }), false)).toBeDefined();
  });
});
