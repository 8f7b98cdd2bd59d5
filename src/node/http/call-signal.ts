// The abort signal of one proxied request: the client going away cancels its upstream call, a pool
// wait and a retry's sleep. What they use of an AbortSignal (aborted, reason, add/removeEventListener
// of 'abort'), without one: on Node 20 creating an AbortController and adding and removing a
// listener costs several microseconds for every request, this a few hundred nanoseconds. undici's
// request() takes it as it takes an EventTarget ('addEventListener' in signal). A real AbortSignal
// satisfies CallSignal too, so the upstream client still takes one.

export interface CallSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export class CallAbort implements CallSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] | null = null;

  /** Listeners fire once, on abort (`once` or not); one added after it never fires (as an AbortSignal's). */
  addEventListener(_type: 'abort', listener: () => void, _options?: { once?: boolean }): void {
    if (!this.aborted) (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const i = this.listeners?.indexOf(listener) ?? -1;
    if (i >= 0) this.listeners!.splice(i, 1);
  }

  abort(reason: unknown = new DOMException('This operation was aborted', 'AbortError')): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners ?? [];
    this.listeners = null;
    // each runs whatever another throws, as an EventTarget's; the error still surfaces
    for (const listener of listeners) {
      try {
        listener();
      } catch (err) {
        queueMicrotask(() => { throw err; });
      }
    }
  }
}
