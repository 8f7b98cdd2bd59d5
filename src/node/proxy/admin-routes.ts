// The /api admin API, generated from the contract's route table: one loop, no hand-written routes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ADMIN_ROUTES, AdminError, type AdminMethod, type AdminService, type HttpRoute } from '../../shared/contract';
import { redactSecrets } from '../../core/redact';
import { BodyTooLargeError, checkJsonContentType, presentedToken, readBody, safeEqual } from './guards';
import { sendJson } from './respond';
import { roundUsd } from '../../shared/money';
import type { CsvExport } from '../usage/csv-export';

/**
 * Money in the admin API's answers: every `*_usd` number to 12 decimals, as the usage CSV writes it, so a
 * balance drawn down or a sum of costs reads 0.02, not 0.020000000000000004 (float noise of the arithmetic).
 */
const usdRounded = (key: string, value: unknown): unknown => (typeof value === 'number' && key.endsWith('_usd') ? roundUsd(value) : value);

/** Methods whose HTTP answer is written as it is read, not built as one value first. */
export interface AdminStreams {
  /** the usage CSV a line at a time (a year of heavy use is more text than one string can hold) */
  exportUsageCsv(input: unknown): CsvExport;
}

/** CSV text gathered into one write of about this much */
const CSV_CHUNK_CHARS = 64 * 1024;

interface CompiledRoute {
  method: AdminMethod;
  route: HttpRoute;
  pattern: RegExp;
  params: string[];
}

function compile(): CompiledRoute[] {
  return (Object.entries(ADMIN_ROUTES) as [AdminMethod, HttpRoute][]).map(([method, route]) => {
    const params: string[] = [];
    const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
      params.push(name);
      return '([^/]+)';
    });
    return { method, route, pattern: new RegExp(`^${source}$`), params };
  });
}

const ROUTES = compile();
const MAX_ADMIN_BODY = 1024 * 1024;

/** refusals that end the connection: whoever sent them gets no keep-alive to try again on */
const CLOSING = new Set([401, 403, 413]);

/** Invalid input (400) always names its field, null when the fault is the whole body (not JSON, not an object). */
function adminError(res: ServerResponse, status: number, message: string, field?: string): void {
  const named = field ?? (status === 400 ? null : undefined);
  sendJson(res, status, { error: named === undefined ? { message } : { message, field: named } }, CLOSING.has(status) ? { connection: 'close' } : {});
}

export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  service: AdminService,
  adminToken: string,
  log: (line: string) => void,
  streams?: AdminStreams,
): Promise<void> {
  const token = presentedToken(req);
  if (!token || !safeEqual(token, adminToken)) return adminError(res, 401, 'Missing or invalid admin token');

  const candidates = ROUTES.filter((r) => r.pattern.test(url.pathname));
  if (candidates.length === 0) return adminError(res, 404, `No such endpoint: ${url.pathname}`);
  const match = candidates.find((r) => r.route.method === req.method);
  if (!match) {
    res.setHeader('allow', candidates.map((c) => c.route.method).join(', '));
    return adminError(res, 405, `Method ${req.method} not allowed on ${url.pathname}`);
  }

  try {
    const input = await buildInput(req, url, match);
    if (match.method === 'exportUsageCsv' && streams) return await writeCsv(res, streams.exportUsageCsv(input));
    const fn = service[match.method] as (input: unknown) => Promise<unknown>;
    const out = await fn(input);
    if (match.route.produces === 'text/csv') {
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="switchboard-usage.csv"',
      });
      res.end(out as string);
      return;
    }
    sendJson(res, 200, out ?? {}, {}, usdRounded);
  } catch (err) {
    if (err instanceof AdminError && !res.headersSent) return adminError(res, err.status, err.message, err.field);
    log(`admin: ${match.method} failed: ${redactSecrets(String((err as Error)?.stack ?? err))}`);
    // a body already begun cannot turn into an error: cut it, so the client sees it incomplete
    if (res.headersSent) res.destroy();
    else adminError(res, 500, 'Internal error');
  }
}

/**
 * Writes the CSV as the client reads it: a chunk, then wait for the socket to drain and for the event
 * loop's turn. No more than a chunk or two is ever held, whatever the number of rows; a client that
 * leaves stops the reading.
 */
export async function writeCsv(res: ServerResponse, out: CsvExport): Promise<void> {
  const headers: Record<string, string> = {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': 'attachment; filename="switchboard-usage.csv"',
  };
  // only with max_rows: the oldest requests of the window that the cap left out
  if (out.truncatedRows > 0) headers['x-switchboard-truncated'] = String(out.truncatedRows);
  // the window reaches past what retention kept of the request log: its rows start on that day (the totals keep the rest)
  if (out.logFrom !== null) headers['x-switchboard-log-from'] = out.logFrom;
  res.writeHead(200, headers);
  let chunk = '';
  try {
    for (const line of out.lines) {
      chunk += line;
      if (chunk.length < CSV_CHUNK_CHARS) continue;
      const flowing = res.write(chunk);
      chunk = '';
      if (!flowing) await drained(res);
      // a reader as fast as loopback drains each write at once, so 'drain' alone never yields: give
      // the event loop a turn per chunk, or every proxy request waits for the whole export
      await new Promise(setImmediate);
      if (res.destroyed) return;
    }
    res.end(chunk);
  } finally {
    out.lines.return(undefined);
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function buildInput(req: IncomingMessage, url: URL, match: CompiledRoute): Promise<unknown> {
  const input: Record<string, unknown> = Object.create(null);
  const m = match.pattern.exec(url.pathname)!;
  const pathParams: Record<string, string> = {};
  match.params.forEach((name, i) => {
    try {
      pathParams[name] = decodeURIComponent(m[i + 1]!);
    } catch {
      throw new AdminError(400, `Malformed path parameter ${name}`, name);
    }
  });
  for (const q of match.route.query ?? []) {
    const v = url.searchParams.get(q);
    if (v !== null) input[q] = v;
  }
  if (match.route.body) {
    const body = await readJson(req, match.route.maxBodyBytes ?? MAX_ADMIN_BODY);
    if (match.route.body === 'all') Object.assign(input, body);
    else input[match.route.body] = body;
  } else if (carriesBody(req)) {
    // a route that reads no body still refuses a non-JSON one (a web page's text/plain "simple request");
    // sent bodiless, as clients and the UI do, it is served
    const ct = checkJsonContentType(req);
    if (ct) throw new AdminError(415, ct.message);
  }
  Object.assign(input, pathParams);
  return { ...input };
}

function carriesBody(req: IncomingMessage): boolean {
  const declared = req.headers['content-length'];
  return (declared !== undefined && declared !== '0') || req.headers['transfer-encoding'] !== undefined;
}

async function readJson(req: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
  if (!carriesBody(req)) return {};
  const ct = checkJsonContentType(req);
  if (ct) throw new AdminError(415, ct.message);
  let buf: Buffer;
  try {
    buf = await readBody(req, maxBytes);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new AdminError(413, err.message);
    throw new AdminError(400, 'Could not read the request body');
  }
  if (buf.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(buf.toString('utf8'));
  } catch {
    throw new AdminError(400, 'The request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AdminError(400, 'The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
