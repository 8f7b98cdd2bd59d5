import { describe, expect, it } from 'vitest';
import { PoolBusyError, PoolGate } from './pool-gate';

describe('PoolGate', () => {
  it('lets `size` requests in per origin, queues the rest in order and lets them in as slots free', async () => {
    const gate = new PoolGate(2);
    const a = await gate.acquire('o', 1000);
    const b = await gate.acquire('o', 1000);
    await gate.acquire('other', 1000); // another origin has its own slots
    const order: string[] = [];
    const c = gate.acquire('o', 1000).then((r) => { order.push('c'); return r; });
    const d = gate.acquire('o', 1000).then((r) => { order.push('d'); return r; });
    expect(gate.load('o')).toEqual({ active: 2, waiting: 2 });
    a();
    a(); // a second release of the same slot changes nothing
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect(gate.load('o')).toEqual({ active: 0, waiting: 0 });
  });

  it('gives up after the timeout with PoolBusyError naming origin, size and wait', async () => {
    const gate = new PoolGate(1);
    await gate.acquire('http://up', 1000);
    const err = await gate.acquire('http://up', 30).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PoolBusyError);
    expect((err as PoolBusyError).message).toMatch(/all 1 connections to http:\/\/up are busy \(waited \d+ ms/);
    expect(gate.load('http://up')).toEqual({ active: 1, waiting: 0 });
  });

  it('stops waiting when the request is aborted', async () => {
    const gate = new PoolGate(1);
    await gate.acquire('o', 1000);
    const ac = new AbortController();
    const waiting = gate.acquire('o', 10_000, ac.signal).catch((e: unknown) => e);
    ac.abort(new Error('client left'));
    expect(await waiting).toMatchObject({ message: 'client left' });
    expect(gate.load('o').waiting).toBe(0);
  });

  it('does not queue a request whose client is already gone', async () => {
    const gate = new PoolGate(1);
    await gate.acquire('o', 1000);
    const ac = new AbortController();
    ac.abort(new Error('client left'));
    expect(await gate.acquire('o', 10_000, ac.signal).catch((e: unknown) => e)).toMatchObject({ message: 'client left' });
    expect(gate.load('o').waiting).toBe(0);
  });

  it('lets waiters in when the size grows', async () => {
    const gate = new PoolGate(1);
    await gate.acquire('o', 1000);
    const next = gate.acquire('o', 10_000);
    gate.setSize(2);
    expect(typeof (await next)).toBe('function');
  });
});
