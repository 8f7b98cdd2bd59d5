// A fast fake LLM upstream for the benchmark, run as its own process so its CPU and RSS stay apart
// from the proxies'. Speaks OpenAI chat completions, OpenAI Responses, Anthropic messages and Gemini
// generateContent, streaming and not (bench/fake-wire.ts).
// Time to first token, chunk count and pacing are set between cells with POST /__bench/config.
// Every streamed text piece carries its send time (`~<epoch ms>~`) so the client can see batching.
// A path prefix picks a behaviour for the special cells (a provider's base URL carries it):
//   /__big      a 1 MB answer with no usage reported (OpenAI chat only); streamed 5 KB a millisecond,
//               as a fast provider would, not as fast as the proxy can take it
//   /__429once  every other request answers 429 (no retry-after); /__429once-ra with retry-after-ms: 100
//   /__bulk     a 50 MB stream written as fast as the reader takes it (OpenAI chat or Anthropic);
//               GET /__bench/bulk tells how far the last one got and whether it waits for the reader
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { MODEL, jsonAnswer, openaiJson, openaiStream, streamShape, type Format, type StreamShape } from './fake-wire';
import { BULK_BYTES, parseUpstreamConfig, type BulkStats, type UpstreamConfig } from './upstream-config';

let config: UpstreamConfig = { ttftMs: 0, chunks: 50, pacingMs: 0 };

const wallMs = (): number => performance.timeOrigin + performance.now();
const stamp = (): string => `~${wallMs().toFixed(3)}~`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const BIG_PIECES = 10_000;
const BIG_PIECE = 'The quick brown fox jumps over the lazy dog while the router counts what it cannot see reported. '.padEnd(100, '.');
const BIG_TEXT = BIG_PIECE.repeat(BIG_PIECES);
const UNREPORTED = openaiStream(false);
const BIG_STREAM: StreamShape = { ...UNREPORTED, piece: (_t, i) => UNREPORTED.piece(BIG_PIECE, i) };
/** pieces written back to back before a 1 ms pause */
const BIG_BURST = 50;
const BULK_PIECE = 'x'.repeat(1000);

const bulk: BulkStats = { streams: 0, bytesWritten: 0, waitingForDrain: false, finished: false, closedAfterMs: null };
let failNext = false;

const drained = (res: ServerResponse): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });

/** `burst`: pieces written between two pauses of `cfg.pacingMs` (1 = a pause before every piece). */
async function stream(res: ServerResponse, shape: StreamShape, includeUsage: boolean, cfg: UpstreamConfig, burst = 1): Promise<void> {
  if (cfg.ttftMs > 0) await sleep(cfg.ttftMs);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (shape.head) res.write(shape.head);
  for (let i = 0; i < cfg.chunks; i++) {
    if (i > 0 && cfg.pacingMs > 0 && i % burst === 0) await sleep(cfg.pacingMs);
    if (res.destroyed) return;
    res.write(shape.piece(stamp(), i));
  }
  res.end(shape.tail(cfg.chunks, includeUsage));
}

/** 50 MB as fast as the reader takes it, waiting for 'drain' whenever the socket is full. */
async function bulkStream(res: ServerResponse, shape: StreamShape): Promise<void> {
  const t0 = performance.now();
  Object.assign(bulk, { streams: bulk.streams + 1, bytesWritten: 0, waitingForDrain: false, finished: false, closedAfterMs: null });
  res.on('close', () => {
    bulk.closedAfterMs = performance.now() - t0;
    bulk.waitingForDrain = false;
  });
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (shape.head) res.write(shape.head);
  for (let i = 0; bulk.bytesWritten < BULK_BYTES; i++) {
    if (res.destroyed) return;
    const piece = shape.piece(BULK_PIECE, i);
    bulk.bytesWritten += piece.length;
    if (!res.write(piece)) {
      bulk.waitingForDrain = true;
      await drained(res);
      bulk.waitingForDrain = false;
    }
  }
  bulk.finished = true;
  res.end(shape.tail(0, false));
}

async function complete(res: ServerResponse, body: string, cfg: UpstreamConfig): Promise<void> {
  if (cfg.ttftMs > 0) await sleep(cfg.ttftMs);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

const GEMINI_PATH = /^\/v1beta\/models\/[^:]+:(generateContent|streamGenerateContent)$/;
const MODE_PREFIX = /^\/__(big|429once-ra|429once|bulk)(?=\/)/;

function formatOf(path: string): { format: Format; geminiStream: boolean | null } | null {
  if (path === '/v1/messages') return { format: 'anthropic', geminiStream: null };
  if (path === '/v1/chat/completions') return { format: 'openai', geminiStream: null };
  if (path === '/v1/responses') return { format: 'responses', geminiStream: null };
  const gemini = GEMINI_PATH.exec(path);
  return gemini ? { format: 'gemini', geminiStream: gemini[1] === 'streamGenerateContent' } : null;
}

function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  const fullPath = (req.url ?? '/').split('?')[0] ?? '/';
  if (req.method === 'POST' && fullPath === '/__bench/config') {
    const parsed = parseUpstreamConfig(body);
    if (typeof parsed === 'string') return reply(res, 400, JSON.stringify({ error: parsed }));
    config = parsed;
    return reply(res, 200, JSON.stringify(config));
  }
  if (req.method === 'GET' && fullPath === '/__bench/bulk') return reply(res, 200, JSON.stringify(bulk));
  const mode = MODE_PREFIX.exec(fullPath)?.[1];
  const path = mode ? fullPath.slice(mode.length + 3) : fullPath;
  if (req.method === 'GET' && path === '/v1/models') {
    return reply(res, 200, `{"object":"list","data":[{"id":"${MODEL}","object":"model","created":0,"owned_by":"bench"}]}`);
  }
  const api = formatOf(path);
  if (req.method !== 'POST' || !api || (mode === 'big' && api.format !== 'openai') || (mode === 'bulk' && api.format !== 'openai' && api.format !== 'anthropic')) {
    return reply(res, 404, `{"error":{"message":"no route ${req.method} ${fullPath}","type":"not_found"}}`);
  }
  if (mode === '429once' || mode === '429once-ra') {
    failNext = !failNext;
    if (failNext) {
      return reply(res, 429, '{"error":{"message":"Rate limit reached (bench)","type":"rate_limit_error","code":"rate_limit_exceeded"}}',
        mode === '429once-ra' ? { 'retry-after-ms': '100' } : {});
    }
  }
  // A regex instead of JSON.parse keeps the fake's own cost flat; proxies re-serialise with JSON.stringify.
  const streaming = api.geminiStream ?? /"stream"\s*:\s*true/.test(body);
  const includeUsage = /"include_usage"\s*:\s*true/.test(body);
  let work: Promise<void>;
  if (mode === 'bulk') work = streaming ? bulkStream(res, streamShape(api.format)) : Promise.resolve(reply(res, 400, '{"error":{"message":"bulk streams only"}}'));
  else if (mode === 'big') {
    work = streaming
      ? stream(res, BIG_STREAM, includeUsage, { ...config, chunks: BIG_PIECES, pacingMs: 1 }, BIG_BURST)
      : complete(res, openaiJson(BIG_TEXT, false), config);
  } else {
    work = streaming ? stream(res, streamShape(api.format), includeUsage, config) : complete(res, jsonAnswer(api.format), config);
  }
  work.catch(() => res.destroy());
}

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => { body += chunk; });
  req.on('end', () => handle(req, res, body));
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  if (addr && typeof addr === 'object') console.log(`fake upstream listening on http://127.0.0.1:${addr.port}`);
});
process.on('SIGTERM', () => process.exit(0));
