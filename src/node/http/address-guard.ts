// SSRF guard: upstream connections may go to the internet, the LAN or this machine's loopback
// (Ollama, LM Studio), never to link-local / cloud-metadata, broadcast or other special-use
// addresses. Checked on the address actually connected to, so a hostname that resolves there is
// caught too. IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) are
// judged by the IPv4 address they carry: a translator or tunnel would deliver the packet there.
import { isIP } from 'node:net';
import dns from 'node:dns';

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0;
}

function intToIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function inV4(ip: number, base: string, bits: number): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((ip & mask) >>> 0) === ((ipv4ToInt(base) & mask) >>> 0);
}

/** IPv4 ranges no provider lives in (RFC 6890 special-use; private LAN ranges and loopback stay allowed). */
const V4_FORBIDDEN: readonly [string, number, string][] = [
  ['169.254.0.0', 16, 'link-local / cloud metadata address'],
  ['100.100.100.200', 32, 'cloud metadata address'],
  ['0.0.0.0', 8, 'unspecified address'],
  ['192.0.0.0', 24, 'IETF protocol-assignment address'],
  ['192.0.2.0', 24, 'documentation address'],
  ['198.51.100.0', 24, 'documentation address'],
  ['203.0.113.0', 24, 'documentation address'],
  // 198.18.0.0/15 (benchmarking) stays allowed: Clash's and Surge's fake-ip DNS answer every name with an
  // address there and carry the connection on through their proxy, so refusing it blocks every cloud
  // provider for their users; it is no internal or metadata range
  ['224.0.0.0', 4, 'multicast address'],
  ['255.255.255.255', 32, 'broadcast address'],
  ['240.0.0.0', 4, 'reserved address'],
];

function v4Reason(ip: number): string | null {
  for (const [base, bits, reason] of V4_FORBIDDEN) if (inV4(ip, base, bits)) return reason;
  return null;
}

/** The eight 16-bit groups of an IPv6 address (`::` and a trailing dotted quad expanded), or null. */
export function parseIPv6(address: string): number[] | null {
  let s = address.toLowerCase();
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone);
  if (isIP(s) !== 6) return null;
  const quad = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const half = s.split('::');
  const part = (p: string | undefined): number[] => (p ? p.split(':').filter((x) => x !== '').map((x) => parseInt(x, 16)) : []);
  const head = part(half[0]);
  const rest = part(half[1]);
  if (half.length === 1) return head.length === 8 ? head : null;
  const zeros = 8 - head.length - rest.length;
  return zeros < 0 ? null : [...head, ...new Array<number>(zeros).fill(0), ...rest];
}

const v4Of = (hi: number, lo: number): number => ((hi << 16) | lo) >>> 0;

interface Embedded { v4: number; form: string }

/** The IPv4 addresses an IPv6 address carries, and how; empty when it carries none. */
export function embeddedIPv4(g: readonly number[]): Embedded[] {
  const zeroUpTo = (n: number): boolean => g.slice(0, n).every((x) => x === 0);
  const last = v4Of(g[6]!, g[7]!);
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (SIIT translated)
  if (zeroUpTo(5) && g[5] === 0xffff) return [{ v4: last, form: 'IPv4-mapped' }];
  if (zeroUpTo(4) && g[4] === 0xffff && g[5] === 0) return [{ v4: last, form: 'IPv4-translated' }];
  // ::a.b.c.d (deprecated IPv4-compatible); :: and ::1 are IPv6's own
  if (zeroUpTo(6) && last > 1) return [{ v4: last, form: 'IPv4-compatible' }];
  // NAT64: the well-known 64:ff9b::/96 and the local-use 64:ff9b:1::/48
  if (g[0] === 0x64 && g[1] === 0xff9b && (g[2] === 0 || g[2] === 1)) return [{ v4: last, form: 'NAT64' }];
  if (g[0] === 0x2002) return [{ v4: v4Of(g[1]!, g[2]!), form: '6to4' }];
  // Teredo 2001:0::/32: the server's address, then the client's inverted in the last 32 bits
  if (g[0] === 0x2001 && g[1] === 0) return [{ v4: v4Of(g[2]!, g[3]!), form: 'Teredo' }, { v4: ~last >>> 0, form: 'Teredo' }];
  return [];
}

function v6Reason(g: readonly number[]): string | null {
  const embedded = embeddedIPv4(g);
  if (embedded.length > 0) {
    for (const { v4, form } of embedded) {
      const reason = v4Reason(v4);
      if (reason) return `${reason} (${intToIpv4(v4)} inside an ${form} IPv6 address)`;
    }
    return null;
  }
  if (g.every((x) => x === 0)) return 'unspecified address';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link-local address';
  if ((g[0]! & 0xff00) === 0xff00) return 'multicast address';
  if (g[0] === 0xfd00 && g[1] === 0x0ec2) return 'cloud metadata address';
  if (g[0] === 0x0100 && g[1] === 0 && g[2] === 0 && g[3] === 0) return 'discard-only address';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'documentation address';
  if (g[0] === 0x2001 && g[1]! < 0x0200) return 'IETF protocol-assignment address';
  return null;
}

/** Why an address may not be connected to, or null when it may (names are judged once resolved). */
export function forbiddenAddressReason(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return v4Reason(ipv4ToInt(bare));
  if (family === 6) {
    const groups = parseIPv6(bare);
    return groups ? v6Reason(groups) : 'unparseable IPv6 address';
  }
  return null;
}

/** Whether a URL hostname or address names this machine's loopback (any spelling the URL parser leaves), `*.localhost` included. */
export function isLoopbackHost(hostname: string): boolean {
  return isLoopbackAddress(hostname) || hostname.replace(/\.$/, '').toLowerCase().endsWith('.localhost');
}

/**
 * Loopback for certain: `localhost` itself or a loopback address. A `*.localhost` name goes to the
 * resolver, which may not keep it on this machine: not certain enough to send a secret there.
 */
export function isLoopbackAddress(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (bare === 'localhost') return true;
  const family = isIP(bare);
  if (family === 4) return inV4(ipv4ToInt(bare), '127.0.0.0', 8);
  if (family === 6) {
    const g = parseIPv6(bare);
    if (!g) return false;
    const embedded = embeddedIPv4(g)[0];
    if (embedded) return inV4(embedded.v4, '127.0.0.0', 8);
    return g.slice(0, 7).every((x) => x === 0) && g[7] === 1;
  }
  return false;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

type Lookup = (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => void;

/** A `lookup` for net.connect that refuses forbidden resolved addresses, and those `refuse` names a reason for. */
function lookupRefusing(refuse?: (address: string) => string | null): Lookup {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as dns.LookupAddress[];
      for (const a of list) {
        const reason = forbiddenAddressReason(a.address) ?? refuse?.(a.address) ?? null;
        if (reason) {
          const e = Object.assign(new Error(`refusing to connect to ${hostname}: ${reason}`), { code: 'ESWITCHBOARD_FORBIDDEN' });
          return callback(e, []);
        }
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}

/** A `lookup` for net.connect that refuses forbidden resolved addresses. */
export const guardedLookup: Lookup = lookupRefusing();

/**
 * guardedLookup for a connection to Switchboard's own port: a name that resolves to loopback there (an
 * /etc/hosts alias, which no spelling check of the URL can know) is Switchboard itself, a request loop.
 */
export const guardedLookupOnOwnPort: Lookup = lookupRefusing((address) =>
  isLoopbackAddress(address) ? `it resolves to ${address}, and on Switchboard's own port that points back at Switchboard itself` : null);
