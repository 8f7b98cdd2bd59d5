import { describe, expect, it } from 'vitest';
import { cappedForwardBody, defaultMaxTokens } from './output-cap';

describe('defaultMaxTokens: the output room of a request that set no limit', () => {
  it("is the model's own limit when streamed, within what the context leaves beside the prompt", () => {
    expect(defaultMaxTokens(64_000, 200_000, 20_000, true)).toBe(64_000);
    expect(defaultMaxTokens(64_000, 200_000, 180_000, true)).toBe(20_000);
    expect(defaultMaxTokens(64_000, 200_000, 199_900, true)).toBe(1024);
    expect(defaultMaxTokens(undefined, 200_000, 1_000, true)).toBe(4096);
  });

  it('is at most 8,192 unstreamed, whose first byte waits for the whole answer', () => {
    expect(defaultMaxTokens(64_000, 200_000, 20_000, false)).toBe(8192);
  });
});

describe('cappedForwardBody: a forwarded body for a model routing chose', () => {
  const target = { baseUrl: 'http://x', modelName: 'm', maxOutputTokens: 8192 };

  it("lowers the format's own output limit field and names it, leaving the client's body as it was", () => {
    const chat = { model: 'auto', max_tokens: 16_000, max_completion_tokens: 9000, messages: [] };
    expect(cappedForwardBody('chat', chat, target)).toEqual({ body: { ...chat, max_tokens: 8192, max_completion_tokens: 8192 }, changed: ['max_tokens', 'max_completion_tokens'] });
    expect(chat.max_tokens).toBe(16_000);
    expect(cappedForwardBody('messages', { max_tokens: 32_000 }, target)).toEqual({ body: { max_tokens: 8192 }, changed: ['max_tokens'] });
    expect(cappedForwardBody('responses', { max_output_tokens: 32_000 }, target)).toEqual({ body: { max_output_tokens: 8192 }, changed: ['max_output_tokens'] });
    const gemini = { generation_config: { max_output_tokens: 65_536, temperature: 1 } };
    expect(cappedForwardBody('gemini', gemini, target)).toEqual({ body: { generation_config: { max_output_tokens: 8192, temperature: 1 } }, changed: ['max_output_tokens'] });
    expect(gemini.generation_config.max_output_tokens).toBe(65_536);
  });

  it('returns the same body when nothing is above the limit or the model has none', () => {
    const fits = { max_tokens: 100 };
    expect(cappedForwardBody('messages', fits, target).body).toBe(fits);
    const big = { max_tokens: 100_000 };
    expect(cappedForwardBody('messages', big, { baseUrl: 'http://x', modelName: 'm' })).toEqual({ body: big, changed: [] });
    const gemini = { generationConfig: { temperature: 1 } };
    expect(cappedForwardBody('gemini', gemini, target).body).toBe(gemini);
  });
});
