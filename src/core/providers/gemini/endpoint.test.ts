import { expect, it } from 'vitest';
import { UpstreamFailure } from '../../canonical';
import { geminiModelUrl } from './endpoint';

it('keeps a model name inside /v1beta/models/: a "." or ".." segment is refused, not resolved', () => {
  expect(geminiModelUrl('https://gw.example/acct-a/google', 'gemini-2.5-flash', 'generateContent'))
    .toBe('https://gw.example/acct-a/google/v1beta/models/gemini-2.5-flash:generateContent');
  expect(geminiModelUrl('https://gw.example', 'tunedModels/my-model', 'generateContent')).toBe('https://gw.example/v1beta/tunedModels/my-model:generateContent');
  for (const name of ['../../acct-b/x', 'a/../../b', 'models/..', './x']) {
    expect(() => geminiModelUrl('https://gw.example/acct-a/google', name, 'generateContent')).toThrow(UpstreamFailure);
  }
  // percent signs are the name's own: encoded, never a dot segment
  expect(geminiModelUrl('https://gw.example', '%2e%2e', 'countTokens')).toBe('https://gw.example/v1beta/models/%252e%252e:countTokens');
});
