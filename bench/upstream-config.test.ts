import { describe, expect, it } from 'vitest';
import { parseUpstreamConfig } from './upstream-config';

describe('parseUpstreamConfig', () => {
  it('fills defaults for missing fields', () => {
    expect(parseUpstreamConfig('{"ttftMs":50}')).toEqual({ ttftMs: 50, chunks: 50, pacingMs: 0 });
  });

  it('refuses non-integers, negatives and non-objects with a message', () => {
    expect(parseUpstreamConfig('{"chunks":-1}')).toMatch(/chunks/);
    expect(parseUpstreamConfig('{"pacingMs":1.5}')).toMatch(/pacingMs/);
    expect(parseUpstreamConfig('7')).toMatch(/object/);
    expect(parseUpstreamConfig('{')).toMatch(/JSON/);
  });
});
