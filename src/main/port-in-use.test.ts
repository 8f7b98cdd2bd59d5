import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findFreePort } from './port-in-use';

vi.mock('electron', async () => (await import('../../test/helpers/fake-electron')).fakeElectronModule());

describe('findFreePort', () => {
  let held: Server | null = null;
  afterEach(() => new Promise<void>((r) => (held ? held.close(() => r()) : r())));

  it('passes over a port that is taken', async () => {
    held = createServer();
    const taken = await new Promise<number>((resolve) => held!.listen(0, '127.0.0.1', () => resolve((held!.address() as { port: number }).port)));
    const free = await findFreePort('127.0.0.1', taken - 1);
    expect(free).not.toBe(taken);
    expect(free).toBeGreaterThan(0);
    // it really is free: the core can bind it
    const probe = createServer();
    await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(free, '127.0.0.1', () => resolve()));
    await new Promise<void>((r) => probe.close(() => r()));
  });
});
