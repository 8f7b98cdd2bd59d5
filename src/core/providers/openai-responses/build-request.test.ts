import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical';
import { jsonModeInstruction } from '../json-mode-instruction';
import { buildResponsesRequest } from './build-request';

// a schema OpenAI's strict mode takes
const CLOSED = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };

const req: CanonicalRequest = { model: 'auto', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'weather?' }] }], stream: false, includeUsage: false };
const target = { baseUrl: 'https://api.openai.com/v1', modelName: 'gpt-5.1-codex', providerType: 'openai' as const, reasoning: true };

describe('buildResponsesRequest: the output format', () => {
  it("writes a JSON schema's description, what the model reads the format is for, in text.format", () => {
    const http = buildResponsesRequest({ ...req, responseFormat: { type: 'json_schema', name: 'w', description: 'The weather', schema: CLOSED, strict: true } }, target);
    expect(JSON.parse(http.body!).text).toEqual({ format: { type: 'json_schema', name: 'w', description: 'The weather', schema: CLOSED, strict: true } });
    expect(http.dropped).toBeUndefined();
  });
});

describe('buildResponsesRequest: json_object, which OpenAI takes only with "json" in the input messages', () => {
  const body = (r: Partial<CanonicalRequest>) => JSON.parse(buildResponsesRequest({ ...req, responseFormat: { type: 'json_object' }, ...r }, target).body!);
  const said = { role: 'developer', content: jsonModeInstruction({ type: 'json_object' }) };

  it('says it in a developer message first where no input message does; instructions do not count', () => {
    expect(body({}).input).toEqual([said, { role: 'user', content: [{ type: 'input_text', text: 'weather?' }] }]);
    const b = body({ system: ['Answer in JSON.'] });
    expect(b.instructions).toBe('Answer in JSON.');
    expect(b.input[0]).toEqual(said);
    expect(b.text).toEqual({ format: { type: 'json_object' } });
  });

  it('adds nothing where a user or system message says it, or where no json_object is sent', () => {
    expect(body({ messages: [{ role: 'user', content: [{ type: 'text', text: 'weather as json?' }] }] }).input).toHaveLength(1);
    expect(body({ messages: [{ role: 'system', content: [{ type: 'text', text: 'JSON only' }] }, ...req.messages] }).input).toHaveLength(2);
    expect(body({ responseFormat: { type: 'json_schema', name: 'w', schema: CLOSED } }).input).toHaveLength(1);
  });
});
