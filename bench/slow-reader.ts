// The slow-reader cell (issue 14): a client that reads 1 KB/s while the upstream streams 50 MB as
// fast as it is let. A proxy that respects the slowest party holds a bounded buffer and leaves the
// upstream waiting on a full socket; one that does not reads all 50 MB into memory. Then the client
// goes away, and the upstream should be cut off at once.
import { connect, type Socket } from 'node:net';
import type { LoadRequest } from './load';
import { memoryMb, resetPeakRss } from './proc-stats';
import type { Route } from './requests';
import { round } from './stats';
import type { Target } from './targets';
import { BULK_BYTES, type BulkStats } from './upstream-config';

export interface SlowReaderOptions {
  /** how long the client keeps reading slowly */
  seconds: number;
  bytesPerSecond: number;
}

export interface SlowReaderResult {
  target: Target['name'];
  route: Route;
  seconds: number;
  /** what the client read, headers included */
  clientBytes: number;
  /** the proxy's RSS when the request was sent, and its peak while the client read slowly */
  rssBeforeMb: number;
  rssPeakMb: number;
  rssGrowthMb: number;
  /**
   * RSS growth over the second half of the time: what a stalled stream keeps taking. The first half
   * includes the burst while the socket buffers fill (several MB read, decoded and re-encoded at once),
   * whose garbage grows the heap without being held.
   */
  rssGrowthSecondHalfMb: number;
  /** RSS each second */
  rssSamplesMb: number[];
  /** how far the upstream got of its 50 MB, and whether it was waiting on a full socket at the end */
  upstreamBytes: number;
  upstreamBytesTotal: number;
  upstreamWaiting: boolean;
  /** the upstream wrote less than 1 MB over the last half of the time: it was held back */
  upstreamPaused: boolean;
  /** ms from the client closing to the upstream's stream closing; null: it did not close within 5 s */
  upstreamClosedAfterClientMs: number | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function bulkStats(upstreamUrl: string): Promise<BulkStats> {
  const res = await fetch(`${upstreamUrl}/__bench/bulk`);
  return (await res.json()) as BulkStats;
}

/** A raw HTTP/1.1 request on a socket nobody reads until told to. */
function openSlowClient(url: string, req: LoadRequest): Socket {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const headers = { ...req.headers, host: `${hostname}:${port}`, 'content-length': String(Buffer.byteLength(req.body)), connection: 'close' };
  socket.write(`POST ${req.path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${req.body}`);
  return socket;
}

export async function runSlowReader(target: Target, upstreamUrl: string, route: Route, o: SlowReaderOptions): Promise<SlowReaderResult | null> {
  const req = target.request(route, true, '1k', 'bulk');
  if (!req) return null;
  const before = await bulkStats(upstreamUrl);
  const rssBeforeMb = memoryMb(target.pid).rssMb;
  resetPeakRss(target.pid);
  const socket = openSlowClient(target.url, req);
  let clientBytes = 0;
  const tickMs = 100;
  const perTick = Math.max(1, Math.round((o.bytesPerSecond * tickMs) / 1000));
  const timer = setInterval(() => {
    const chunk = socket.read(perTick) as Buffer | null;
    if (chunk) clientBytes += chunk.length;
  }, tickMs);
  const half = Math.floor(o.seconds / 2);
  let atHalf = 0;
  let stats = before;
  const rssSamplesMb: number[] = [];
  for (let s = 1; s <= o.seconds; s++) {
    await sleep(1000);
    stats = await bulkStats(upstreamUrl);
    rssSamplesMb.push(round(memoryMb(target.pid).rssMb, 1));
    if (s === half) atHalf = stats.bytesWritten;
  }
  const secondHalf = rssSamplesMb.slice(half - 1);
  const rssPeakMb = memoryMb(target.pid).peakRssMb;
  clearInterval(timer);
  const closedAt = performance.now();
  socket.destroy();
  let closedAfter: number | null = null;
  while (performance.now() - closedAt < 5_000) {
    const s = await bulkStats(upstreamUrl);
    if (s.closedAfterMs !== null || s.finished) {
      closedAfter = s.finished ? null : performance.now() - closedAt;
      break;
    }
    await sleep(10);
  }
  const started = stats.streams > before.streams;
  return {
    target: target.name,
    route,
    seconds: o.seconds,
    clientBytes,
    rssBeforeMb: round(rssBeforeMb, 1),
    rssPeakMb: round(rssPeakMb, 1),
    rssGrowthMb: round(rssPeakMb - rssBeforeMb, 1),
    rssGrowthSecondHalfMb: round(Math.max(...secondHalf) - (secondHalf[0] ?? NaN), 1),
    rssSamplesMb,
    upstreamBytes: started ? stats.bytesWritten : 0,
    upstreamBytesTotal: BULK_BYTES,
    upstreamWaiting: started && stats.waitingForDrain,
    upstreamPaused: started && !stats.finished && stats.bytesWritten - atHalf < 1024 * 1024,
    upstreamClosedAfterClientMs: closedAfter === null ? null : round(closedAfter, 0),
  };
}
