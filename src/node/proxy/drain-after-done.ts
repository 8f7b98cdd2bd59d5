// After an upstream stream's final event (chat's `[DONE]`, Anthropic's message_stop, Responses' response.completed:
// StreamDecoder.ended) its answer is over, but its HTTP response may not be: the chunked body's
// last chunk often comes in a later read. Reading on (nothing of it relayed) for a short while lets the connection go back to
// the pool for the next request; a server that keeps it open past that, or breaks it, costs only that connection,
// never the answer the client already has.
import type { Readable } from 'node:stream';

/**
 * how long the rest of a response after its final event is waited for before its connection is closed: the chunked
 * body's last chunk follows that event within milliseconds; while it is waited for, the connection's pool slot is held
 * (with `upstream_connections` 1, the next request to that provider waits) and a shutdown waits too
 */
export const DRAIN_AFTER_DONE_MS = 250;

export function drainAfterDone(body: Readable, reads: AsyncIterator<unknown>, graceMs = DRAIN_AFTER_DONE_MS): void {
  // the end came in the read that held the final event: nothing is left to wait for
  if (body.readableEnded || body.destroyed) return;
  const timer = setTimeout(() => body.destroy(), graceMs);
  timer.unref();
  void (async () => {
    try {
      while (!(await reads.next()).done) { /* read and dropped: the answer ended at [DONE] */ }
    } catch {
      // broken off after its answer ended, or destroyed by the timer: nothing to tell anyone
    } finally {
      clearTimeout(timer);
    }
  })();
}
