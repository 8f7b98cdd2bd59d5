import { describe, expect, it } from 'vitest';
import { needsCode, needsFromCode } from './needs-code';
import type { RequestNeeds } from './types';

describe('needsCode', () => {
  it('gives back what routing checks: capabilities, the APIs a request is held to and put first, web search, the 1M context', () => {
    const needs: RequestNeeds = {
      estimatedInputTokens: 5, maxOutputTokens: 9, capabilities: ['chat', 'tools', 'vision', 'json', 'documents'], secretsFound: [],
      servableBy: ['messages', 'gemini'], preferApi: 'messages', webSearch: true, context1m: true,
    };
    expect(needsFromCode(needsCode(needs), 5, 9)).toEqual(needs);
    const embeddings: RequestNeeds = { estimatedInputTokens: 7, maxOutputTokens: undefined, capabilities: ['embeddings'], secretsFound: [], servableBy: ['chat'] };
    expect(needsFromCode(needsCode(embeddings), 7, undefined)).toEqual(embeddings);
  });

  it('a plain chat request has none of the rest', () => {
    const code = needsCode({ capabilities: ['chat'] });
    expect(code).toBe(1);
    expect(needsFromCode(code, 100, undefined)).toEqual({ estimatedInputTokens: 100, maxOutputTokens: undefined, capabilities: ['chat'], secretsFound: [] });
  });

  it('each API has its own bit, apart from every capability', () => {
    const codes = (['chat', 'messages', 'responses', 'gemini'] as const).flatMap((api) => [needsCode({ capabilities: [], servableBy: [api] }), needsCode({ capabilities: [], preferApi: api })]);
    codes.push(needsCode({ capabilities: ['chat', 'tools', 'vision', 'json', 'embeddings', 'reasoning', 'documents'] }));
    for (let i = 0; i < codes.length; i++) for (let j = i + 1; j < codes.length; j++) expect(codes[i]! & codes[j]!).toBe(0);
  });
});
