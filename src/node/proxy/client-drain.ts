// Waiting for a client's socket to take more: the relay's and a resumed Responses stream's backpressure.
import type { ServerResponse } from 'node:http';

/** A client that reads nothing for this long while its socket is full is cut off (default). */
export const CLIENT_STALL_MS = 120_000;

/**
 * Resolves once the socket has room again (or is gone). A client that stops reading (suspended,
 * wedged) is cut off after `stallMs`: meanwhile the upstream body is paused, holding a pool slot and
 * the profile's budget reservation until the client goes. The relay's idle watch (idle-watch.ts) does not
 * time the provider meanwhile (its body is not read: its silence is the client's doing).
 */
export function drained(res: ServerResponse, stallMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => res.destroy(), stallMs);
    const done = (): void => {
      clearTimeout(timer);
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
