import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical';
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
