// One HTTP server on loopback: the proxy (/v1), the admin API (/api) and the UI (everything else),
// all behind the same Host/Origin guards.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AdminService } from '../../shared/contract';
import { redactSecrets } from '../../core/redact';
import type { ProxyDeps } from './deps';
import { allowedHosts, allowedOrigins, checkHostAndOrigin, closeUnlessBodyRead, isDocumentNavigation, type GuardConfig } from './guards';
import { capConnectionsPerClient } from './connection-cap';
import { handleV1, refuseUnprefixed, refuseV1 } from './v1-routes';
import { missingApiPrefix } from './missing-prefix';
import { ownerPrefix } from './path-owner';
import { handleAdmin, type AdminStreams } from './admin-routes';
import { serveStatic } from './static-ui';
import { ProxyError, sendJson } from './respond';
import { InFlightCalls } from './shutdown';

export interface ServerOptions {
  deps: ProxyDeps;
  service: AdminService;
  /** admin answers written as they are read (the usage CSV); without it they come from `service` as one value */
  streams?: AdminStreams;
  adminToken: string;
  uiDir: string | null;
  boundHost: string;
  /** time a client has to send its request headers (default 15 s) */
  headersTimeoutMs?: number;
  /** connections one client address may hold open (default 1024); past it new ones get 503 */
  maxConnectionsPerClient?: number;
}

export interface ProxyServer {
  server: http.Server;
  listen(port: number, host: string): Promise<number>;
  /** stop accepting; wait (bounded) for in-flight requests */
  close(graceMs: number): Promise<void>;
}

/** how long connections may outlive the last response at shutdown (its bytes are flushed by then) */
const LINGER_MS = 200;
/** how long the requests cut at the drain deadline have to tell their clients so (a 503, a stream's error event) before their connections close */
const CUT_ANSWER_MS = 1_000;
/** After the connections are gone, how long close() waits for their handlers to record their usage. */
const SETTLE_MS = 2_000;

export function createProxyServer(opts: ServerOptions): ProxyServer {
  let port = 0;
  const guardCfg: GuardConfig = { port: () => port, boundHost: opts.boundHost };
  let hosts = new Set<string>();
  let origins = new Set<string>();
  let inFlight = 0;
  let idle: (() => void) | null = null;
  /** handlers still running: one whose connection close() cut still has its usage row to record */
  const running = new Set<Promise<void>>();
  /** the /v1 requests running: cut (as Switchboard's doing) when the drain ends */
  const calls = new InFlightCalls();

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    // every answer (API JSON, SSE, errors, CSV) is private to this machine and typed exactly:
    // no cache keeps a token or a usage export, no browser second-guesses a content type.
    // Static UI files set their own cache policy.
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    if (cap.isOverCap(req.socket)) {
      req.resume();
      sendJson(res, 503, { error: { message: `Too many connections from this address (at most ${cap.limit} at once); retry shortly`, type: 'overloaded_error' } }, { 'retry-after': '1', connection: 'close' });
      return;
    }
    closeUnlessBodyRead(req, res);
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (inFlight === 0 && idle) idle();
    });
    const handled = dispatch(req, res).catch((err) => {
      opts.deps.log(`server: unhandled error: ${redactSecrets(String((err as Error)?.message ?? err))}`);
      if (!res.headersSent) sendJson(res, 500, { error: { message: 'Internal error' } });
      else res.destroy();
    });
    running.add(handled);
    void handled.finally(() => running.delete(handled));
  };

  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const guard = checkHostAndOrigin(req, hosts, origins, isUiNavigation(req));
    if (guard) {
      req.resume();
      // the proxy's paths answer in the client's API's shape, with the request id; still no CORS headers
      const v1 = proxyPathOf(req.url ?? '/');
      if (v1) return refuseV1(req, res, v1.path, v1.query, new ProxyError(guard.status, 'permission_error', guard.message, { connection: 'close' }, 'forbidden'));
      return sendJson(res, guard.status, { error: { message: guard.message, type: 'permission_error' } }, { connection: 'close' });
    }
    const rawUrl = req.url ?? '/';
    // the API's own paths as clients send them need no parsing (new URL costs ~2 us a request)
    const plain = req.method === 'OPTIONS' ? undefined : plainApiPath(rawUrl);
    if (plain !== undefined) return handleV1(req, res, plain, opts.deps, NO_QUERY, calls);
    let url: URL;
    try {
      url = requestUrl(rawUrl);
    } catch {
      return sendJson(res, 400, { error: { message: 'Malformed URL' } });
    }
    if (req.method === 'OPTIONS') {
      // same-origin only; never grant CORS to anyone
      res.writeHead(204).end();
      return;
    }
    const path = url.pathname;
    if (isProxyPath(path)) return handleV1(req, res, path, opts.deps, url.searchParams, calls);
    if (isAdminPath(path)) return handleAdmin(req, res, url, opts.service, opts.adminToken, opts.deps.log, opts.streams);
    if (path === '/healthz') return sendJson(res, 200, { ok: true });
    const prefix = missingApiPrefix(req, path, url.searchParams);
    if (prefix) return refuseUnprefixed(req, res, path, url.searchParams, opts.deps, prefix);
    return serveStatic(req, res, path, opts.uiDir);
  };

  const headersTimeout = opts.headersTimeoutMs ?? 15_000;
  const server = http.createServer(
    {
      // slow-loris: headers must arrive within 15 s, the whole request within 5 min. Node checks
      // these only every connectionsCheckingInterval (30 s by default): check often enough that
      // the timeout is what drops the connection, not the timer's granularity.
      headersTimeout,
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeout / 4))),
      requestTimeout: 300_000,
      keepAliveTimeout: 65_000,
      noDelay: true,
      maxHeaderSize: 64 * 1024,
    },
    handler,
  );
  const cap = capConnectionsPerClient(server, opts.maxConnectionsPerClient ?? 1024);

  return {
    server,
    listen(p, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(p, host, () => {
          server.off('error', reject);
          const addr = server.address();
          port = typeof addr === 'object' && addr ? addr.port : p;
          hosts = allowedHosts(guardCfg);
          origins = allowedOrigins(guardCfg);
          resolve(port);
        });
      });
    },
    close(graceMs) {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // node counts a connection that never sent a request as busy, not idle: it would hold close()
        // open until its headers timeout. Drop whatever is left shortly after the last response ends.
        // At the deadline the requests still running are cut: they answer (503, a stream's error event)
        // and their connections go once the last has (idle below), or a moment later whatever they do.
        const cut = (): void => {
          if (calls.cutAll() === 0) return server.closeAllConnections();
          timer = setTimeout(() => server.closeAllConnections(), CUT_ANSWER_MS);
          timer.unref();
        };
        let timer = setTimeout(cut, inFlight === 0 ? Math.min(graceMs, LINGER_MS) : graceMs);
        timer.unref();
        idle = () => {
          server.closeIdleConnections();
          clearTimeout(timer);
          timer = setTimeout(() => server.closeAllConnections(), LINGER_MS);
          timer.unref();
        };
      }).then(async () => {
        // the requests whose connections were cut at the deadline end a moment later (their upstream
        // aborted): wait (bounded) until they have recorded their usage, before the recorder closes
        if (running.size === 0) return;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...running]),
          new Promise<void>((resolve) => { timer = setTimeout(resolve, SETTLE_MS); }),
        ]);
        clearTimeout(timer);
      });
    },
  };
}

