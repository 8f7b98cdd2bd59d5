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
});
