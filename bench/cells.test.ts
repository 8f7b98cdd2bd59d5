import { describe, expect, it } from 'vitest';
import { buildMatrix } from './cells';

describe('buildMatrix', () => {
  it('covers mode x concurrency x first-token delay x route, plus the paced streaming checks', () => {
    const cells = buildMatrix({
      concurrencies: [1, 16, 64], ttfts: [0, 50], routes: ['openai', 'anthropic'], chunks: 50, rounds: 2, headlineRounds: 4, pacedCheckMs: 2,
    });
    expect(cells).toHaveLength(2 * 3 * 2 * 2 + 2);
    expect(new Set(cells.map((c) => c.id)).size).toBe(cells.length);
    const headline = cells.filter((c) => c.concurrency === 1 && c.ttftMs === 0 && c.pacingMs === 0);
    expect(headline).toHaveLength(4);
    expect(headline.every((c) => c.rounds === 4)).toBe(true);
    expect(cells.filter((c) => c.pacingMs === 2).every((c) => c.stream && c.concurrency === 1)).toBe(true);
  });

  it('measures the light routes (Responses) at the first first-token delay only, with no paced check', () => {
    const cells = buildMatrix({
      concurrencies: [1, 16], ttfts: [0, 50], routes: ['openai'], lightRoutes: ['responses', 'responses-chat'], chunks: 50, rounds: 1, headlineRounds: 2, pacedCheckMs: 2,
    });
    const light = cells.filter((c) => c.route !== 'openai');
    expect(light).toHaveLength(2 * 2 * 2);
    expect(light.every((c) => c.ttftMs === 0 && c.pacingMs === 0)).toBe(true);
    expect(light.map((c) => c.id)).toContain('stream c1 ttft0 resp->oai');
    expect(cells.filter((c) => c.pacingMs > 0).map((c) => c.route)).toEqual(['openai']);
  });
});
