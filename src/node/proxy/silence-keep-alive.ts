// While a stream the client already has goes silent because its server generates without a word (Ollama and
// LM Studio send a tool call whole once generated: minutes on one's own hardware), the client is sent its API's
// keep-alive every few seconds. A client's own stream watchdog (Claude Code aborts after 300 s without an event
// and asks again without streaming, generating it all over) then sees the answer is still coming.

/** How often a silent Ollama or LM Studio stream's client is sent a keep-alive (limits.localKeepAliveMs overrides it). */
export const LOCAL_KEEP_ALIVE_MS = 10_000;

/** An SSE comment: every SSE client skips it (the OpenAI, Responses and Gemini clients' keep-alive; Anthropic's is its ping event). */
export const SSE_KEEP_ALIVE = ': keep-alive\n\n';

/** Calls `tick` every half `everyMs` from start() to stop(); `everyMs` undefined: never. */
export class SilenceKeepAlive {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly everyMs: number | undefined, private readonly tick: () => void) {}

  start(): void {
    if (this.everyMs === undefined || this.timer !== undefined) return;
    this.timer = setInterval(this.tick, Math.max(1, Math.floor(this.everyMs / 2)));
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
