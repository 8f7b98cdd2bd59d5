import { describe, expect, it } from 'vitest';
import { thinkingForClaude } from './claude-thinking';
import { anthropicAdapter } from './index';

const messages = [{ role: 'user', content: 'Hi' }];
const forward = (body: Record<string, unknown>, modelName: string, routed: boolean) => {
  const http = anthropicAdapter.buildForwardRequest({ model: 'x', max_tokens: 32_000, messages, ...body }, { baseUrl: 'http://h', modelName }, { stream: false, routed });
  return { body: JSON.parse(http.body as string) as Record<string, unknown>, dropped: http.dropped ?? [] };
};

describe('a forwarded body\'s thinking for the Claude model routing chose', () => {
  it('says a budget as adaptive thinking to Opus 4.7 and later, the effort the budget spends, and names it', () => {
    expect(forward({ thinking: { type: 'enabled', budget_tokens: 8000 } }, 'claude-opus-4-7', true)).toEqual({
      body: { model: 'claude-opus-4-7', max_tokens: 32_000, messages, thinking: { type: 'adaptive' }, output_config: { effort: 'medium' } },
      dropped: ['thinking'],
    });
    // high is the API's default effort; an output_config the client set is kept, its own effort first
    expect(forward({ thinking: { type: 'enabled', budget_tokens: 24_000 }, output_config: { format: { type: 'json_schema' } } }, 'claude-sonnet-5', true).body)
      .toMatchObject({ thinking: { type: 'adaptive' }, output_config: { format: { type: 'json_schema' } } });
    expect(forward({ thinking: { type: 'enabled', budget_tokens: 1024 }, output_config: { effort: 'max' } }, 'claude-opus-4-8', true).body)
      .toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'max' } });
  });

  it('says adaptive thinking as a budget to Claude before 4.6, from the effort (high when none), below max_tokens', () => {
    expect(forward({ thinking: { type: 'adaptive' } }, 'claude-sonnet-4-5', true)).toEqual({
      body: { model: 'claude-sonnet-4-5', max_tokens: 32_000, messages, thinking: { type: 'enabled', budget_tokens: 24_576 } },
      dropped: ['thinking'],
    });
    expect(forward({ thinking: { type: 'adaptive' }, output_config: { effort: 'low' } }, 'claude-opus-4-5-20251101', true)).toEqual({
      body: { model: 'claude-opus-4-5-20251101', max_tokens: 32_000, messages, thinking: { type: 'enabled', budget_tokens: 1024 } },
      dropped: ['thinking', 'output_config.effort'],
    });
    expect(forward({ max_tokens: 4096, thinking: { type: 'adaptive' }, output_config: { effort: 'max', format: { type: 'json_schema' } } }, 'claude-3-7-sonnet-latest', true).body)
      .toMatchObject({ max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 4095 }, output_config: { format: { type: 'json_schema' } } });
    // no room for the least budget: no thinking
    const small = forward({ max_tokens: 1000, thinking: { type: 'adaptive' } }, 'claude-haiku-4-5', true);
    expect(small.body.thinking).toBeUndefined();
    expect(small.dropped).toEqual(['thinking']);
  });

  it('leaves what the model takes, a name stating no version, and the model the client named as sent', () => {
    const budget = { thinking: { type: 'enabled', budget_tokens: 8000 } };
    const adaptive = { thinking: { type: 'adaptive' } };
    expect(forward(budget, 'claude-sonnet-4-5', true)).toMatchObject({ body: budget, dropped: [] });
    expect(forward(adaptive, 'claude-opus-4-7', true)).toMatchObject({ body: adaptive, dropped: [] });
    // 4.6 takes both
    expect(forward(budget, 'claude-opus-4-6', true)).toMatchObject({ body: budget, dropped: [] });
    expect(forward(adaptive, 'claude-sonnet-4-6', true)).toMatchObject({ body: adaptive, dropped: [] });
    expect(forward(budget, 'my-proxy-model', true)).toMatchObject({ body: budget, dropped: [] });
    expect(forward(budget, 'claude-opus-4-7', false)).toMatchObject({ body: budget, dropped: [] });
    expect(forward(adaptive, 'claude-sonnet-4-5', false)).toMatchObject({ body: adaptive, dropped: [] });
  });

  it('names thinking once when a budget it made must go for an unsigned tool turn', () => {
    const loop = [...messages, { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok' }] }];
    const out = forward({ messages: loop, thinking: { type: 'adaptive' } }, 'claude-sonnet-4-5', true);
    expect(out.body.thinking).toBeUndefined();
    expect(out.dropped).toEqual(['thinking']);
  });

  it("takes Claude Code's clear_thinking edit away with thinking left off for want of room (a 400 without thinking), named", () => {
    const edits = { context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] } };
    const small = forward({ max_tokens: 1000, thinking: { type: 'adaptive' }, ...edits }, 'claude-sonnet-4-5', true);
    expect(small.body.thinking).toBeUndefined();
    expect(small.body.context_management).toBeUndefined();
    expect(small.dropped).toEqual(['thinking', 'context_management']);
    // with thinking kept, or for the model the client named, the edit stays
    expect(forward({ thinking: { type: 'adaptive' }, ...edits }, 'claude-sonnet-4-5', true).body.context_management).toEqual(edits.context_management);
    expect(forward({ max_tokens: 1000, thinking: { type: 'adaptive' }, ...edits }, 'claude-sonnet-4-5', false).body.context_management).toEqual(edits.context_management);
  });

  it('changes only the body it is given', () => {
    const body: Record<string, unknown> = { thinking: { type: 'enabled', budget_tokens: 2000 } };
    const dropped: string[] = [];
    thinkingForClaude(body, 'claude-opus-4-7', dropped);
    expect(body).toEqual({ thinking: { type: 'adaptive' }, output_config: { effort: 'low' } });
  });
});
