// The loopback HTTP every fake provider runs on: a free port on 127.0.0.1; each request read,
// recorded and given its fault; the faults that strike before any response byte; close.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault, FakeProvider, RecordedRequest } from './types';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A promise the test settles when it chooses (`release`; again is harmless): the `until` of a hold fault. */
export function gate(): { until: Promise<void>; release: () => void } {
  let release!: () => void;
  const until = new Promise<void>((resolve) => { release = resolve; });
  return { until, release };
}

/** Waits for `until` with `rec.held` set meanwhile, so a test can see the fake is holding this answer. */
export async function holding(rec: RecordedRequest, until: Promise<void>): Promise<void> {
  rec.held = true;
  try {
    await until;
  } finally {
    rec.held = false;
  }
}

/** JSON, or text sent as it is (a malformed body on purpose); nothing once the connection is gone. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Resolves when the text is flushed, or when the connection is gone (the callback may then never run). */
export function writeFlushed(res: ServerResponse, text: string): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('close', done);
      resolve();
    };
    res.once('close', done);
    res.write(text, done);
  });
}

/**
 * Waits `ms`, or less when the connection goes first (a long wait of a client that left ends with it),
 * writing `keepAlive.text` every `keepAlive.everyMs` meanwhile (a keep-alive comment, a ping event).
 */
export function untilClosedOr(res: ServerResponse, ms: number, keepAlive?: { everyMs: number; text: string }): Promise<void> {
  return new Promise((resolve) => {
    const every = keepAlive ? setInterval(() => { if (!res.destroyed) res.write(keepAlive.text); }, keepAlive.everyMs) : undefined;
    const done = (): void => {
      clearTimeout(timer);
      clearInterval(every);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}

/** One request as a fake handles it. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  rec: RecordedRequest;
  /** the body as sent; `rec.body` is its JSON, or undefined */
  raw: string;
  fault: Fault | undefined;
  /** the fake cuts the connection itself (a fault): that is not the client going away */
  cut(): void;
}

export interface FakeServer {
  /** appended to `http://127.0.0.1:<port>` to make `fake.url`, the provider SDK's base URL */
  basePath: string;
  /** headers of the format's JSON answers (a status fault's too) */
  jsonHeaders?: Record<string, string>;
  /** the format's error body for a status fault that brings none */
  statusBody(status: number): unknown;
  /** everything after the faults that strike before the headers */
  handle(x: Exchange): Promise<void> | void;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function parseJson(raw: string): any {
  try {
    return raw === '' ? undefined : JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Serves `fake` and fills in its `url`, `port` and `close`. */
export async function serveFake(fake: FakeProvider, spec: FakeServer): Promise<void> {
  let closed = false;

  async function take(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const rec: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: parseJson(raw), aborted: false, held: false };
    fake.requests.push(rec);
    let cut = false;
    res.on('close', () => {
      if (!res.writableFinished && !cut && !closed) rec.aborted = true;
    });
    const fault = fake.faults.shift() ?? fake.persistentFault ?? undefined;
    const x: Exchange = { req, res, rec, raw, fault, cut: () => { cut = true; } };
    if (fault?.kind === 'reset-before-headers') {
      x.cut();
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow-first-byte') await sleep(fault.ms);
    if (fault?.kind === 'hold-first-byte') await holding(rec, fault.until);
    if (res.destroyed) return;
    if (fault?.kind === 'status') return sendJson(res, fault.status, fault.body ?? spec.statusBody(fault.status), { ...spec.jsonHeaders, ...fault.headers });
    if (fault?.kind === 'hold-first-byte' && fault.status !== undefined) return sendJson(res, fault.status, spec.statusBody(fault.status), { ...spec.jsonHeaders, ...fault.headers });
    await spec.handle(x);
  }

  const server = createServer((req, res) => {
    take(req, res).catch((err: unknown) => {
      // a bug in the fake: answer (or cut) the request, and fail the run loudly
      if (!res.headersSent) sendJson(res, 500, spec.statusBody(500), spec.jsonHeaders);
      else res.destroy();
      throw err;
    });
  });
  await new Promise<void>((resolve) => server.listen(fake.options.port ?? 0, '127.0.0.1', resolve));
  fake.port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${fake.port}${spec.basePath}`;
  fake.close = () => new Promise<void>((resolve) => {
    closed = true;
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
