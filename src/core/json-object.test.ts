import { describe, expect, it } from 'vitest';
import { isJsonObject } from './json-object';

describe('isJsonObject', () => {
  it('takes an object, with or without a prototype', () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject({ a: 1 })).toBe(true);
    expect(isJsonObject(Object.create(null))).toBe(true);
  });

  it('refuses null, arrays and every primitive', () => {
    for (const v of [null, undefined, [], [{}], 'x', 1, true, 0n]) expect(isJsonObject(v)).toBe(false);
  });
});