/** Read by the /v1 routes, never written: the query of a path that has none. */
const NO_QUERY = new URLSearchParams();
const PLAIN_API_PATH = /^\/v1(?:beta)?\/[A-Za-z0-9\-_.:~@/]*$/;

/**
 * A /v1 or /v1beta path with no query and nothing URL parsing would change (no dot segment,
 * backslash, percent escape or character it would encode): it is its own pathname. Anything else
 * goes through new URL.
 */
export function plainApiPath(raw: string): string | undefined {
  return PLAIN_API_PATH.test(raw) && !raw.includes('/.') ? raw : undefined;
}

/** A link followed to the UI (not to /api, /v1 or /v1beta): served whichever site it came from. */
function isUiNavigation(req: IncomingMessage): boolean {
  if (!isDocumentNavigation(req)) return false;
  let path: string;
  try {
    // parsed as dispatch parses it
    path = requestUrl(req.url ?? '/').pathname;
  } catch {
    return false;
  }
  return !isAdminPath(path) && !isProxyPath(path) && path !== '/healthz';
}

/**
 * The request target as a URL. An origin-form target (`/...`) is a path whatever follows its first slash:
 * new URL(raw, base) reads `//v1/chat/completions` as a URL of host `v1` and path `/chat/completions`.
 * Absolute-form targets (`http://host/path`) are read as new URL reads them.
 */
export function requestUrl(raw: string): URL {
  return new URL(raw.startsWith('/') || raw.startsWith('\\') ? `http://localhost${raw}` : raw, 'http://localhost');
}

const isAdminPath = (path: string): boolean => ownerPrefix(path).startsWith('/api/');

// /upload/v1beta/ and /upload/v1/: the Gemini SDK's file uploads, which get the Gemini API's 404, not the UI's 405
function isProxyPath(path: string): boolean {
  const p = ownerPrefix(path);
  return p === '/v1' || p.startsWith('/v1/') || p.startsWith('/v1beta/') || p.startsWith('/upload/v1beta/') || p.startsWith('/upload/v1/');
}

/** The path and query of a proxy (/v1, /v1beta) URL; undefined for any other path or an unparsable URL. */
function proxyPathOf(raw: string): { path: string; query: URLSearchParams } | undefined {
  const plain = plainApiPath(raw);
  if (plain !== undefined) return { path: plain, query: NO_QUERY };
  try {
    const url = requestUrl(raw);
    return isProxyPath(url.pathname) ? { path: url.pathname, query: url.searchParams } : undefined;
  } catch {
    return undefined;
  }
}
