import type { IncomingMessage } from 'node:http';
import { describe, expect, it, vi } from 'vitest';

// every comparison safeEqual makes, as timingSafeEqual saw it
const compared = vi.hoisted(() => [] as [Buffer, Buffer][]);
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.push([Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)]);
      return real.timingSafeEqual(a, b);
    },
  };
});

const { createHash, randomBytes } = await import('node:crypto');
const { safeEqual } = await import('./guards');

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

describe('safeEqual (the admin token check)', () => {
  it('compares in constant time: only fixed-length digests, through timingSafeEqual, wherever the first difference is', () => {
    // a compare that stops at the first difference answers a near miss later than a far one, which
    // leaks the secret a character at a time; digests of equal length compared by timingSafeEqual cannot
    const expected = randomBytes(48 * 1024).toString('base64');
    const presented: [string, string, boolean][] = [
      ['the token', expected, true],
      ['a near miss (last character)', `${expected.slice(0, -1)}${expected.endsWith('A') ? 'B' : 'A'}`, false],
      ['a far miss (first character)', `${expected[0] === 'A' ? 'B' : 'A'}${expected.slice(1)}`, false],
      ['a prefix', expected.slice(0, 100), false],
      ['one character longer', `${expected}A`, false],
      ['empty', '', false],
    ];
    for (const [name, value, equal] of presented) {
      compared.length = 0;
      expect(safeEqual(value, expected), name).toBe(equal);
      expect(compared, name).toHaveLength(1);
      expect(compared[0]?.[0].equals(sha256(value)), name).toBe(true);
      expect(compared[0]?.[1].equals(sha256(expected)), name).toBe(true);
    }
  });
});

describe('allowedHosts (the DNS-rebinding check)', () => {
  it('admits the loopback names with our port, and the address given with --host, as Host and as http:// Origin', async () => {
    const { allowedHosts, allowedOrigins } = await import('./guards');
    const loopback = ['127.0.0.1:4141', '[::1]:4141', 'localhost:4141'];
    expect([...allowedHosts({ port: () => 4141, boundHost: '127.0.0.1' })].sort()).toEqual(loopback);
    // a LAN address is reached as itself (a rebound page would send its own name, never this address)
    expect([...allowedHosts({ port: () => 4141, boundHost: '192.168.1.5' })].sort()).toEqual([...loopback, '192.168.1.5:4141'].sort());
    expect([...allowedOrigins({ port: () => 4141, boundHost: 'fd00::5' })]).toContain('http://[fd00::5]:4141');
    // every interface: no one address to admit
    expect([...allowedHosts({ port: () => 4141, boundHost: '0.0.0.0' })].sort()).toEqual(loopback);
    expect([...allowedHosts({ port: () => 4141, boundHost: '::' })].sort()).toEqual(loopback);
  });

  it('on port 80 admits the names without the port too, as clients send them (RFC 9110 7.2) and browsers send Origin', async () => {
    const { allowedHosts, allowedOrigins, checkHostAndOrigin } = await import('./guards');
    const cfg = { port: () => 80, boundHost: '192.168.1.5' };
    const hosts = allowedHosts(cfg);
    const origins = allowedOrigins(cfg);
    const check = (headers: Record<string, string>) =>
      checkHostAndOrigin({ headers, rawHeaders: Object.entries(headers).flat(), url: '/' } as IncomingMessage, hosts, origins);
    for (const name of ['127.0.0.1', 'localhost', '[::1]', '192.168.1.5']) {
      expect(check({ host: name, origin: `http://${name}` }), name).toBeNull();
      expect(check({ host: `${name}:80`, origin: `http://${name}:80` }), name).toBeNull();
    }
    // still no other name, and the bare names only on port 80
    expect(check({ host: 'evil.example' })?.status).toBe(403);
    expect(check({ host: '127.0.0.1', origin: 'http://evil.example' })?.status).toBe(403);
    expect(allowedHosts({ port: () => 4141, boundHost: '127.0.0.1' }).has('127.0.0.1')).toBe(false);
    expect(allowedOrigins({ port: () => 4141, boundHost: '127.0.0.1' }).has('http://127.0.0.1')).toBe(false);
  });
});
