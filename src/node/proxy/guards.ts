// Who may talk to us at all: loopback Host names with our port, and the address given with --host
// (DNS rebinding: a rebound page sends its own name as Host, never our address), no foreign Origin
// (web pages, CSRF), JSON bodies only, bounded body size, timing-safe token compare.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';

export interface GuardConfig {
  port: () => number;
  /** the host the server is bound to, when it is not loopback (e.g. a LAN address given with --host) */
  boundHost: string;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** The Host values served: each name with our port, and bare as well on port 80. */
export function allowedHosts(cfg: GuardConfig): Set<string> {
  const port = cfg.port();
  const names = new Set(LOOPBACK_NAMES);
  const bound = cfg.boundHost.includes(':') && !cfg.boundHost.startsWith('[') ? `[${cfg.boundHost}]` : cfg.boundHost;
  if (bound && bound !== '0.0.0.0' && bound !== '[::]') names.add(bound.toLowerCase());
  const hosts = [...names].map((n) => `${n}:${port}`);
  // clients leave the default port out of Host (RFC 9110 7.2), and browsers out of Origin
  return new Set(port === 80 ? [...hosts, ...names] : hosts);
}

export function allowedOrigins(cfg: GuardConfig): Set<string> {
  return new Set([...allowedHosts(cfg)].map((h) => `http://${h}`));
}

export type GuardFailure = { status: 403 | 415; message: string };

/**
 * A person following a link to the UI (from another local tool's page, a bookmark manager, any web page):
 * a top-level GET of a document. Another site cannot read what such a navigation loads, and the page
 * cannot be framed (frame-ancestors 'none', X-Frame-Options DENY), so it needs no same-site check; the UI's
 * own requests to /api still get every check.
 */
export function isDocumentNavigation(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && req.headers['sec-fetch-mode'] === 'navigate' && req.headers['sec-fetch-dest'] === 'document';
}

/**
 * Host and Origin checks, shared by /v1, /api and the UI. `navigation`: a document navigation to the UI
 * (isDocumentNavigation), which may come from another site; the Host check still applies.
 */
export function checkHostAndOrigin(req: IncomingMessage, hosts: Set<string>, origins: Set<string>, navigation = false): GuardFailure | null {
  const host = req.headers.host;
  if (!host || !hosts.has(host.toLowerCase()) || hostLines(req.rawHeaders) !== 1 || !targetAuthorityAllowed(req.url ?? '/', hosts)) {
    return { status: 403, message: 'Forbidden: unexpected Host header (only the loopback names and the address given with --host, with this port, are served)' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !origins.has(origin.toLowerCase())) {
    return { status: 403, message: 'Forbidden: cross-origin requests are not allowed' };
  }
  // a header sent twice reaches us joined ("same-origin, cross-site"): any cross-site value refuses
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && !navigation && /(?:^|,)\s*(?:cross-site|same-site)\s*(?:,|$)/i.test(site)) {
    return { status: 403, message: 'Forbidden: cross-site requests are not allowed' };
  }
  return null;
}

/**
 * How many Host lines the request carried. Node keeps only the first of several in `headers`, while a proxy or
 * cache in front may go by the last: a request naming two hosts is refused whichever one we would have read.
 */
function hostLines(rawHeaders: string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === 4 && name.toLowerCase() === 'host') count++;
  }
  return count;
}

/**
 * A target in absolute form (`GET http://host:port/path`, RFC 9112 3.2.2) names its own authority, which takes
 * precedence over Host: it must be one of ours too. Origin form (`/path`) and `*` carry none.
 */
function targetAuthorityAllowed(target: string, hosts: Set<string>): boolean {
  if (target.startsWith('/') || target === '*') return true;
  try {
    const url = new URL(target);
    return url.protocol === 'http:' && url.username === '' && url.password === '' && hosts.has(url.host);
  } catch {
    return false;
  }
}

/** POST/PUT bodies must be JSON: a `text/plain` "simple request" from a web page gets 415. */
export function checkJsonContentType(req: IncomingMessage): GuardFailure | null {
  const ct = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (ct !== 'application/json') {
    return { status: 415, message: 'Unsupported Media Type: send the body as application/json' };
  }
  return null;
}

/**
 * An answer sent before the request body was read (401, 403, 413, 405...) closes the connection:
 * otherwise Node reads and discards the rest of the body, as slowly as the client sends it, for up
 * to the whole request timeout. The header is taken back once a handler has read the body.
 */
export function closeUnlessBodyRead(req: IncomingMessage, res: ServerResponse): void {
  const length = req.headers['content-length'];
  if ((length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined) return;
  // Node writes `connection: close` and ends the socket itself when shouldKeepAlive is false at writeHead
  if (!res.shouldKeepAlive) return;
  res.shouldKeepAlive = false;
  req.once('end', () => {
    if (!res.headersSent) res.shouldKeepAlive = true;
  });
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body too large (limit ${limit} bytes)`);
  }
}

/** Read the whole body, refusing early when it exceeds `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError(limit));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Read and discard a body nobody will use (an unknown endpoint's upload), so the answer is read: a
 * connection closed while the client still sends is a broken pipe to it, not the answer. False when
 * the body is over `limit`, slower than `timeoutMs` or cut off (the connection is then closed, see
 * closeUnlessBodyRead).
 */
export function drainBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<boolean> {
  if (req.readableEnded) return Promise.resolve(true);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(false);
  return new Promise((resolve) => {
    let size = 0;
    const done = (drained: boolean): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onError);
      // left unread, as any other answer sent before its body
      if (!drained) req.pause();
      resolve(drained);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) done(false);
    };
    const onEnd = (): void => done(true);
    const onError = (): void => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onError);
  });
}

/** The bearer token or x-api-key a request carries, if any. */
export function presentedToken(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m?.[1] ?? null;
  }
  const key = req.headers['x-api-key'];
  if (typeof key === 'string' && key.length > 0) return key.trim();
  return null;
}

/**
 * Google's clients send the key as `x-goog-api-key` or `?key=` (Gemini CLI, @google/genai). The query
 * value must go no further than this check: nothing logs or records request URLs.
 */
export function presentedGoogleKey(req: IncomingMessage, query: URLSearchParams): string | null {
  const header = req.headers['x-goog-api-key'];
  if (typeof header === 'string' && header.trim() !== '') return header.trim();
  const key = query.get('key');
  return key !== null && key.trim() !== '' ? key.trim() : null;
}

/** Constant-time comparison of a presented secret with the expected one. */
export function safeEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && presented.length === expected.length;
}
