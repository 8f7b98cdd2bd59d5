// SSRF through a provider's base_url: refused at create/update time (400, field base_url) and
// again at connect time on the resolved address (guardedLookup); redirects are never followed;
// a URL that points back at the proxy cannot loop. Loopback stays allowed for local providers.
// Name resolution is faked by wrapping dns.lookup (what guardedLookup calls), so no hosts file or
// network is needed.
import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { guardedLookup } from '../../src/node/http/address-guard';
import { startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest, queryAll, usageRow } from './helpers/hardening-kit';

let h: Harness;
let port: number;
/** fake DNS: names here resolve to these addresses; everything else goes to the real resolver */
const FAKE_DNS = new Map<string, string[]>();
const realLookup = dns.lookup;

beforeAll(async () => {
  vi.spyOn(dns, 'lookup').mockImplementation(((host: string, opts: unknown, cb?: unknown) => {
    const callback = (typeof opts === 'function' ? opts : cb) as (e: Error | null, a: unknown, f?: number) => void;
    const options = (typeof opts === 'object' && opts !== null ? opts : {}) as dns.LookupOptions;
    const fake = FAKE_DNS.get(host);
    if (!fake) return (realLookup as (...a: unknown[]) => void).call(dns, host, opts, cb);
    const list = fake.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    process.nextTick(() => (options.all ? callback(null, list) : callback(null, list[0]!.address, list[0]!.family)));
  }) as typeof dns.lookup);
  h = await startHarness();
  port = h.app.port;
});
afterAll(async () => {
  vi.restoreAllMocks();
  await h?.close();
});

