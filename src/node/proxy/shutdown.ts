// Requests still running when the shutdown drain ends are cut by Switchboard, not by their client: their
// rows say so (error kind `shutdown`, not `client_closed`), a client still waiting for its answer is told
// so in its API's error shape (503 with retry-after) and a stream that had begun ends with an error event,
// before the connections close.
import type { CallAbort, CallSignal } from '../http/call-signal';
import { ProxyError } from './respond';

/** The abort reason of a request cut at shutdown. */
export class ShuttingDown extends Error {
  constructor() {
    super('Switchboard is shutting down');
    this.name = 'ShuttingDown';
  }
}

export const SHUTDOWN_MESSAGE = 'Switchboard is shutting down and stopped this request; retry in a moment';

/** The request was cut at shutdown (its signal aborted by the server, not by its client). */
export const cutAtShutdown = (signal: CallSignal): boolean => signal.aborted && signal.reason instanceof ShuttingDown;

/** The usage row's error kind and status of a request whose signal was aborted (status: when it had no answer yet). */
export function abortedOutcome(signal: CallSignal): { kind: 'shutdown' | 'client_closed'; status: number } {
  return cutAtShutdown(signal) ? { kind: 'shutdown', status: 503 } : { kind: 'client_closed', status: 499 };
}

export function shutdownError(): ProxyError {
  return new ProxyError(503, 'overloaded_error', SHUTDOWN_MESSAGE, { 'retry-after': '5', 'x-should-retry': 'true', connection: 'close' }, 'shutdown');
}

/** The proxy's requests in flight, to cut when the drain ends. */
export class InFlightCalls {
  private readonly calls = new Set<CallAbort>();

  /** Tracks `abort` until the returned release is called. */
  add(abort: CallAbort): () => void {
    this.calls.add(abort);
    return () => { this.calls.delete(abort); };
  }

  /** Aborts every request still running as cut at shutdown; how many there were. */
  cutAll(): number {
    const n = this.calls.size;
    for (const abort of [...this.calls]) abort.abort(new ShuttingDown());
    this.calls.clear();
    return n;
  }
}
