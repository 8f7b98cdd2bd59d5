// Upstream HTTP on undici: one pooled Agent, our own timeouts (not undici's 300 s),
// no redirects, SSRF-guarded connects, a bounded number of open requests per origin (the pool
// size, a setting) with a deadline on the wait for a slot. Errors come back as UpstreamFailure with a kind.
import { subscribe } from 'node:diagnostics_channel';
import { Agent, buildConnector, errors as undiciErrors, type Dispatcher } from 'undici';
import { UpstreamFailure, type UpstreamHttpRequest } from '../../core/canonical';
import { redactSecrets } from '../../core/redact';
import { forbiddenAddressReason, guardedLookup, guardedLookupOnOwnPort, isLoopbackHost } from './address-guard';
import { HEADERS_BACKSTOP_MS, HeadersDeadline } from './headers-deadline';
import { PoolBusyError, PoolGate } from './pool-gate';
import type { CallSignal } from './call-signal';

export interface UpstreamClientOptions {
  connectTimeoutMs?: number;
  /** our own port on loopback: a base URL pointing back at the proxy is a loop */
  selfPort?: () => number | undefined;
  /** requests open at once to one origin (default 128); more wait for a slot */
  poolSize?: number;
}

export const DEFAULT_POOL_SIZE = 128;

/** what a connect failure says of an https URL whose server speaks plain HTTP (a misconfiguration, not an outage) */
export const PLAIN_HTTP_ANSWER = 'answers plain HTTP, not HTTPS';

export interface SendOptions {
  signal?: CallSignal;
  /** time to the response headers (first byte), waiting for a pool slot included */
  headersTimeoutMs: number;
  /** longest silence between body chunks */
  bodyTimeoutMs: number;
  /**
   * Called once undici writes the request's headers on its connection (not while it waits for a pool slot or
   * for a connection to open): from then on the provider has, or is getting, the prompt. Only for a request with a body.
   */
  onSent?: () => void;
}

/**
 * Requests waiting to be written, by the body buffer undici keeps as its request's body (a Buffer is kept as
 * given): undici announces each request's headers on its `undici:client:sendHeaders` channel, one
 * subscription for all, ~0.5 us a request (wrapping each request's dispatch handler instead cost ~9 us)
 */
const awaitingSend = new WeakMap<object, () => void>();

/** The bodyTimeout each response's body was given, by that body: a body timeout's error names it (~0.1 us a request). */
const bodyTimeouts = new WeakMap<object, number>();
subscribe('undici:client:sendHeaders', (message) => {
  const body = (message as { request?: { body?: unknown } }).request?.body;
  if (typeof body !== 'object' || body === null) return;
  const onSent = awaitingSend.get(body);
  if (onSent === undefined) return;
  awaitingSend.delete(body);
  onSent();
});

/** The body as the Buffer undici will keep as is (a string or a plain Uint8Array it would copy into one anyway). */
function bodyBuffer(req: UpstreamHttpRequest): Buffer | null {
  const bytes = req.bytes;
  if (bytes) return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return req.body ? Buffer.from(req.body) : null;
}

export type UpstreamResponse = Dispatcher.ResponseData;

/** A URL as send() reads it; `url` is never changed. */
interface ParsedUrl {
  readonly url: URL;
  readonly origin: string;
  readonly path: string;
}

/** The port a connection goes to (undici gives the URL's, empty for the scheme's default). */
const connectPort = (o: buildConnector.Options): number => Number(o.port) || (o.protocol === 'https:' ? 443 : 80);

export class UpstreamClient {
  private readonly agent: Agent;
  private readonly selfPort: () => number | undefined;
  private readonly originProblems = new Map<string, string | null>();
  /** each upstream URL parsed once (a request's URL is its provider's base URL and a fixed path): ~1% of a request's CPU */
  private readonly parsedUrls = new Map<string, ParsedUrl>();
  private readonly gate: PoolGate;

  constructor(opts: UpstreamClientOptions = {}) {
    this.selfPort = opts.selfPort ?? (() => undefined);
    this.gate = new PoolGate(opts.poolSize ?? DEFAULT_POOL_SIZE);
    const timeout = opts.connectTimeoutMs ?? 10_000;
    const anywhere = buildConnector({ timeout, lookup: guardedLookup as never });
    const ownPort = buildConnector({ timeout, lookup: guardedLookupOnOwnPort as never });
    this.agent = new Agent({
      // chosen per new connection (not per request): to Switchboard's own port, a name must not resolve to loopback
      connect: (o, callback) => (connectPort(o) === this.selfPort() ? ownPort : anywhere)(o, callback),
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 120_000,
      // the gate bounds requests per origin (and can change at run time); undici never queues
      connections: null,
      pipelining: 1,
    });
  }

  /** Requests open at once to one origin; takes effect for the next request. */
  setPoolSize(size: number): void {
    this.gate.setSize(size);
  }

