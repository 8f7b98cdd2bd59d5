// Anthropic refuses a system text block of whitespace alone (400 "system: text content blocks must contain
// non-whitespace text"): a translated request leaves such instructions out, as it leaves out blank user text.
import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, UpstreamTarget } from '../../canonical';
import { anthropicAdapter } from './index';

const target: UpstreamTarget = { baseUrl: 'https://api.anthropic.com', modelName: 'claude-sonnet-4-5', apiKey: 'sk-ant-test-key' };
const hi = { role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] };

function body(over: Partial<CanonicalRequest>): { system?: unknown; messages: unknown[] } {
  const r: CanonicalRequest = { model: 'auto', system: [], messages: [hi], stream: false, includeUsage: false, ...over };
  return JSON.parse(anthropicAdapter.buildChatRequest(r, target).body ?? 'null');
}

describe('anthropic buildChatRequest: whitespace-only system text', () => {
  it('leaves out leading instructions of whitespace alone (Responses instructions, Gemini systemInstruction)', () => {
    expect(body({ system: ['   '] }).system).toBeUndefined();
    expect(body({ system: ['Be terse', '\n'] }).system).toBe('Be terse');
  });

  it('leaves out a later system message of whitespace alone (chat), keeping the others', () => {
    const later = { role: 'system' as const, content: [{ type: 'text' as const, text: ' \n\t' }] };
    expect(body({ system: ['Be terse'], messages: [hi, later] }).system).toBe('Be terse');
    expect(body({ messages: [hi, later] }).system).toBeUndefined();
  });

  it('never makes a user turn of whitespace from instructions alone', () => {
    const sent = body({ system: ['  '], messages: [] });
    expect(sent.system).toBeUndefined();
    expect(JSON.stringify(sent.messages)).not.toMatch(/"text":"\s+"/);
  });
});
