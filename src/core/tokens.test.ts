import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from './canonical';
import {
  EXACT_TOKENIZE_MAX_CHARS, IMAGE_TOKENS, PER_MESSAGE_OVERHEAD, REPLY_PRIMING_TOKENS,
  countTextTokens, estimateEmbeddingTokens, estimateRequestTokens,
} from './tokens';

function chat(over: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return { model: 'auto', system: [], messages: [], stream: false, includeUsage: false, ...over };
}

describe('countTextTokens', () => {
  it('counts o200k_base tokens exactly', () => {
    expect(countTextTokens('')).toBe(0);
    expect(countTextTokens('hello world')).toBe(2);
  });

  it('counts special-token text instead of throwing', () => {
    expect(countTextTokens('a <|endoftext|> b')).toBeGreaterThan(0);
  });
});

describe('estimateRequestTokens', () => {
  it('adds per-message overhead and reply priming to the text', () => {
    const req = chat({
      system: ['You are terse.'],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hello world' }] }],
    });
    const expected = REPLY_PRIMING_TOKENS + 2 * PER_MESSAGE_OVERHEAD + countTextTokens('You are terse.') + 2;
    expect(estimateRequestTokens(req)).toBe(expected);
  });

  it('counts each image as a flat IMAGE_TOKENS', () => {
    const img = { type: 'image' as const, source: { kind: 'url' as const, url: 'https://example.com/a.png' } };
    const one = estimateRequestTokens(chat({ messages: [{ role: 'user', content: [img] }] }));
    const two = estimateRequestTokens(chat({ messages: [{ role: 'user', content: [img, img] }] }));
    expect(two - one).toBe(IMAGE_TOKENS);
  });

  it('counts tool definitions and tool calls', () => {
    const base = chat({ messages: [{ role: 'user', content: [{ type: 'text', text: 'weather?' }] }] });
    const withTools = chat({
      ...base,
      tools: [{ name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
    expect(estimateRequestTokens(withTools)).toBeGreaterThan(estimateRequestTokens(base) + 10);
    const withCall = chat({
      messages: [
        ...base.messages,
        { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
        { role: 'tool', toolCallId: 'c1', content: [{ type: 'text', text: '18C' }] },
      ],
    });
    expect(estimateRequestTokens(withCall)).toBeGreaterThan(estimateRequestTokens(base) + 2 * PER_MESSAGE_OVERHEAD);
  });

  it('approximates very long texts at chars/4', () => {
    const text = 'x'.repeat(EXACT_TOKENIZE_MAX_CHARS * 5 + 3);
    const n = estimateRequestTokens(chat({ messages: [{ role: 'user', content: [{ type: 'text', text }] }] }));
    expect(n).toBe(REPLY_PRIMING_TOKENS + PER_MESSAGE_OVERHEAD + Math.ceil(text.length / 4));
  });

  it('is within 15% of the exact count for ordinary prose', () => {
    const prose = 'The quick brown fox jumps over the lazy dog. '.repeat(200);
    const n = estimateRequestTokens(chat({ messages: [{ role: 'user', content: [{ type: 'text', text: prose }] }] }));
    const exact = countTextTokens(prose);
    expect(Math.abs(n - exact) / exact).toBeLessThan(0.15);
  });

  it('estimates a 2k-token chat in well under a few milliseconds', () => {
    const para = 'Routing picks a provider and model for each request by power level and strategy. ';
    const messages = Array.from({ length: 20 }, (_, i) => ({
      role: (i % 2 === 0 ? 'user' : 'assistant') as 'user',
      content: [{ type: 'text' as const, text: `${i}: ${para.repeat(6)}` }],
    }));
    const req = chat({ system: ['You are a helpful assistant.'], messages });
    const tokens = estimateRequestTokens(req);
    expect(tokens).toBeGreaterThan(1500);
    expect(tokens).toBeLessThan(3000);
    for (let i = 0; i < 20; i++) estimateRequestTokens(req);
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      estimateRequestTokens(req);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    console.log(`estimateRequestTokens: ${tokens} tokens, median ${(median * 1000).toFixed(0)} us`);
    expect(median).toBeLessThan(20); // ~0.13 ms in plain Node; generous for loaded CI
  });
});

describe('estimateEmbeddingTokens', () => {
  it('sums the inputs without chat framing', () => {
    expect(estimateEmbeddingTokens(['hello world', 'hello world'])).toBe(4);
    expect(estimateEmbeddingTokens([])).toBe(0);
  });
});
