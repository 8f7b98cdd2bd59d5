import { describe, expect, it } from 'vitest';
import { anthropicFixture } from '../../../../test/fixtures/anthropic/load-fixture';
import { anthropicAdapter } from '../../providers/anthropic';
import { anthropicInbound } from './index';

/**
 * Anthropic in -> canonical -> Anthropic out: what an Anthropic client sent reaches Anthropic unchanged,
 * but for the prompt-cache marks: the client's do not survive the canonical form, and the adapter sets
 * its own (seen in `marks`, left out of the body compared).
 */
function throughCanonical(body: unknown): any {
  const req = anthropicInbound.toCanonical(body as Record<string, unknown>).request;
  const built = anthropicAdapter.buildChatRequest(req, { baseUrl: 'https://api.anthropic.com', modelName: 'claude-sonnet-4-5' });
  return JSON.parse(built.body ?? 'null', (key, value) => (key === 'cache_control' ? undefined : value));
}

/** Where the adapter put its cache marks: `tools`, `system` and each message, by block index. */
function marks(body: unknown): string[] {
  const req = anthropicInbound.toCanonical(body as Record<string, unknown>).request;
  const built = JSON.parse(anthropicAdapter.buildChatRequest(req, { baseUrl: 'https://api.anthropic.com', modelName: 'claude-sonnet-4-5' }).body ?? 'null');
  const at = (where: string, blocks: any[] | undefined): string[] => (blocks ?? []).flatMap((b, i) => (b.cache_control ? [`${where}[${i}]`] : []));
  return [...at('tools', built.tools), ...at('system', Array.isArray(built.system) ? built.system : []), ...built.messages.flatMap((m: any, i: number) => at(`messages[${i}]`, m.content))];
}

/** String content is shorthand for one text block; the adapter always writes blocks. */
function normalized(body: any): any {
  const blocks = (content: unknown): any[] => (typeof content === 'string' ? [{ type: 'text', text: content }] : (content as any[]));
  return {
    ...body,
    messages: body.messages.map((m: any) => ({
      ...m,
      content: blocks(m.content).map((b: any) => (b.type === 'tool_result' ? { ...b, content: blocks(b.content) } : b)),
    })),
  };
}

describe('anthropic request round trip', () => {
  it('keeps a plain request intact', () => {
    const original = anthropicFixture('text.request.json');
    expect(throughCanonical(original)).toEqual(normalized(original));
  });

  it('keeps tool use, tool results and tool choice, minus server tools', () => {
    const original = anthropicFixture('tool-use.request.json');
    expect(throughCanonical(original)).toEqual(normalized({ ...original, tools: [original.tools[0]] }));
  });

  it('keeps Claude Code history, dropping the unsigned-able thinking blocks and cache_control', () => {
    const out = throughCanonical(anthropicFixture('claude-code.request.json'));
    expect(out.system).toEqual([
      { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
      { type: 'text', text: 'You are an interactive CLI tool that helps users with software engineering tasks.' },
    ]);
    expect(out.messages[1].content).toEqual([
      { type: 'text', text: "I'll read it." },
      { type: 'tool_use', id: 'toolu_01Read', name: 'Read', input: { file_path: '/repo/package.json' } },
    ]);
    expect(out.messages[2].content).toEqual([
      { type: 'tool_result', tool_use_id: 'toolu_01Read', content: [{ type: 'text', text: '{"name":"demo"}' }] },
    ]);
    // its own marks are gone with the canonical form; the adapter's: last tool, system, the last two messages
    expect(marks(anthropicFixture('claude-code.request.json'))).toEqual(['tools[0]', 'system[1]', 'messages[1][1]', 'messages[2][0]']);
    // mid tool loop without signed thinking: thinking must stay off or Anthropic answers 400
    expect(out.thinking).toBeUndefined();
    expect(out.max_tokens).toBe(32000);
  });
});
