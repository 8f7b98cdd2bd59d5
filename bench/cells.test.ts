import { describe, expect, it } from 'vitest';
import { buildMatrix } from './cells';

describe('buildMatrix', () => {
  it('covers route x prompt x mode x first-token delay x concurrency per group, headline cells with more rounds', () => {
    const cells = buildMatrix({
      groups: [{ routes: ['openai', 'anthropic'], prompts: ['1k'], concurrencies: [1, 16, 64], ttfts: [0, 50] }],
      chunks: 50, rounds: 2, headlineRounds: 4, headlinePrompt: '1k',
    });
    expect(cells).toHaveLength(2 * 3 * 2 * 2);
    expect(new Set(cells.map((c) => c.id)).size).toBe(cells.length);
    const headline = cells.filter((c) => c.rounds === 4);
    expect(headline.map((c) => c.id)).toEqual(['json c1 ttft0 oai->oai 1k', 'stream c1 ttft0 oai->oai 1k', 'json c1 ttft0 oai->anth 1k', 'stream c1 ttft0 oai->anth 1k']);
  });

  it('keeps a cell two groups share once, paces streams only, and gives other prompt sizes the usual rounds', () => {
    const cells = buildMatrix({
      groups: [
        { routes: ['openai'], prompts: ['1k'], concurrencies: [1], ttfts: [0] },
        { routes: ['openai', 'responses', 'gemini-openai'], prompts: ['1k', '40k'], concurrencies: [1], ttfts: [0] },
        { routes: ['openai'], prompts: ['1k'], concurrencies: [1], ttfts: [0], streams: [true], pacingMs: 2 },
      ],
      chunks: 50, rounds: 1, headlineRounds: 2, headlinePrompt: '1k',
    });
    expect(cells.filter((c) => c.id === 'json c1 ttft0 oai->oai 1k')).toHaveLength(1);
    expect(cells.map((c) => c.id)).toContain('stream c1 ttft0 resp->resp 40k');
    expect(cells.map((c) => c.id)).toContain('json c1 ttft0 gem->oai 1k');
    expect(cells.filter((c) => c.pacingMs > 0).map((c) => c.id)).toEqual(['stream c1 ttft0 oai->oai 1k paced2']);
    expect(cells.filter((c) => c.prompt === '40k').every((c) => c.rounds === 1)).toBe(true);
    expect(cells.find((c) => c.id === 'stream c1 ttft0 oai->oai 1k paced2')?.rounds).toBe(1);
  });
});
