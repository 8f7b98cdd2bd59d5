import { describe, expect, it } from 'vitest';
import { detectSecretsInTexts } from '../../privacy';
import { readOpenAIChatRequest } from './read';

describe('readOpenAIChatRequest', () => {
  it('reads a predicted output as text the model gets: the privacy guard sees its secrets', () => {
    const file = 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLF\n';
    for (const content of [file, [{ type: 'text', text: file }]]) {
      const read = readOpenAIChatRequest({ model: 'm', messages: [{ role: 'user', content: 'Rename the variable' }], prediction: { type: 'content', content } });
      expect(read.texts).toContain(file);
      expect(detectSecretsInTexts(read.texts)).toContain('aws_access_key');
      expect(read.nativeFeatures).toContain('prediction');
    }
  });

  it('counts logprobs asked for as a feature only Chat Completions carries back: auto tries its models first', () => {
    const hi = [{ role: 'user', content: 'hi' }];
    expect(readOpenAIChatRequest({ model: 'auto', messages: hi, logprobs: true }).nativeFeatures).toEqual(['logprobs']);
    expect(readOpenAIChatRequest({ model: 'auto', messages: hi, logprobs: true, top_logprobs: 2 }).nativeFeatures).toEqual(['logprobs', 'top_logprobs']);
    expect(readOpenAIChatRequest({ model: 'auto', messages: hi, logprobs: false }).nativeFeatures).toEqual([]);
    expect(readOpenAIChatRequest({ model: 'auto', messages: hi, logprobs: null, top_logprobs: null }).nativeFeatures).toEqual([]);
  });

  it('holds a web search (web_search_options) to Chat Completions, saying why: another API would answer from memory', () => {
    const hi = [{ role: 'user', content: 'latest node release' }];
    const search = readOpenAIChatRequest({ model: 'gpt-4o-search-preview', messages: hi, web_search_options: {} });
    expect(search.servableBy).toEqual(['chat']);
    expect(search.servableWhy).toBe('web search (web_search_options)');
    expect(search.nativeFeatures).toEqual(['web_search_options']);
    const located = readOpenAIChatRequest({ model: 'm', messages: hi, web_search_options: { search_context_size: 'low', user_location: { type: 'approximate', approximate: { country: 'GB' } } } });
    expect(located.servableBy).toEqual(['chat']);
    expect(readOpenAIChatRequest({ model: 'm', messages: hi }).servableBy).toBeUndefined();
    expect(readOpenAIChatRequest({ model: 'm', messages: hi, web_search_options: null }).servableBy).toBeUndefined();
  });
});
