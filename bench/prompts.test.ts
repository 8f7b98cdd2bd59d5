import { describe, expect, it } from 'vitest';
import { PROMPT_BYTES, PROMPT_SIZES } from './prompts';
import { anthropicBody, geminiBody, openaiBody, responsesBody } from './requests';

describe('bench prompts', () => {
  it('make bodies of the sizes they are named for, in every client API, streaming or not', () => {
    for (const size of PROMPT_SIZES) {
      for (const stream of [false, true]) {
        for (const body of [openaiBody('m', stream, size), anthropicBody('m', stream, size), responsesBody('m', stream, size), geminiBody(size)]) {
          const ratio = Buffer.byteLength(body) / PROMPT_BYTES[size];
          expect(ratio, `${size}: ${body.slice(0, 80)}`).toBeGreaterThan(0.75);
          expect(ratio, `${size}: ${body.slice(0, 80)}`).toBeLessThan(1.25);
        }
      }
    }
  });

  it('are the same every time and carry no send-stamp marker', () => {
    expect(openaiBody('m', true, '40k')).toBe(openaiBody('m', true, '40k'));
    expect(openaiBody('m', true, '40k')).not.toContain('~');
  });
});
