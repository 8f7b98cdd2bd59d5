import { describe, expect, it } from 'vitest';
import { droppedHeaderValue, droppedListed, droppedReasoningName, inClientTerms } from './dropped-names';

describe('inClientTerms', () => {
  it("spells canonical names the client's way", () => {
    expect(inClientTerms('gemini', ['top_k', 'stop', 'x'])).toEqual(['topK', 'stopSequences', 'x']);
    expect(inClientTerms('chat', ['top_k'])).toEqual(['top_k']);
  });
});

describe('droppedReasoningName', () => {
  it('names thinking for Anthropic clients alone: the other APIs carry it, Gemini when its client asks', () => {
    expect(droppedReasoningName('messages')).toBe('thinking');
    for (const api of ['chat', 'responses', 'gemini'] as const) expect(droppedReasoningName(api)).toBeUndefined();
  });
});

describe('droppedHeaderValue', () => {
  // printable ASCII: what every HTTP stack takes in a header (Node throws ERR_INVALID_CHAR on less)
  const headerOk = (v: string): void => {
    expect(v).toMatch(/^[\x20-\x7e]*$/);
  };

  it('keeps ordinary names as they are, comma-joined', () => {
    expect(droppedHeaderValue(['topK', 'tools[type=web_search_preview]', 'input[type=reasoning]'])).toBe('topK,tools[type=web_search_preview],input[type=reasoning]');
  });

  it('percent-encodes what a header cannot carry, and the list separator', () => {
    const v = droppedHeaderValue(['generationConfig.温度', 'foo\r\nX-Evil: 1', 'a,b', '100%', 'role=\u0000', 'lone\ud800']);
    headerOk(v);
    expect(v).toBe('generationConfig.%E6%B8%A9%E5%BA%A6,foo%0D%0AX-Evil:%201,a%2Cb,100%25,role=%00,lone%EF%BF%BD');
    expect(v.split(',').map(decodeURIComponent)).toEqual(['generationConfig.温度', 'foo\r\nX-Evil: 1', 'a,b', '100%', 'role=\u0000', 'lone\ufffd']);
  });

  it('cuts a long name, never inside an escape', () => {
    const v = droppedHeaderValue([`generationConfig.${'é'.repeat(500)}`]);
    headerOk(v);
    expect(v.length).toBeLessThanOrEqual(128);
    expect(v).toMatch(/^generationConfig\.(%C3%A9)+\.\.\.$/);
  });

  it('cuts a long list short, saying how many were left out', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `generationConfig.k${i}`);
    const v = droppedHeaderValue(names);
    headerOk(v);
    expect(v.length).toBeLessThanOrEqual(2048);
    const parts = v.split(',');
    const shown = parts.length - 1;
    expect(parts.slice(0, shown)).toEqual(names.slice(0, shown));
    expect(parts.at(-1)).toBe(`+${names.length - shown} more`);
  });
});

describe('droppedListed', () => {
  it('keeps the names as sent, as many as the header carries, and counts the rest as the header does', () => {
    const names = Array.from({ length: 153 }, (_, i) => `unknown_field_${i}\u00e9`);
    const header = droppedHeaderValue(names).split(',');
    const listed = droppedListed(names);
    expect(listed).toHaveLength(header.length);
    expect(listed.at(-1)).toBe(header.at(-1));
    expect(listed.at(-1)).toMatch(/^\+\d+ more$/);
    expect(listed.slice(0, -1)).toEqual(names.slice(0, listed.length - 1));
    expect(droppedListed(['topK', 'a,b'])).toEqual(['topK', 'a,b']);
  });
});
