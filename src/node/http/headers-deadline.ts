// The deadline for a provider's response headers (a try's timeout_ms), kept by our own timer: undici's
// headersTimeout runs on its coarse shared clock (~500 ms ticks past a second), so a provider that never
// answered was given up on up to half a second late (1500 ms for a timeout_ms of 1000). undici keeps its
// headersTimeout as a backstop only, a little later.
//
// undici takes this as the request's signal: it is the call's (a client going away aborts the request, its
// body too) and expires on its own when the deadline passes first. One object and one timer a try, cleared
// when the headers come.
import { UpstreamFailure } from '../../core/canonical';
import type { CallSignal } from './call-signal';

/** Past our own deadline by this much, undici's headersTimeout ends the request if the timer somehow did not. */
export const HEADERS_BACKSTOP_MS = 1_000;

export class HeadersDeadline implements CallSignal {
  private expired: UpstreamFailure | undefined;
  private listener: (() => void) | undefined;
  private readonly timer: ReturnType<typeof setTimeout>;

  /** `timeoutMs` from `startedAt` (a wait for a pool slot included); `call`: the call's own signal, if any. */
  constructor(private readonly timeoutMs: number, startedAt: number, private readonly call: CallSignal | undefined) {
    this.timer = setTimeout(expire, this.leftMs(startedAt), this);
  }

  /** What is left of the deadline, at least 1 ms. */
  leftMs(startedAt: number): number {
    return Math.max(1, this.timeoutMs - (Date.now() - startedAt));
  }

  get aborted(): boolean {
    return this.expired !== undefined || this.call?.aborted === true;
  }

  get reason(): unknown {
    return this.expired ?? this.call?.reason;
  }

  /** undici's one listener: on the call's signal as well, so the call's abort reaches it as before. */
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void {
    if (this.aborted) return;
    this.listener = listener;
    this.call?.addEventListener(type, listener, options);
  }

  removeEventListener(type: 'abort', listener: () => void): void {
    if (this.listener === listener) this.listener = undefined;
    this.call?.removeEventListener(type, listener);
  }

  /** The headers came, or the request failed: the deadline no longer runs (the call's signal still does). */
  done(): void {
    clearTimeout(this.timer);
  }

  /** The deadline passed before the headers came: undici's listener ends the request with a timeout. */
  expire(): void {
    if (this.aborted) return;
    this.expired = new UpstreamFailure({ kind: 'timeout', message: `upstream timed out: no response headers within ${this.timeoutMs} ms` });
    const listener = this.listener;
    this.listener = undefined;
    if (listener === undefined) return;
    this.call?.removeEventListener('abort', listener);
    listener();
  }
}

// the timer's callback takes the deadline as its argument: no closure made for each try
function expire(deadline: HeadersDeadline): void {
  deadline.expire();
}
