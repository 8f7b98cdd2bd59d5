import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from './canonical';
import {
  EXACT_TOKENIZE_BUDGET_BYTES, IMAGE_TOKENS, MAX_RUN_CHARS, PER_MESSAGE_OVERHEAD, REPLY_PRIMING_TOKENS, SAMPLE_BUDGET_BYTES, SAMPLE_BYTES,
  countInPieces, requestTokenBounds, tokenEstimator,
} from './tokens';

/** A stand-in tokenizer: one token per word, recording every text it was given. */
function wordCounter() {
  const seen: string[] = [];
  const count = (text: string): number => {
    seen.push(text);
    return text.split(/\s+/).filter(Boolean).length;
  };
  return { count, seen, chars: () => seen.reduce((n, t) => n + t.length, 0) };
}

function chat(over: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return { model: 'auto', system: [], messages: [], stream: false, includeUsage: false, ...over };
}
const user = (text: string) => ({ role: 'user' as const, content: [{ type: 'text' as const, text }] });

describe('estimateRequestTokens', () => {
  it('adds per-message overhead and reply priming to the counted text', () => {
    const { estimateRequestTokens } = tokenEstimator(wordCounter().count);
    const req = chat({ system: ['You are terse.'], messages: [user('hello world')] });
    expect(estimateRequestTokens(req)).toBe(REPLY_PRIMING_TOKENS + 2 * PER_MESSAGE_OVERHEAD + 3 + 2);
  });

  it('counts each image as a flat IMAGE_TOKENS', () => {
    const { estimateRequestTokens } = tokenEstimator(wordCounter().count);
    const img = { type: 'image' as const, source: { kind: 'url' as const, url: 'https://example.com/a.png' } };
    const one = estimateRequestTokens(chat({ messages: [{ role: 'user', content: [img] }] }));
    const two = estimateRequestTokens(chat({ messages: [{ role: 'user', content: [img, img] }] }));
    expect(two - one).toBe(IMAGE_TOKENS);
  });

  it('counts tool definitions and tool calls', () => {
    const { estimateRequestTokens } = tokenEstimator(wordCounter().count);
    const base = chat({ messages: [user('weather?')] });
    const withTools = chat({
      ...base,
      tools: [{ name: 'get_weather', description: 'Weather for a city, any city at all', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
    expect(estimateRequestTokens(withTools)).toBeGreaterThan(estimateRequestTokens(base) + 5);
    const withCall = chat({
      messages: [
        ...base.messages,
        { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
        { role: 'tool', toolCallId: 'c1', content: [{ type: 'text', text: '18C' }] },
      ],
    });
    expect(estimateRequestTokens(withCall)).toBeGreaterThan(estimateRequestTokens(base) + 2 * PER_MESSAGE_OVERHEAD);
  });

  it('approximates a text longer than the budget from a sample of its middle, at chars/4 at most', () => {
    const counter = wordCounter();
    const text = 'x'.repeat(EXACT_TOKENIZE_BUDGET_BYTES * 5 + 3);
    const n = tokenEstimator(counter.count).estimateRequestTokens(chat({ messages: [user(text)] }));
    expect(n).toBe(REPLY_PRIMING_TOKENS + PER_MESSAGE_OVERHEAD + Math.ceil(text.length / 4));
    expect(counter.chars()).toBe(SAMPLE_BYTES);
  });

  it('scales texts past the budget by the characters per token counted: 3 here, not 4', () => {
    const counter = wordCounter();
    const big = 'ab '.repeat(10_000); // one word every 3 characters
    const n = tokenEstimator(counter.count).estimateRequestTokens(chat({ messages: [user(big), user(big), user(big), user(big), user(big), user(big)] }));
    // 60,000 words (within 1%: a sample's pieces end at a word, without its space); chars/4 would say 45,000
    expect(Math.abs(n - 60_000)).toBeLessThan(600);
    // four samples (each in pieces cut at spaces), the last two texts at the ratio counted so far
    expect(counter.chars()).toBeLessThanOrEqual(SAMPLE_BUDGET_BYTES);
    expect(counter.chars()).toBeGreaterThan(0.9 * SAMPLE_BUDGET_BYTES);
  });

  it('shares one budget across all the texts of a request, however many parts it has', () => {
    const counter = wordCounter();
    const part = 'word '.repeat(200); // 1,000 characters, 200 words, 250 at chars/4
    const parts = EXACT_TOKENIZE_BUDGET_BYTES / part.length;
    const req = chat({ messages: Array.from({ length: 100 }, () => user(part)) });
    const n = tokenEstimator(counter.count).estimateRequestTokens(req);
    expect(counter.chars()).toBe(EXACT_TOKENIZE_BUDGET_BYTES);
    expect(n).toBe(REPLY_PRIMING_TOKENS + 100 * PER_MESSAGE_OVERHEAD + parts * 200 + (100 - parts) * 250);
    // each estimate has its own budget
    tokenEstimator(counter.count).estimateRequestTokens(req);
    expect(counter.chars()).toBe(2 * EXACT_TOKENIZE_BUDGET_BYTES);
  });

  it('still counts a small text exactly after a large one went to chars/4', () => {
    const counter = wordCounter();
    const req = chat({ messages: [user('y'.repeat(EXACT_TOKENIZE_BUDGET_BYTES + 1)), user('two words')] });
    tokenEstimator(counter.count).estimateRequestTokens(req);
    expect(counter.seen.at(-1)).toBe('two words');
    expect(counter.chars()).toBe(SAMPLE_BYTES + 'two words'.length);
  });

  it("'fast' and 'upper' never tokenize, and agree with requestTokenBounds", () => {
    const counter = wordCounter();
    const { estimateRequestTokens } = tokenEstimator(counter.count);
    const req = chat({ system: ['be brief'], messages: [user('hello there')], tools: [{ name: 't', parameters: { type: 'object' } }] });
    expect(requestTokenBounds(req)).toEqual({ upper: estimateRequestTokens(req, 'upper'), fast: estimateRequestTokens(req, 'fast') });
    expect(counter.seen).toEqual([]);
  });
});

describe('estimateOutputTokens', () => {
  it('counts an answer within the budget exactly, and a larger one at chars/4 without the tokenizer', () => {
    const counter = wordCounter();
    const { estimateOutputTokens } = tokenEstimator(counter.count);
    expect(estimateOutputTokens('three little words')).toBe(3);
    expect(estimateOutputTokens('')).toBe(0);
    const huge = 'z'.repeat(1_000_000);
    expect(estimateOutputTokens(huge)).toBe(250_000);
    expect(counter.seen).toEqual(['three little words']);
  });
});

describe('estimateEmbeddingTokens', () => {
  it('sums the inputs without chat framing, within one budget', () => {
    const counter = wordCounter();
    const { estimateEmbeddingTokens } = tokenEstimator(counter.count);
    expect(estimateEmbeddingTokens(['hello world', 'hello world'])).toBe(4);
    expect(estimateEmbeddingTokens([])).toBe(0);
    const input = 'a '.repeat(1_000);
    estimateEmbeddingTokens(Array.from({ length: 50 }, () => input));
    expect(counter.chars()).toBeLessThanOrEqual(EXACT_TOKENIZE_BUDGET_BYTES + 22);
  });
});

describe('countInPieces', () => {
  it('counts ordinary text in one call', () => {
    const counter = wordCounter();
    const prose = 'The quick brown fox jumps over the lazy dog. '.repeat(100);
    expect(countInPieces(prose, counter.count)).toBe(900);
    expect(counter.seen).toEqual([prose]);
  });

  it('cuts runs of non-space or space characters longer than MAX_RUN_CHARS', () => {
    for (const run of ['x'.repeat(1000), ' '.repeat(1000), '数据'.repeat(500), `a${'\n'.repeat(999)}`]) {
      const counter = wordCounter();
      countInPieces(run, counter.count);
      expect(counter.seen.join('')).toBe(run);
      const runs = counter.seen.flatMap((piece) => piece.match(/\S+|\s+/g) ?? []);
      expect(Math.max(...runs.map((r) => r.length))).toBeLessThanOrEqual(MAX_RUN_CHARS);
    }
  });

  it('never cuts a surrogate pair', () => {
    const counter = wordCounter();
    const emoji = '😀'.repeat(200);
    countInPieces(emoji, counter.count);
    expect(counter.seen.length).toBeGreaterThan(1);
    for (const piece of counter.seen) expect([...piece].every((ch) => ch === '😀')).toBe(true);
  });
});

describe('the exact budget', () => {
  it('counts UTF-8 bytes, so multi-byte text gets fewer characters counted exactly', () => {
    const counter = wordCounter();
    const { estimateOutputTokens } = tokenEstimator(counter.count);
    const third = Math.floor(EXACT_TOKENIZE_BUDGET_BYTES / 3);
    estimateOutputTokens('数'.repeat(third)); // 3 bytes a character: fits
    estimateOutputTokens('数'.repeat(third + 1)); // does not
    expect(counter.chars()).toBe(third);
  });

  it('spends what measuring costs, so many texts that just miss cannot be measured without end', () => {
    const counter = wordCounter();
    // each part is short enough in characters to be measured, and too long in bytes to be counted
    const part = '数'.repeat(Math.floor(EXACT_TOKENIZE_BUDGET_BYTES / 2));
    const req = chat({ messages: [...Array.from({ length: 10 }, () => user(part)), user('x')] });
    tokenEstimator(counter.count).estimateRequestTokens(req);
    // two measurings spend the budget: the last small text no longer fits
    expect(counter.seen).toEqual([]);
  });
});
