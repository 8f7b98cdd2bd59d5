import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, UpstreamApi } from '../canonical';
import { adapterForApi } from './index';

const base: CanonicalRequest = { model: 'auto', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], stream: false, includeUsage: false, maxTokens: 4096 };
const APIS: UpstreamApi[] = ['chat', 'responses', 'messages', 'gemini'];
const dropped = (api: UpstreamApi, req: Partial<CanonicalRequest>, reasoning: boolean) =>
  adapterForApi(api).buildChatRequest({ ...base, ...req }, { baseUrl: 'http://127.0.0.1:1/v1', modelName: 'plain-model', reasoning }).dropped ?? [];

describe('a thinking wish sent to a model that does not reason', () => {
  it.each(APIS)('is named in dropped (%s upstream): a budget or an effort, none of which is sent', (api) => {
    expect(dropped(api, { thinkingBudgetTokens: 8_000 }, false)).toContain('reasoning_effort');
    expect(dropped(api, { reasoningEffort: 'high' }, false)).toContain('reasoning_effort');
    expect(dropped(api, { thinkingBudgetTokens: -1 }, false)).toContain('reasoning_effort');
  });

  it.each(APIS)('is not named when it asked for no thinking, or the least (%s upstream)', (api) => {
    expect(dropped(api, {}, false)).not.toContain('reasoning_effort');
    expect(dropped(api, { thinkingBudgetTokens: 0 }, false)).not.toContain('reasoning_effort');
    expect(dropped(api, { reasoningEffort: 'minimal' }, false)).not.toContain('reasoning_effort');
  });
});
