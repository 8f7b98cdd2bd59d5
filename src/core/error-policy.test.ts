import { describe, expect, it } from 'vitest';
import { retriesSameModel } from './error-policy';

describe('retriesSameModel', () => {
  it('follows the kind\'s policy', () => {
    expect(retriesSameModel({ kind: 'invalid_output' })).toBe(true);
    expect(retriesSameModel({ kind: 'server' })).toBe(true);
    expect(retriesSameModel({ kind: 'auth' })).toBe(false);
  });

  it('never tries again a failure that says it would repeat (Gemini\'s LANGUAGE stop)', () => {
    expect(retriesSameModel({ kind: 'invalid_output', repeats: true })).toBe(false);
    expect(retriesSameModel({ kind: 'invalid_output', repeats: false })).toBe(true);
  });
});
