import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeTarget, tcpProbe } from './tcp-probe';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function listening(): Promise<number> {
  server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

describe('tcpProbe', () => {
  it('answers ok when something listens, without sending a byte', async () => {
    const port = await listening();
    let received = 0;
    server!.on('connection', (s) => s.on('data', (d) => (received += d.length)));
    const r = await tcpProbe(`http://127.0.0.1:${port}/v1`, 1000);
    expect(r.ok).toBe(true);
    expect(received).toBe(0);
  });

  it('says why when nothing listens', async () => {
    const port = await listening();
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    expect(await tcpProbe(`http://127.0.0.1:${port}/v1`, 1000)).toEqual({ ok: false, reason: 'ECONNREFUSED' });
  });

  it('refuses metadata addresses and bad URLs without connecting', async () => {
    expect(await tcpProbe('http://169.254.169.254/v1', 1000)).toMatchObject({ ok: false, reason: expect.stringMatching(/metadata/) });
    expect(await tcpProbe('not a url', 1000)).toEqual({ ok: false, reason: 'invalid base URL' });
  });

  it('reads the port a URL implies', () => {
    expect(probeTarget('http://127.0.0.1:11434/v1')).toEqual({ host: '127.0.0.1', port: 11434 });
    expect(probeTarget('https://example.com/v1')).toEqual({ host: 'example.com', port: 443 });
    expect(probeTarget('http://[::1]/v1')).toEqual({ host: '::1', port: 80 });
  });
});
