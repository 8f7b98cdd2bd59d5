// How many requests may be open to one upstream origin at once (the connection pool's size), and
// a FIFO of those waiting for a slot. A request that waits past its own deadline gets an error it
// can act on (503 with retry-after) instead of sitting in undici's queue with no sign of it.
import type { CallSignal } from './call-signal';

export class PoolBusyError extends Error {
  constructor(readonly origin: string, readonly size: number, readonly waitedMs: number) {
    super(`all ${size} connections to ${origin} are busy (waited ${waitedMs} ms for one); raise the upstream_connections setting or retry`);
    this.name = 'PoolBusyError';
  }
}

interface Waiter {
  grant(): void;
}

export type Release = () => void;

export class PoolGate {
  private readonly active = new Map<string, number>();
  private readonly queues = new Map<string, Waiter[]>();

  constructor(private size: number) {}

  get limit(): number {
    return this.size;
  }

  /** New size; waiters that now fit are let in at once. */
  setSize(size: number): void {
    this.size = size;
    for (const key of [...this.queues.keys()]) this.wake(key);
  }

  /** Requests open (or waiting) to one origin, for tests and the status. */
  load(key: string): { active: number; waiting: number } {
    return { active: this.active.get(key) ?? 0, waiting: this.queues.get(key)?.length ?? 0 };
  }

  /** Resolves with the slot's release function; rejects with PoolBusyError after `timeoutMs`, or the signal's reason. */
  acquire(key: string, timeoutMs: number, signal?: CallSignal): Promise<Release> {
    if (this.queues.get(key) === undefined && (this.active.get(key) ?? 0) < this.size) return Promise.resolve(this.take(key));
    // an abort listener added now would never fire: a client already gone does not queue
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const queue = this.queues.get(key) ?? [];
      this.queues.set(key, queue);
      const leave = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const i = queue.indexOf(waiter);
        if (i !== -1) queue.splice(i, 1);
        if (queue.length === 0 && this.queues.get(key) === queue) this.queues.delete(key);
      };
      const waiter: Waiter = {
        grant: () => {
          leave();
          resolve(this.take(key));
        },
      };
      const onAbort = (): void => {
        leave();
        reject(signal?.reason ?? new Error('aborted'));
      };
      const timer = setTimeout(() => {
        leave();
        reject(new PoolBusyError(key, this.size, Date.now() - started));
      }, Math.max(0, timeoutMs));
      queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private take(key: string): Release {
    this.active.set(key, (this.active.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.active.get(key) ?? 1) - 1;
      if (n > 0) this.active.set(key, n);
      else this.active.delete(key);
      this.wake(key);
    };
  }

  private wake(key: string): void {
    const queue = this.queues.get(key);
    while (queue && queue.length > 0 && (this.active.get(key) ?? 0) < this.size) queue[0]!.grant();
  }
}
