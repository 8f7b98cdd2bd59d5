import { describe, expect, it } from 'vitest';
import { adapterForApi } from '../../core/providers';
import { keepsCallState } from './exchange';
import type { ProviderType } from '../../shared/types';

describe('keepsCallState', () => {
  it('looks for calls to keep the state of only in a translated answer to a request that offered tools, from an API whose calls carry some', () => {
    const x = (api: 'chat' | 'messages' | 'responses' | 'gemini', same: boolean, offersTools?: boolean, type: ProviderType = 'openai') => ({ adapter: adapterForApi(api), provider: { type }, same, ...(offersTools === undefined ? {} : { offersTools }) });
    for (const api of ['messages', 'responses', 'gemini'] as const) {
      expect(keepsCallState(x(api, false, true)), api).toBe(true);
      // no tools: no call can come, and a text stream's every event would go through the wrapper for nothing
      expect(keepsCallState(x(api, false, false)), api).toBe(false);
      expect(keepsCallState(x(api, false)), api).toBe(false);
      expect(keepsCallState(x(api, true, true)), api).toBe(false);
    }
    expect(keepsCallState(x('chat', false, true))).toBe(false);
    // OpenRouter's calls come with reasoning_details (Gemini 3's thought signatures) it wants back
    expect(keepsCallState(x('chat', false, true, 'openrouter'))).toBe(true);
    expect(keepsCallState(x('chat', false, false, 'openrouter'))).toBe(false);
    expect(keepsCallState(x('chat', true, true, 'openrouter'))).toBe(false);
  });
});
