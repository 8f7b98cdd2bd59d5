import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../canonical';
import { chatCapabilities, chatNeeds, embeddingNeeds } from './request-needs';

const base: CanonicalRequest = {
  model: 'auto', system: [], stream: false, includeUsage: false,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
};

describe('chatCapabilities', () => {
  it('is just chat for a plain request', () => {
    expect(chatCapabilities(base)).toEqual(['chat']);
  });

  it('adds tools, vision and json from the request', () => {
    const req: CanonicalRequest = {
      ...base,
      tools: [{ name: 'f', parameters: { type: 'object' } }],
      responseFormat: { type: 'json_object' },
      messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } }] }],
    };
    expect(chatCapabilities(req)).toEqual(['chat', 'tools', 'vision', 'json']);
    expect(chatCapabilities({ ...base, tools: [] })).toEqual(['chat']);
    expect(chatCapabilities({ ...base, responseFormat: { type: 'text' } })).toEqual(['chat']);
    expect(chatCapabilities({ ...base, responseFormat: { type: 'json_schema', name: 's', schema: {} } })).toEqual(['chat', 'json']);
  });
});

describe('chatNeeds / embeddingNeeds', () => {
  it('carry tokens, max output and secrets', () => {
    expect(chatNeeds({ ...base, maxTokens: 300 }, 42, ['jwt'])).toEqual({
      estimatedInputTokens: 42, maxOutputTokens: 300, capabilities: ['chat'], secretsFound: ['jwt'],
    });
    expect(embeddingNeeds(1000, 400)).toEqual({
      estimatedInputTokens: 1000, maxOutputTokens: undefined, capabilities: ['embeddings'], secretsFound: [], longestInputTokens: 400,
    });
  });
});
