// Tools for the hardening tests: raw HTTP with any Host header (fetch cannot set one), raw socket
// bytes, a read-only view of the app's database, and polling.
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { UsageRow } from '../../../src/node/usage/usage-row';
import type { RecordedRequest } from '../../mocks/types';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

export interface RawInit {
  method?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  timeoutMs?: number;
  /** send the body in pieces with `transfer-encoding: chunked` (no content-length) */
  chunked?: boolean;
}

/** One request through node:http: the Host header and every other header are sent as given. */
export function httpRequest(baseUrl: string, path: string, init: RawInit = {}): Promise<RawResponse> {
  const u = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path,
        method: init.method ?? 'GET',
        headers: init.headers ?? {},
        agent: false,
        setHost: !Object.keys(init.headers ?? {}).some((k) => k.toLowerCase() === 'host'),
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: any;
          try { json = JSON.parse(text); } catch { json = undefined; }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(init.timeoutMs ?? 15_000, () => req.destroy(new Error(`timed out: ${init.method ?? 'GET'} ${path}`)));
    // a server that answers before reading the whole body may reset the socket under our write
    req.on('error', (err) => { if (!answered) reject(err); });
    const body = init.body === undefined ? undefined : Buffer.isBuffer(init.body) ? init.body : Buffer.from(init.body);
    if (body === undefined) { req.end(); return; }
    if (!init.chunked) { req.end(body); return; }
    const piece = 1024 * 1024;
    let off = 0;
    const pump = (): void => {
      while (off < body.length) {
        if (req.destroyed || answered) return;
        const ok = req.write(body.subarray(off, off + piece));
        off += piece;
        if (!ok) { req.once('drain', pump); return; }
      }
      req.end();
    };
    pump();
  });
}

/** Writes exactly these bytes to the server and returns everything it answers until it closes (or the timeout). */
export function rawExchange(port: number, bytes: string | Buffer, timeoutMs = 3_000): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closedByServer = false;
    const timer = setTimeout(() => sock.destroy(), timeoutMs);
    sock.on('connect', () => sock.write(bytes));
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('end', () => { closedByServer = true; });
    sock.on('error', (e: NodeJS.ErrnoException) => { if (e.code !== 'ECONNRESET') reject(e); else closedByServer = true; });
    sock.on('close', () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString('utf8'), closedByServer });
    });
  });
}

/** The status code of the first response in a raw HTTP answer, or 0. */
export function statusOf(raw: string): number {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
  return m ? Number(m[1]) : 0;
}

export function authJson(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extra };
}

/** A read-only connection to the app's database (WAL lets it read while the app writes). */
export function openAppDb(dataDir: string): BetterSqlite3.Database {
  return new BetterSqlite3(join(dataDir, 'switchboard.db'), { readonly: true, fileMustExist: true });
}

export function queryAll<T = Record<string, unknown>>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = openAppDb(dataDir);
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The usage_log columns the tests read, as usage-row.ts writes them. */
export type UsageLogRow = Pick<UsageRow,
  'request_id' | 'requested_model' | 'model_id' | 'provider_id' | 'stream' | 'failed_attempts' | 'input_tokens' | 'output_tokens'
  | 'cost_usd' | 'estimated' | 'status' | 'error_kind'>;

/** The usage row of one request, waiting for the recorder's flush (200 ms) to land it. */
export async function usageRow(dataDir: string, requestId: string, timeoutMs = 3_000): Promise<UsageLogRow> {
  return waitFor(() => queryAll<UsageLogRow>(dataDir, 'SELECT * FROM usage_log WHERE request_id = ?', requestId)[0], timeoutMs, `usage row ${requestId}`);
}

export function usageCount(dataDir: string): number {
  return (queryAll<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM usage_log')[0]?.n) ?? 0;
}

/** Polls until fn returns something other than undefined/false. */
export async function waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 3_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Parses an SSE body into its `data:` payloads (JSON where it parses). */
export function sseData(text: string): unknown[] {
  const out: unknown[] = [];
  for (const block of text.split(/\n\n/)) {
    const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
    if (!data) continue;
    try { out.push(JSON.parse(data)); } catch { out.push(data); }
  }
  return out;
}

/** A fake provider's record of its request `index`, once the fake holds that request's answer (a hold fault). */
export function heldAt(fake: { requests: readonly RecordedRequest[] }, index: number, timeoutMs = 10_000): Promise<RecordedRequest> {
  return waitFor(() => { const rec = fake.requests[index]; return rec?.held ? rec : undefined; }, timeoutMs, 'the upstream request held');
}
