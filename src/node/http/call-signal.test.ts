import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { CallAbort } from './call-signal';

describe('CallAbort', () => {
  it('fires each listener once on abort, not one removed or added after; keeps the first reason', () => {
    const a = new CallAbort();
    const fired: string[] = [];
    const one = () => fired.push('one');
    const two = () => fired.push('two');
    a.addEventListener('abort', one, { once: true });
    a.addEventListener('abort', two);
    a.removeEventListener('abort', two);
    expect(a.aborted).toBe(false);
    a.abort();
    a.abort('again');
    a.addEventListener('abort', () => fired.push('late'));
    expect(fired).toEqual(['one']);
    expect(a.aborted).toBe(true);
    expect(a.reason).toBeInstanceOf(DOMException);
    expect((a.reason as DOMException).name).toBe('AbortError');
  });

  it('runs every listener even when one throws; the error still surfaces', async () => {
    const a = new CallAbort();
    const fired: string[] = [];
    a.addEventListener('abort', () => { throw new Error('listener broke'); });
    a.addEventListener('abort', () => fired.push('second'));
    const surfaced = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
    a.abort();
    expect(fired).toEqual(['second']);
    expect(String(await surfaced)).toContain('listener broke');
  });

  it("cancels an undici request as an AbortSignal does: the upstream sees the connection close", async () => {
    let closed!: () => void;
    const upstreamClosed = new Promise<void>((resolve) => { closed = resolve; });
    // answers the headers, then never ends the body
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
      req.socket.on('close', closed);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new Agent();
    try {
      const abort = new CallAbort();
      const { port } = server.address() as AddressInfo;
      const res = await agent.request({ origin: `http://127.0.0.1:${port}`, path: '/', method: 'GET', signal: abort });
      const reading = res.body.text();
      abort.abort();
      await expect(reading).rejects.toThrow();
      await upstreamClosed;
    } finally {
      await agent.close().catch(() => {});
      server.close();
    }
  });
});
