// A stream try's timeout_ms: by then the model must have begun its answer or be visibly at work on it.
// Headers alone, keep-alive comments (OpenRouter's ': OPENROUTER PROCESSING') and events that carry no
// answer (a role chunk, message_start, ping) are no answer yet. The timer is armed only when the relay
// must wait for the provider with the answer not begun: a stream whose first read brings its content
// costs none, but most send their role chunk or message_start before the model's first token and arm one
// (a setTimeout cleared at the first content, once a try).
import type { Readable } from 'node:stream';
import { firstByteTimeout } from './upstream-call';

export class AnswerDeadline {
  private begun: boolean;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `by`: the try's deadline (absent: none); `body`: the upstream body, destroyed with a timeout when it passes */
  constructor(private readonly by: { at: number; timeoutMs: number } | undefined, private readonly body: Readable) {
    this.begun = by === undefined;
  }

  /** The relay waits for the provider: the deadline runs, unless the answer began or bytes wait to be read. */
  awaiting(): void {
    if (this.begun || this.timer !== undefined || this.body.readableLength > 0) return;
    const by = this.by!;
    this.timer = setTimeout(() => this.body.destroy(firstByteTimeout(by.timeoutMs, 'no answer began')), Math.max(1, by.at - Date.now()));
  }

  /**
   * The stream committed, hidden thinking began (its hold then commits in time of its own), or the model is
   * at work: from then on only undici's idle timeout bounds the wait, as for a model that streams slowly.
   */
  answered(): void {
    this.begun = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
