import { describe, expect, it } from 'vitest';
import { contextOverflowMessage } from './context-overflow';

describe('contextOverflowMessage', () => {
  it('a prompt alone past the context is too long, with the prompt alone as its size', () => {
    expect(contextOverflowMessage('messages', { needs: 250_000, output: 32_000, has: 200_000 })).toBe('prompt is too long: 218000 tokens > 200000 maximum');
    expect(contextOverflowMessage('chat', { needs: 9_000, has: 8_192 })).toMatch(/However, your messages resulted in 9000 tokens\./);
  });

  it('a prompt that fits, but not beside the output asked for, names both as each provider does', () => {
    const sizes = { needs: 150_000, output: 32_000, has: 128_000 };
    expect(contextOverflowMessage('messages', sizes))
      .toBe('input length and `max_tokens` exceed context limit: 118000 + 32000 > 128000, decrease input length or `max_tokens` and try again');
    expect(contextOverflowMessage('chat', sizes)).toBe(
      "This model's maximum context length is 128000 tokens. However, you requested 150000 tokens (118000 in the messages, 32000 in the completion). Please reduce the length of the messages or completion.",
    );
    expect(contextOverflowMessage('responses', sizes)).toMatch(/118000 in the messages, 32000 in the completion/);
    expect(contextOverflowMessage('gemini', sizes)).toBe('The input token count (118000) and maxOutputTokens (32000) exceed the maximum number of tokens allowed (128000).');
  });

  it('a prompt that fits, but not beside the room kept when the client asked no output, never says the client requested it', () => {
    const sizes = { needs: 4330, output: 1024, has: 4096, reserved: true };
    expect(contextOverflowMessage('chat', sizes)).toBe(
      "This model's maximum context length is 4096 tokens. However, your messages resulted in 3306 tokens, leaving less than the 1024 tokens kept for the answer when the request sets no max_tokens. Please reduce the length of the messages.",
    );
    expect(contextOverflowMessage('responses', sizes)).toMatch(/resulted in 3306 tokens, leaving less than the 1024 tokens kept for the answer when the request sets no max_output_tokens\./);
    expect(contextOverflowMessage('gemini', sizes)).toBe('The input token count (3306) exceeds the maximum number of tokens allowed (4096) less the 1024 kept for the answer when the request sets no maxOutputTokens.');
    expect(contextOverflowMessage('messages', sizes)).toMatch(/^prompt is too long: 3306 tokens > 3072 maximum /);
    for (const api of ['chat', 'responses', 'gemini', 'messages'] as const) expect(contextOverflowMessage(api, sizes)).not.toMatch(/requested|in the completion|and maxOutputTokens|`max_tokens` exceed/);
  });
});
