import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../canonical';
import { parseOpenAIChatRequest } from './parse-request';
import { responsesToCanonical } from '../responses/parse-request';

const chat = (extra: Record<string, unknown>) =>
  parseOpenAIChatRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...extra }).request;
const responses = (extra: Record<string, unknown>) => responsesToCanonical({ model: 'm', input: 'hi', ...extra }).request;

/** The 400 an unknown value gets: a RequestValidationError naming the parameter. */
const refused = (param: string, message: string) => expect.objectContaining({ constructor: RequestValidationError, param, message });

describe('the reasoning effort both OpenAI APIs take', () => {
  // before: a lookup in an object literal found Object.prototype's members, and the request went on
  // with reasoningEffort set to a function
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('refuses %s as it refuses any unknown effort', (effort) => {
    const message = (param: string) => `Invalid value for '${param}': '${effort}'.`;
    expect(() => chat({ reasoning_effort: effort })).toThrow(refused('reasoning_effort', message('reasoning_effort')));
    expect(() => responses({ reasoning: { effort } })).toThrow(refused('reasoning.effort', message('reasoning.effort')));
  });

  it('reads the same names the same way in both', () => {
    for (const effort of ['minimal', 'low', 'medium', 'high', 'xhigh', 'max', 'ultra']) {
      expect(chat({ reasoning_effort: effort }).reasoningEffort).toBe(effort);
      expect(responses({ reasoning: { effort } }).reasoningEffort).toBe(effort);
    }
    expect(chat({ reasoning_effort: 'none' })).toMatchObject({ thinkingBudgetTokens: 0 });
    expect(responses({ reasoning: { effort: 'none' } })).toMatchObject({ thinkingBudgetTokens: 0 });
  });
});

describe('the end-user id and cache key both OpenAI APIs take', () => {
  it('carries safety_identifier over user, names the user dropped, and carries prompt_cache_key', () => {
    const body = { safety_identifier: 's', user: 'u', prompt_cache_key: 'k' };
    const c = parseOpenAIChatRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...body });
    const r = responsesToCanonical({ model: 'm', input: 'hi', ...body });
    for (const { request, dropped } of [c, r]) {
      expect(request).toMatchObject({ user: 's', userField: 'safety_identifier', promptCacheKey: 'k' });
      expect(dropped).toContain('user');
    }
    expect(chat({ user: 'u' })).toMatchObject({ user: 'u' });
    expect(responses({ user: 'u' }).userField).toBeUndefined();
  });
});
