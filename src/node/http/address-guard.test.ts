import { describe, expect, it } from 'vitest';
import { forbiddenAddressReason, isLoopbackAddress, isLoopbackHost, parseIPv6 } from './address-guard';
import { UpstreamClient } from './upstream-client';

describe('parseIPv6', () => {
  it.each([
    ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['fe80::1%eth0', [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
    ['::ffff:169.254.169.254', [0, 0, 0, 0, 0, 0xffff, 0xa9fe, 0xa9fe]],
    ['::169.254.169.254', [0, 0, 0, 0, 0, 0, 0xa9fe, 0xa9fe]],
    ['2001:db8:1:2:3:4:5:6', [0x2001, 0xdb8, 1, 2, 3, 4, 5, 6]],
    ['64:ff9b::10.0.0.1', [0x64, 0xff9b, 0, 0, 0, 0, 0x0a00, 1]],
  ])('%s', (addr, groups) => {
    expect(parseIPv6(addr)).toEqual(groups);
  });
  it('refuses what is not IPv6', () => {
    expect(parseIPv6('1.2.3.4')).toBeNull();
    expect(parseIPv6('example.com')).toBeNull();
  });
});

describe('forbiddenAddressReason', () => {
  it.each([
    '169.254.169.254', '169.254.0.1', '0.0.0.0', '100.100.100.200', '224.0.0.1', '255.255.255.255', '240.0.0.1',
    '192.0.0.192', '203.0.113.9',
    '::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '[::ffff:a9fe:a9fe]', '::ffff:0:a9fe:a9fe',
    // the spellings that used to pass: IPv4-compatible, NAT64 (both prefixes), 6to4, Teredo (server and client)
    '::a9fe:a9fe', '[::a9fe:a9fe]', '::169.254.169.254', '64:ff9b::a9fe:a9fe', '64:ff9b::169.254.169.254',
    '64:ff9b:1::a9fe:a9fe', '2002:a9fe:a9fe::1', '2001:0:a9fe:a9fe::1', '2001:0:4136:e378:8000:63bf:5601:5601',
    '::ffff:255.255.255.255', '64:ff9b::ffff:ffff',
    'fe80::1', 'febf::1', '::', 'fd00:ec2::254', 'ff02::1', '2001:db8::1', '100::1', '2001:10::1',
  ])('refuses %s', (addr) => {
    expect(forbiddenAddressReason(addr)).not.toBeNull();
  });

  it('names the IPv4 address found inside an IPv6 one', () => {
    expect(forbiddenAddressReason('2002:a9fe:a9fe::1')).toMatch(/169\.254\.169\.254 inside an 6to4/);
  });

  it.each([
    '127.0.0.1', '::1', '8.8.8.8', '10.1.2.3', '192.168.1.20', '172.16.0.1', '100.64.1.1', '2606:4700:4700::1111',
    'fd12:3456::1', '::ffff:10.0.0.1', '64:ff9b::8.8.8.8', '2002:808:808::1', 'api.openai.com',
    // what Clash's and Surge's fake-ip DNS answers for every name (198.18.0.0/15)
    '198.18.0.1', '198.19.255.254',
  ])('allows %s', (addr) => {
    expect(forbiddenAddressReason(addr)).toBeNull();
  });
});

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.9.9.9', 'localhost', 'a.localhost', '[::1]', '::ffff:127.0.0.1', '[0:0:0:0:0:0:0:1]'])('%s is loopback', (h) => {
    expect(isLoopbackHost(h)).toBe(true);
  });
  it.each(['10.0.0.1', '::2', 'example.com', '::'])('%s is not', (h) => {
    expect(isLoopbackHost(h)).toBe(false);
  });
});

describe('isLoopbackAddress: loopback for certain (where secrets may go)', () => {
  it.each(['127.0.0.1', 'localhost', 'LOCALHOST.', '[::1]', '::ffff:127.0.0.1'])('%s is', (h) => {
    expect(isLoopbackAddress(h)).toBe(true);
  });
  it.each(['a.localhost', 'evil.localhost.', '10.0.0.1', 'example.com'])('%s is not (a resolver decides where a name goes)', (h) => {
    expect(isLoopbackAddress(h)).toBe(false);
  });
});

describe('UpstreamClient.urlProblem', () => {
  const client = new UpstreamClient({ selfPort: () => 4141 });
  it.each([
    ['file:///etc/passwd', /scheme/],
    ['gopher://127.0.0.1:70/', /scheme/],
    ['http://user:pw@example.com/v1', /credentials/],
    ['http://169.254.169.254/latest/meta-data', /metadata|link-local/],
    ['http://2852039166/', /metadata|link-local/],
    ['http://[::ffff:169.254.169.254]/', /metadata|link-local/],
    ['http://0xa9fea9fe/', /metadata|link-local/],
    ['http://[::a9fe:a9fe]/', /metadata|link-local/],
    ['http://[::169.254.169.254]/', /metadata|link-local/],
    ['http://[64:ff9b::a9fe:a9fe]/', /metadata|link-local/],
    ['http://[2002:a9fe:a9fe::1]/', /metadata|link-local/],
    ['http://255.255.255.255/', /broadcast/],
    ['http://127.0.0.1:4141/v1', /itself/],
    ['http://localhost:4141/v1', /itself/],
  ])('refuses %s', (url, why) => {
    expect(client.urlProblem(url)).toMatch(why);
  });

  it.each(['http://127.0.0.1:11434/v1', 'https://api.openai.com/v1', 'http://localhost:1234/v1', 'http://[fd12::5]:8000/v1'])('allows %s', (url) => {
    expect(client.urlProblem(url)).toBeNull();
  });
});

describe('UpstreamClient.send: a URL parsed once', () => {
  it('is still checked on every send: a URL that became Switchboard\'s own is refused, and its path and query go as given', async () => {
    const { createServer } = await import('node:http');
    const paths: string[] = [];
    const server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    let self: number | undefined;
    const client = new UpstreamClient({ selfPort: () => self });
    const req = { url: `http://127.0.0.1:${port}/v1/chat/completions?x=1`, method: 'GET' as const, headers: {} };
    try {
      for (let i = 0; i < 2; i++) {
        const res = await client.send(req, { headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 });
        expect(await res.body.text()).toBe('ok');
      }
      expect(paths).toEqual(['/v1/chat/completions?x=1', '/v1/chat/completions?x=1']);
      self = port;
      await expect(client.send(req, { headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 })).rejects.toThrow(/itself/);
    } finally {
      await client.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
