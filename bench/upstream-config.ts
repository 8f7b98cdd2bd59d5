// How the fake upstream answers: shared by the fake (which parses it) and the runner (which sets it).

export interface UpstreamConfig {
  /** delay before the first byte of the answer (headers and first token leave together) */
  ttftMs: number;
  /** streamed text pieces per answer */
  chunks: number;
  /** gap between streamed pieces; 0 writes them back to back */
  pacingMs: number;
}

const LIMITS: Record<keyof UpstreamConfig, number> = { ttftMs: 60_000, chunks: 10_000, pacingMs: 10_000 };

/** The config, or a message saying what is wrong with it. */
export function parseUpstreamConfig(text: string): UpstreamConfig | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'config is not JSON';
  }
  if (typeof value !== 'object' || value === null) return 'config must be an object';
  const out: UpstreamConfig = { ttftMs: 0, chunks: 50, pacingMs: 0 };
  for (const key of Object.keys(LIMITS) as (keyof UpstreamConfig)[]) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > LIMITS[key]) return `${key} must be an integer 0..${LIMITS[key]}`;
    out[key] = v;
  }
  return out;
}

/** The bulk stream of the slow-reader cell: this much, as fast as the reader takes it. */
export const BULK_BYTES = 50 * 1024 * 1024;

/** How far the last bulk stream got (GET /__bench/bulk). */
export interface BulkStats {
  streams: number;
  bytesWritten: number;
  /** the last write returned false and the stream waits for 'drain' */
  waitingForDrain: boolean;
  finished: boolean;
  /** ms from the stream's start to its socket closing, null while open */
  closedAfterMs: number | null;
}
