// Once the answer began (answer-deadline.ts covers the wait before it), the longest a stream may go without
// an SSE event: the upstream idle timeout. undici's bodyTimeout counts bytes, so a provider that sends only
// keep-alive comments (`: keepalive` every second; core/sse.ts drops them) would hold its client forever.
// The hot path pays one Date.now() a read that brought events; the one timer a stream is never re-armed per
// read: when it runs out it looks at the time of the last event and, if there was one since, sleeps for
// what is left.
import type { Readable } from 'node:stream';
import { UpstreamFailure } from '../../core/canonical';

/**
 * The stream went silent for `ms` (keep-alive comments aside): the provider's timeout, its headers came. undici's
 * bodyTimeout (no byte at all) is upstream-client's to recognise and name (isBodyTimeout, bodyTimeoutFailure).
 */
export function idleTimeout(ms: number | undefined): UpstreamFailure {
  const span = ms === undefined ? 'the idle timeout' : `${ms} ms`;
  return new UpstreamFailure({ kind: 'timeout', reachable: true, message: `upstream timed out: its stream sent no event for ${span} (keep-alive comments are no event)` });
}

export class IdleWatch {
  private lastEventAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  /** waits on the client under way (holding()) */
  private held = 0;

  /** `ms`: the idle timeout (absent: no watch); `body`: the upstream body, destroyed with a timeout when it passes */
  constructor(private readonly ms: number | undefined, private readonly body: Readable) {}

  /** The answer began: from now on an event must come every `ms`. */
  begin(): void {
    if (this.ms === undefined || this.stopped || this.timer !== undefined) return;
    this.lastEventAt = Date.now();
    this.timer = setTimeout(this.check, this.ms);
  }

  /** A read brought events (comments alone are none). */
  heard(): void {
    if (this.timer !== undefined) this.lastEventAt = Date.now();
  }

  /**
   * The relay waits on its client (a full socket): the upstream body is not read meanwhile, so its silence is
   * not the provider's. Not timed while `wait` runs (a client that reads nothing is the stall cut's to end),
   * and the wait for an event starts again after it.
   */
  async holding(wait: Promise<void>): Promise<void> {
    this.held++;
    try {
      await wait;
    } finally {
      this.held--;
      this.heard();
    }
  }

  /** The stream ended (or failed): no more watching, and begin() does nothing. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly check = (): void => {
    const left = this.held > 0 ? this.ms! : this.lastEventAt + this.ms! - Date.now();
    if (left > 0) {
      this.timer = setTimeout(this.check, left);
      return;
    }
    this.timer = undefined;
    this.stopped = true;
    this.body.destroy(idleTimeout(this.ms));
  };
}
