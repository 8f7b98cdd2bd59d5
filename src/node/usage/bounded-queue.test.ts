import { describe, expect, it } from 'vitest';
import { BoundedQueue } from './bounded-queue';

describe('BoundedQueue', () => {
  it('is FIFO with peek and shift', () => {
    const q = new BoundedQueue<number>(10);
    for (let i = 0; i < 5; i++) q.push(i);
    expect(q.peek(3)).toEqual([0, 1, 2]);
    q.shift(2);
    expect(q.length).toBe(3);
    expect([...q]).toEqual([2, 3, 4]);
    q.shift(100);
    expect(q.length).toBe(0);
    expect(q.peek(1)).toEqual([]);
  });

  it('drops the oldest beyond capacity and counts them', () => {
    const q = new BoundedQueue<number>(3);
    const evicted = [1, 2, 3, 4, 5].map((i) => q.push(i));
    expect(evicted).toEqual([undefined, undefined, undefined, 1, 2]);
    expect([...q]).toEqual([3, 4, 5]);
    expect(q.dropped).toBe(2);
  });

  it('stays correct across compaction under long churn', () => {
    const q = new BoundedQueue<number>(2_000);
    let next = 0;
    let expectHead = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 1_500; i++) q.push(next++);
      while (q.length > 2_000) q.shift(1);
      expectHead = next - q.length;
      expect(q.peek(1)).toEqual([expectHead]);
      q.shift(1_000);
    }
    expect(q.length).toBeLessThanOrEqual(2_000);
  });
});
