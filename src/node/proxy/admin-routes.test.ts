import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCsv } from './admin-routes';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

const LINE = `${'x'.repeat(199)}\n`;
const TOTAL = 200_000; // 40 MB of CSV

describe('writeCsv', () => {
  it('reads rows only as fast as the client takes them, and stops when it leaves', async () => {
    let produced = 0;
    let closedGenerator = false;
    function* lines(): Generator<string> {
      try {
        for (; produced < TOTAL; produced++) yield LINE;
      } finally {
        closedGenerator = true;
      }
    }
    const done = new Promise<void>((resolve) => {
      server = http.createServer((_req, res) => void writeCsv(res, { lines: lines(), truncatedRows: 0, logFrom: null }).then(resolve));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server!.address() as AddressInfo;
    const req = http.get({ host: '127.0.0.1', port, path: '/' });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    res.pause();
    await new Promise((r) => setTimeout(r, 300));
    // socket buffers hold a few MB at most: nowhere near the 40 MB a whole-body string would be
    expect(produced).toBeGreaterThan(0);
    expect(produced).toBeLessThan(TOTAL / 4);
    res.destroy();
    await done;
    expect(closedGenerator).toBe(true);
    expect(produced).toBeLessThan(TOTAL);
  });

  it('lets the rest of the server run while a fast reader takes a large export', async () => {
    let produced = 0;
    function* lines(): Generator<string> {
      for (; produced < TOTAL; produced++) yield LINE;
    }
    let producedWhenTimerRan = -1;
    server = http.createServer((_req, res) => {
      // a proxy request's I/O, or a timer: it must not wait for the whole 40 MB
      setTimeout(() => (producedWhenTimerRan = produced), 0);
      void writeCsv(res, { lines: lines(), truncatedRows: 0, logFrom: null });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server!.address() as AddressInfo;
    // the reader in its own process, as the browser is: it reads as fast as loopback carries
    const reader = spawn(process.execPath, ['-e', `fetch('http://127.0.0.1:${port}/').then((r) => r.arrayBuffer()).then((b) => console.log(b.byteLength))`]);
    let out = '';
    reader.stdout.on('data', (d) => (out += d));
    await new Promise((resolve) => reader.on('close', resolve));
    expect(Number(out)).toBe(TOTAL * LINE.length);
    expect(producedWhenTimerRan).toBeGreaterThanOrEqual(0);
    expect(producedWhenTimerRan).toBeLessThan(TOTAL / 4);
  });

  it('names the rows a cap left out', async () => {
    server = http.createServer((_req, res) => void writeCsv(res, { lines: (function* () { yield 'a\n'; yield '1\n'; })(), truncatedRows: 5, logFrom: null }));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server!.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.headers.get('x-switchboard-truncated')).toBe('5');
    expect(await res.text()).toBe('a\n1\n');
  });
});
