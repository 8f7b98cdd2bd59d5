// What the stream relay makes of an exception from its read loop (stream-relay.ts): a failover to rethrow,
// Switchboard's own fault, the client gone, or the provider's stream failing (silent past the idle timeout, an
// event or the stream past its limit, broken off), which the relay fails with.
import { UpstreamFailure, type UpstreamError } from '../../core/canonical';
import { SseLimitError } from '../../core/sse';
import type { CallSignal } from '../http/call-signal';
import { bodyTimeoutFailure, isBodyTimeout } from '../http/upstream-client';
import { cutAtShutdown } from './shutdown';

/** Switchboard's own side of the relay failed (the client's headers could not be written): never the provider's stream. */
export class RelayOwnFault extends Error {
  constructor(cause: unknown) {
    super('the relay could not write its answer', { cause });
  }
}

export type LoopFailure =
  /** thrown on: a failure before anything reached the client (it fails over), or Switchboard's own (an internal error, no cooldown) */
  | { kind: 'rethrow'; err: unknown }
  /** the client went away, or Switchboard's shutdown cut the stream (`shutdown`: a client still reading is told why it ends) */
  | { kind: 'client-closed'; shutdown: boolean }
  /** the provider's stream failed: `message` is what the client's error event says, when not the error's own */
  | { kind: 'failed'; error: UpstreamError; message?: string };

/** `committed`: the stream's first content reached the client; `idleTimeoutMs`: the upstream idle timeout (undici's bodyTimeout too). */
export function loopFailure(err: unknown, committed: boolean, signal: CallSignal, idleTimeoutMs: number | undefined): LoopFailure {
  // a failure before anything reached the client fails over; after it (the idle watch's) it ends the stream
  if (err instanceof UpstreamFailure && !committed) return { kind: 'rethrow', err };
  if (err instanceof RelayOwnFault) return { kind: 'rethrow', err: err.cause };
  if (signal.aborted) return { kind: 'client-closed', shutdown: committed && cutAtShutdown(signal) };
  // silent for the idle timeout: no event (the idle watch), or no byte at all (undici's bodyTimeout)
  if (err instanceof UpstreamFailure) return { kind: 'failed', error: err.error };
  if (isBodyTimeout(err)) return { kind: 'failed', error: bodyTimeoutFailure(idleTimeoutMs).error };
  if (err instanceof SseLimitError) {
    const limit = `upstream sent a ${err.message}`;
    // an event past the limit is an answer too large to carry (an image), not a provider unwell: it cools
    // nothing down, and another model may serve; the same one would send it again. A stream that never ends is the provider's
    const error: UpstreamError = err.kind === 'event_too_large'
      ? { kind: 'invalid_output', repeats: true, reachable: true, message: limit }
      : { kind: 'stream', message: limit };
    return { kind: 'failed', error, message: `${limit}: the rest was not relayed` };
  }
  return { kind: 'failed', error: { kind: 'stream', message: 'upstream stream broke off' }, message: 'upstream stream broke off before it finished' };
}
