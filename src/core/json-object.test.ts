import { describe, expect, it } from 'vitest';
import { isJsonObject, jsonObjectOf } from './json-object';

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

describe('jsonObjectOf', () => {
  it('parses the JSON of an object, and nothing else', () => {
    expect(jsonObjectOf('{"a":1}')).toEqual({ a: 1 });
    for (const text of ['', 'not json', '[1]', 'null', '"s"', '3', '{"a":']) expect(jsonObjectOf(text)).toBeUndefined();
  });
});