  /** Refuse URLs we must never call; returns a reason or null. */
  urlProblem(rawUrl: string): string | null {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return 'invalid URL';
    }
    return this.problemOf(url);
  }

  private problemOf(url: URL, origin = url.origin): string | null {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `scheme ${url.protocol} is not allowed`;
    if (url.username || url.password) return 'credentials in the URL are not allowed';
    // the rest depends only on the origin: checked once per provider, not per request
    const self = this.selfPort();
    const key = `${origin}|${self ?? ''}`;
    const cached = this.originProblems.get(key);
    if (cached !== undefined) return cached;
    let problem = forbiddenAddressReason(url.hostname);
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    if (!problem && self !== undefined && port === self && isLoopbackHost(url.hostname)) {
      problem = 'the URL points back at Switchboard itself';
    }
    if (this.originProblems.size > 1024) this.originProblems.clear();
    this.originProblems.set(key, problem);
    return problem;
  }

  async send(req: UpstreamHttpRequest, opts: SendOptions): Promise<UpstreamResponse> {
    const { url, origin, path } = this.parsed(req.url);
    const problem = this.problemOf(url, origin);
    if (problem) {
      throw new UpstreamFailure({ kind: 'refused_url', message: `upstream URL refused: ${problem}` });
    }
    const waitStart = Date.now();
    let release: () => void;
    try {
      release = await this.gate.acquire(origin, opts.headersTimeoutMs, opts.signal);
    } catch (err) {
      if (err instanceof PoolBusyError) {
        throw new UpstreamFailure({ kind: 'pool_busy', retryAfterMs: 1_000, message: err.message });
      }
      throw toUpstreamFailure(err, opts.signal);
    }
    // undici's headersTimeout is late by up to its ~500 ms tick: our own timer keeps the deadline, undici's is a backstop
    const deadline = new HeadersDeadline(opts.headersTimeoutMs, waitStart, opts.signal);
    try {
      let body: string | Uint8Array | null = req.bytes ?? req.body ?? null;
      if (opts.onSent) {
        body = bodyBuffer(req);
        if (body) awaitingSend.set(body, opts.onSent);
      }
      const res = await this.agent.request({
        origin,
        path,
        method: req.method,
        headers: req.headers,
        body,
        signal: deadline,
        headersTimeout: deadline.leftMs(waitStart) + HEADERS_BACKSTOP_MS,
        bodyTimeout: opts.bodyTimeoutMs,
      });
      deadline.done();
      // the slot is held until the body is read to its end, dumped or destroyed
      if (res.body.closed) release();
      else res.body.once('close', release);
      bodyTimeouts.set(res.body, opts.bodyTimeoutMs);
      return res;
    } catch (err) {
      deadline.done();
      release();
      throw toUpstreamFailure(err, opts.signal, undefined, url);
    }
  }

  private parsed(rawUrl: string): ParsedUrl {
    const known = this.parsedUrls.get(rawUrl);
    if (known !== undefined) return known;
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new UpstreamFailure({ kind: 'refused_url', message: 'upstream URL refused: invalid URL' });
    }
    const parsed: ParsedUrl = { url, origin: url.origin, path: url.pathname + url.search };
    // one carrying credentials is refused, and kept nowhere
    if (url.username || url.password) return parsed;
    if (this.parsedUrls.size > 1024) this.parsedUrls.clear();
    this.parsedUrls.set(rawUrl, parsed);
    return parsed;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** undici's bodyTimeout ran out: the provider's headers came, then no byte for that long. */
export function isBodyTimeout(err: unknown): boolean {
  return err instanceof undiciErrors.BodyTimeoutError || (err as { code?: unknown } | null)?.code === 'UND_ERR_BODY_TIMEOUT';
}

/**
 * A body timeout, whether the body was an answer read whole or a stream relayed: the provider's timeout, its
 * headers came (so it is reachable). `ms`: the bodyTimeout it had, when known.
 */
export function bodyTimeoutFailure(ms: number | undefined): UpstreamFailure {
  const span = ms === undefined ? 'the idle timeout' : `${ms} ms`;
  return new UpstreamFailure({ kind: 'timeout', reachable: true, message: `upstream timed out: it sent no byte for ${span}` });
}

/**
 * Map an undici / socket error to a classified failure. `body`: the response body being read when it came
 * (a body timeout is named with the bodyTimeout send gave it; a body broken off is kind `stream`, reachable).
 */
export function toUpstreamFailure(err: unknown, signal?: CallSignal, body?: object, url?: URL): UpstreamFailure {
  if (err instanceof UpstreamFailure) return err;
  const e = err as { code?: string; name?: string; message?: string };
  if (signal?.aborted || e?.name === 'AbortError' || e?.code === 'UND_ERR_ABORTED') {
    return new UpstreamFailure({ kind: 'connect', message: 'request aborted' });
  }
  if (isBodyTimeout(err)) return bodyTimeoutFailure(body === undefined ? undefined : bodyTimeouts.get(body));
  const message = redactSecrets(e?.message ?? String(err));
  if (
    err instanceof undiciErrors.HeadersTimeoutError ||
    err instanceof undiciErrors.ConnectTimeoutError ||
    e?.code === 'ETIMEDOUT'
  ) {
    return new UpstreamFailure({ kind: 'timeout', message: `upstream timed out: ${message}` });
  }
  if (e?.code === 'ESWITCHBOARD_FORBIDDEN') {
    return new UpstreamFailure({ kind: 'refused_url', message });
  }
  // a body that broke off (the socket reset or closed midway) came after the provider's headers: it answered,
  // so this is its answer cut short, as a stream cut before its content (this model's failure alone), not the
  // provider out of reach (which would cool down every model of it)
  if (body !== undefined) return new UpstreamFailure({ kind: 'stream', reachable: true, message: `upstream body broke off: ${message}` });
  // an https URL for a server that speaks plain HTTP (a local one, mostly): OpenSSL's own words help nobody
  if (e?.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number/i.test(message)) {
    const where = url === undefined ? 'the server' : `the server at ${url.hostname}:${url.port || '443'}`;
    return new UpstreamFailure({ kind: 'connect', message: `upstream connection failed: ${where} ${PLAIN_HTTP_ANSWER}: use http://` });
  }
  return new UpstreamFailure({ kind: 'connect', message: `upstream connection failed: ${message}` });
}