const admin = (method: string, path: string, body?: unknown) =>
  httpRequest(h.url, path, { method, headers: authJson(h.app.adminToken), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe('base_url refused at create and update time', () => {
  const refused = () => [
    'file:///etc/passwd', 'gopher://127.0.0.1:70/_', 'ftp://example.com/', 'data:text/plain,hi', 'javascript:alert(1)',
    'http://user:pw@example.com/v1', 'https://sk-key@api.openai.com/v1', 'http://:pw@example.com/',
    'http://169.254.169.254/latest/meta-data', 'http://169.254.169.254./', 'http://169.254.0.1:8080/v1',
    'http://[::ffff:169.254.169.254]/', 'http://[0:0:0:0:0:ffff:a9fe:a9fe]/', 'http://2852039166/', 'http://0xa9fea9fe/',
    'http://0251.0376.0251.0376/', 'http://169.254.43518/', 'http://0xa9.0xfe.0xa9.0xfe/', 'http://[fe80::1]/', 'http://[fd00:ec2::254]/',
    'http://100.100.100.200/', 'http://0.0.0.0:11434/v1', 'http://0/', 'http://[::]/', 'http://[::ffff:0:0]/',
    // IPv6 forms that carry 169.254.169.254 (IPv4-compatible, NAT64, 6to4, Teredo), broadcast
    'http://[::a9fe:a9fe]/', 'http://[::169.254.169.254]/', 'http://[64:ff9b::a9fe:a9fe]/', 'http://[2002:a9fe:a9fe::1]/',
    'http://[2001:0:4136:e378:8000:63bf:5601:5601]/', 'http://255.255.255.255/', 'http://[ff02::1]/',
    `http://127.0.0.1:${port}/v1`, `http://localhost:${port}/v1`, `http://LOCALHOST:${port}`, `http://127.1:${port}/v1`,
    `http://2130706433:${port}/v1`, `http://[::1]:${port}/v1`, `http://[::ffff:127.0.0.1]:${port}/v1`, `http://localhost.:${port}/v1`,
    `http://app.localhost:${port}/v1`, `http://127.0.0.2:${port}/v1`, `http://[0:0:0:0:0:0:0:1]:${port}/v1`,
  ];

  it('refuses every spelling on create with 400 field base_url, storing nothing', async () => {
    const count = () => queryAll(h.dataDir, 'SELECT COUNT(*) AS n FROM providers')[0];
    const before = count();
    for (const base_url of refused()) {
      const res = await admin('POST', '/api/v1/llm/providers', { name: 'ssrf', type: 'openai-compatible', base_url });
      expect(res.status, `${base_url}: ${res.text}`).toBe(400);
      expect(res.json.error.field, base_url).toBe('base_url');
    }
    expect(count()).toEqual(before);
  });

  it('refuses every spelling on update, leaving the stored URL as it was', async () => {
    for (const base_url of refused()) {
      const res = await admin('PUT', '/api/v1/llm/providers/fo', { base_url });
      expect(res.status, `${base_url}: ${res.text}`).toBe(400);
      expect(res.json.error.field).toBe('base_url');
    }
    expect((await admin('GET', '/api/v1/llm/providers')).json.find((p: { id: string }) => p.id === 'fo').base_url).toBe(h.openai.url);
  });

  it('allows loopback for local providers, LAN and public hosts', async () => {
    const allowed = ['http://127.0.0.1:11434/v1', 'http://localhost:1234/v1', 'http://[::1]:8080/v1', 'http://10.0.0.5:8000/v1', 'https://api.openai.com/v1'];
    for (const [i, base_url] of allowed.entries()) {
      const res = await admin('POST', '/api/v1/llm/providers', { id: `local-${i}`, name: `local ${i}`, type: 'ollama', base_url, enabled: false });
      expect(res.status, `${base_url}: ${res.text}`).toBe(200);
      expect(res.json.base_url).toBe(base_url);
      expect((await admin('DELETE', `/api/v1/llm/providers/local-${i}`)).status).toBe(200);
    }
  });
});

describe('guardedLookup: the resolved address is checked at connect time', () => {
  const lookup = (host: string, all: boolean) => new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((resolve) => {
    guardedLookup(host, { all }, (err, address) => resolve({ err, address }));
  });

  it.each([
    ['169.254.169.254'], ['::ffff:169.254.169.254'], ['::ffff:a9fe:a9fe'], ['fe80::1'], ['fd00:ec2::254'], ['100.100.100.200'], ['0.0.0.0'],
    ['::a9fe:a9fe'], ['64:ff9b::a9fe:a9fe'], ['2002:a9fe:a9fe::1'], ['255.255.255.255'],
  ])('refuses a name that resolves to %s', async (address) => {
    FAKE_DNS.set('meta.rebind.test', [address]);
    for (const all of [false, true]) {
      const { err } = await lookup('meta.rebind.test', all);
      expect(err?.code).toBe('ESWITCHBOARD_FORBIDDEN');
      expect(err?.message).toMatch(/refusing to connect to meta\.rebind\.test/);
    }
  });

  it('refuses when any one of several answers is forbidden', async () => {
    FAKE_DNS.set('mixed.rebind.test', ['93.184.216.34', '169.254.169.254']);
    expect((await lookup('mixed.rebind.test', false)).err?.code).toBe('ESWITCHBOARD_FORBIDDEN');
  });

  it('allows loopback and ordinary addresses', async () => {
    FAKE_DNS.set('ok.rebind.test', ['127.0.0.1']);
    expect(await lookup('ok.rebind.test', false)).toEqual({ err: null, address: '127.0.0.1' });
    FAKE_DNS.set('pub.rebind.test', ['93.184.216.34', '2606:2800:220:1::1']);
    expect((await lookup('pub.rebind.test', true)).address).toHaveLength(2);
  });

  it("allows the fake-ip answers of Clash and Surge (198.18.0.0/15), which stand for every cloud provider's name", async () => {
    FAKE_DNS.set('api.fakeip.test', ['198.18.0.23']);
    for (const all of [false, true]) {
      const { err, address } = await lookup('api.fakeip.test', all);
      expect(err).toBeNull();
      expect(JSON.stringify(address)).toContain('198.18.0.23');
    }
  });

  it('end to end: a provider whose name resolves to the metadata address is never connected to', async () => {
    FAKE_DNS.set('metadata.rebind.test', ['169.254.169.254']);
    FAKE_DNS.set('fine.rebind.test', ['127.0.0.1']);
    const fakePort = h.openai.port;
    // accepted at create time (a name cannot be judged before it is resolved)
    for (const [id, host] of [['rebind', 'metadata.rebind.test'], ['fine', 'fine.rebind.test']] as const) {
      expect((await admin('POST', '/api/v1/llm/providers', { id, name: id, type: 'openai-compatible', base_url: `http://${host}:${fakePort}/v1`, api_key: 'sk-fakeopenai-CANARY-0123456789abcdef' })).status).toBe(200);
      expect((await admin('POST', '/api/v1/llm/models', { provider_id: id, model_name: 'gpt-fake', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100000 })).status).toBe(200);
    }
    // refused on the resolved address, before any connection (one to 169.254.169.254 would fail otherwise, or hang)
    const bad = await httpRequest(h.url, '/v1/chat/completions', {
      method: 'POST', headers: authJson(h.token), body: JSON.stringify({ model: 'rebind/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(bad.status).toBeGreaterThanOrEqual(500);
    expect(bad.json.error.message).toMatch(/link-local|metadata/);
    const before = h.openai.requests.length;
    const good = await httpRequest(h.url, '/v1/chat/completions', {
      method: 'POST', headers: authJson(h.token), body: JSON.stringify({ model: 'fine/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(good.status).toBe(200);
    expect(h.openai.requests.length).toBe(before + 1);
    expect(h.openai.requests.at(-1)!.headers.host).toBe(`fine.rebind.test:${fakePort}`);
    // the provider test and discovery take the same guarded path
    const test = await admin('POST', '/api/v1/llm/test', { provider_id: 'rebind' });
    expect(test.json.ok).toBe(false);
    expect(test.json.message).toMatch(/link-local|metadata/);
    for (const id of ['rebind', 'fine']) await admin('DELETE', `/api/v1/llm/providers/${id}`);
  });
});

describe('redirects and loops', () => {
  let target: http.Server;
  let redirector: http.Server;
  let targetHits = 0;
  let redirectorHits = 0;

  beforeAll(async () => {
    target = http.createServer((req, res) => { targetHits++; res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[{"id":"stolen"}]}'); });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const targetPort = (target.address() as AddressInfo).port;
    let n = 0;
    redirector = http.createServer((req, res) => {
      redirectorHits++;
      const status = [301, 302, 303, 307, 308][n++ % 5]!;
      res.writeHead(status, { location: `http://127.0.0.1:${targetPort}${req.url}` }).end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    const base_url = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/v1`;
    expect((await admin('POST', '/api/v1/llm/providers', { id: 'redir', name: 'redir', type: 'openai-compatible', base_url, api_key: 'sk-redirect-test-0000000000000000' })).status).toBe(200);
    expect((await admin('POST', '/api/v1/llm/models', { provider_id: 'redir', model_name: 'm', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100000 })).status).toBe(200);
  });
  afterAll(async () => {
    await admin('DELETE', '/api/v1/llm/providers/redir');
    await new Promise((r) => target.close(r));
    await new Promise((r) => redirector.close(r));
  });

  it('never follows a redirect: not in the proxy (stream or not), the provider test or discovery', async () => {
    for (const stream of [false, true]) {
      const res = await httpRequest(h.url, '/v1/chat/completions', {
        method: 'POST', headers: authJson(h.token), body: JSON.stringify({ model: 'redir/m', stream, messages: [{ role: 'user', content: 'hi' }] }),
      });
      // the first failure puts the model in cooldown; either way it is an upstream-side error, never a follow
      expect([502, 503], res.text).toContain(res.status);
      expect(res.json.error.message).toMatch(/redirect|cooling down/);
      if (!stream) expect(res.json.error.message).toMatch(/redirect/);
    }
    for (let i = 0; i < 4; i++) {
      const test = await admin('POST', '/api/v1/llm/test', { provider_id: 'redir' });
      expect(test.json.ok).toBe(false);
    }
    const discover = await admin('POST', '/api/v1/llm/providers/redir/discover');
    expect(discover.status).toBeGreaterThanOrEqual(400);
    expect(redirectorHits).toBeGreaterThanOrEqual(6);
    expect(targetHits).toBe(0);
  });

  it('a name that resolves back to the proxy itself (an /etc/hosts alias) is refused at connect time, never connected to', async () => {
    FAKE_DNS.set('loop.rebind.test', ['127.0.0.1']);
    FAKE_DNS.set('loop6.rebind.test', ['::1']);
    for (const [id, host] of [['loop', 'loop.rebind.test'], ['loop6', 'loop6.rebind.test']] as const) {
      // accepted at create time: a name cannot be judged before it is resolved
      expect((await admin('POST', '/api/v1/llm/providers', { id, name: id, type: 'openai-compatible', base_url: `http://${host}:${port}/v1`, api_key: 'sk-loop-test-00000000000000000000' })).status).toBe(200);
      expect((await admin('POST', '/api/v1/llm/models', { provider_id: id, model_name: 'm', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100000 })).status).toBe(200);
      const t0 = Date.now();
      const res = await httpRequest(h.url, '/v1/chat/completions', {
        method: 'POST', headers: authJson(h.token), body: JSON.stringify({ model: `${id}/m`, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(res.status).toBeGreaterThanOrEqual(500);
      // refused on the resolved address and port before connecting: no inner request, so not our own Host guard's 403
      expect(res.json.error.message).toMatch(/points back at Switchboard/);
      await usageRow(h.dataDir, String(res.headers['x-switchboard-request-id']), 10_000);
      expect(queryAll(h.dataDir, 'SELECT COUNT(*) AS n FROM usage_log WHERE requested_model = ?', `${id}/m`)[0]).toEqual({ n: 1 });
      expect(queryAll(h.dataDir, 'SELECT COUNT(*) AS n FROM usage_log WHERE started_at >= ? AND request_id != ?', t0, res.headers['x-switchboard-request-id'])[0]).toEqual({ n: 0 });
      // the provider test takes the same guarded path
      const test = await admin('POST', '/api/v1/llm/test', { provider_id: id });
      expect(test.json.ok).toBe(false);
      expect(test.json.message).toMatch(/points back at Switchboard/);
      await admin('DELETE', `/api/v1/llm/providers/${id}`);
    }
  });
});
