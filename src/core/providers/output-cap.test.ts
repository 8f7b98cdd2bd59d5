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

  it("keeps Claude Code's manual thinking below the lowered max_tokens, as Anthropic requires, or leaves it off under its minimum", () => {
    const asked = { max_tokens: 32_000, thinking: { type: 'enabled', budget_tokens: 31_999 } };
    expect(cappedForwardBody('messages', asked, target)).toEqual({
      body: { max_tokens: 8192, thinking: { type: 'enabled', budget_tokens: 8191 } }, changed: ['max_tokens', 'thinking.budget_tokens'],
    });
    expect(asked.thinking.budget_tokens).toBe(31_999);
    // a budget already below the new limit, and adaptive thinking (no budget), go as asked
    expect(cappedForwardBody('messages', { max_tokens: 32_000, thinking: { type: 'enabled', budget_tokens: 4000 } }, target).changed).toEqual(['max_tokens']);
    expect(cappedForwardBody('messages', { max_tokens: 32_000, thinking: { type: 'adaptive' } }, target).body).toEqual({ max_tokens: 8192, thinking: { type: 'adaptive' } });
    // a model writing at most 1,024: no budget of at least 1,024 fits below it
    expect(cappedForwardBody('messages', asked, { ...target, maxOutputTokens: 1024 })).toEqual({ body: { max_tokens: 1024 }, changed: ['max_tokens', 'thinking'] });
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
