import { describe, expect, it } from 'vitest';
import { decayedLatency, LATENCY_HALF_LIFE_MS, medianLatency, nextLatency } from './latency';

describe('nextLatency: one sample cannot decide a model', () => {
  it('moves the average a fifth of the way to a sample', () => {
    expect(nextLatency(400, 900)).toBe(500);
    expect(nextLatency(400, 100)).toBe(340);
  });

  it('counts a slow sample (a cold start) as at most three times the average', () => {
    expect(nextLatency(400, 30_000)).toBe(400 + 0.2 * 800);
  });

  it("averages a first sample with the prior (the others' median), itself clamped to three times it", () => {
    expect(nextLatency(null, 30_000, 1000)).toBe(2000);
    expect(nextLatency(null, 200, 1000)).toBe(600);
    // with nothing known, the sample is all there is
    expect(nextLatency(null, 30_000, null)).toBe(30_000);
  });

  it('ignores a sample that is not a duration', () => {
    expect(nextLatency(400, Number.NaN)).toBe(400);
    expect(nextLatency(null, -5, 1000)).toBeNull();
  });
});

describe('decayedLatency: a stale average drifts toward the median', () => {
  it('half-way per half-life, from above and below', () => {
    expect(decayedLatency(9000, 1000, LATENCY_HALF_LIFE_MS)).toBe(5000);
    expect(decayedLatency(9000, 1000, 2 * LATENCY_HALF_LIFE_MS)).toBe(3000);
    expect(decayedLatency(200, 1000, LATENCY_HALF_LIFE_MS)).toBe(600);
    expect(decayedLatency(9000, 1000, 0)).toBe(9000);
  });
});

describe('medianLatency', () => {
  it('of the known averages only', () => {
    expect(medianLatency([300, null, 100, 200])).toBe(200);
    expect(medianLatency([300, 100])).toBe(200);
    expect(medianLatency([null])).toBeNull();
  });
});
