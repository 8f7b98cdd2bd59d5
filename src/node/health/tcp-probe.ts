// Is anything listening at a provider's address? A TCP connect and close: no HTTP request, no
// tokens, nothing in the server's request log. Enough to tell "Ollama is not running" from "it is".
import { connect } from 'node:net';
import { forbiddenAddressReason, guardedLookup } from '../http/address-guard';

export type ProbeResult = { ok: true; latencyMs: number } | { ok: false; reason: string };

/** host and port a base URL connects to (the scheme's port when none is given). */
export function probeTarget(baseUrl: string): { host: string; port: number } | null {
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
  } catch {
    return null;
  }
}

export function tcpProbe(baseUrl: string, timeoutMs: number): Promise<ProbeResult> {
  const target = probeTarget(baseUrl);
  if (target === null) return Promise.resolve({ ok: false, reason: 'invalid base URL' });
  const forbidden = forbiddenAddressReason(target.host);
  if (forbidden) return Promise.resolve({ ok: false, reason: forbidden });
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port, lookup: guardedLookup as never });
    const done = (result: ProbeResult): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
    socket.once('connect', () => done({ ok: true, latencyMs: Math.round(performance.now() - started) }));
    socket.once('error', (err: NodeJS.ErrnoException) => done({ ok: false, reason: err.code ?? err.message }));
  });
}
