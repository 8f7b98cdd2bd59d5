// SSRF guard: upstream connections may go to the internet or to this machine's loopback
// (Ollama, LM Studio), never to link-local / cloud-metadata addresses. Checked on the
// address actually connected to, so a hostname that resolves there is caught too.
import { isIP } from 'node:net';
import dns from 'node:dns';

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0;
}

function inV4(ip: string, base: string, bits: number): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (ipv4ToInt(ip) & mask) === (ipv4ToInt(base) & mask);
}

/** The IPv4 address embedded in an IPv4-mapped / -compatible IPv6 address, if any. */
function embeddedV4(ip: string): string | null {
  const m = /^(?:0{0,4}:){0,5}(?:ffff:)?((?:\d{1,3}\.){3}\d{1,3})$/i.exec(ip);
  if (m?.[1]) return m[1];
  const hex = /^(?:0{0,4}:){0,5}ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (hex?.[1] && hex[2]) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/** Why an address may not be connected to, or null when it may. */
export function forbiddenAddressReason(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) {
    if (inV4(bare, '169.254.0.0', 16)) return 'link-local / cloud metadata address';
    if (inV4(bare, '0.0.0.0', 8)) return 'unspecified address';
    if (inV4(bare, '100.100.100.200', 32)) return 'cloud metadata address';
    if (inV4(bare, '224.0.0.0', 4)) return 'multicast address';
    return null;
  }
  if (family === 6) {
    const v4 = embeddedV4(bare);
    if (v4) return forbiddenAddressReason(v4);
    const lower = bare.toLowerCase();
    if (/^fe[89ab]/.test(lower)) return 'link-local address';
    if (lower === '::') return 'unspecified address';
    if (lower.startsWith('fd00:ec2::254')) return 'cloud metadata address';
    if (lower.startsWith('ff')) return 'multicast address';
    return null;
  }
  return null;
}

/** Whether a URL hostname or address names this machine's loopback (any spelling the URL parser leaves). */
export function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  const family = isIP(bare);
  if (family === 4) return inV4(bare, '127.0.0.0', 8);
  if (family === 6) {
    const v4 = embeddedV4(bare);
    return v4 ? inV4(v4, '127.0.0.0', 8) : bare === '::1' || /^(?:0{1,4}:){7}0{0,3}1$/.test(bare);
  }
  return false;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** A `lookup` for net.connect that refuses forbidden resolved addresses. */
export function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as dns.LookupAddress[];
    for (const a of list) {
      const reason = forbiddenAddressReason(a.address);
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
}
