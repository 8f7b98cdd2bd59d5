// What relayStream (stream-relay.ts) is given and answers: the options of one upstream stream's relay to its client.
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { ForwardKind } from '../../core/plain-delta';
import type { InboundCodec, StreamDecoder, StreamEncoder, SseEvent, UpstreamError, Usage } from '../../core/canonical';
import type { CallSignal } from '../http/call-signal';
import type { OutputMeter } from './output-meter';

export interface RelayResult {
  usage: Usage | undefined;
  /** what the model produced, measured for estimating usage when none was reported */
  output: OutputMeter;
  /** null when the stream finished cleanly */
  error: UpstreamError | null;
  ttfbMs: number | null;
  /** a reasoning delta came (translated: one the client's API may have had no place for) */
  reasoning: boolean;
  /** forwarded events still held at the stream's end (at most HELD_EVENTS, forwarded-meter.ts) */
  forwardedRetained: number;
  /** holdUsagelessDone: the upstream's `[DONE]` was held back, not written; this is the data of the event forwarded before it */
  heldDone?: string;
}

export interface RelayOptions {
  res: ServerResponse;
  body: Readable;
  /** aborted when the client goes away, or by shutdown */
  signal: CallSignal;
  decoder: StreamDecoder;
  /** canonical parts -> the client's framing; null when the upstream speaks the client's own API (events are forwarded) */
  encoder: StreamEncoder | null;
  /** a decoder for the events forwarded undecoded, measured when the provider reports no usage (forwarded-meter.ts) */
  lateDecoder?: () => StreamDecoder;
  codec: InboundCodec;
  /** the answer's headers; a function is called when the stream commits, `reasoning` saying whether a reasoning delta came before */
  headers: Record<string, string> | ((sofar: { reasoning: boolean }) => Record<string, string>);
  /** the client asked for usage in the stream (a usage-only event it did not ask for is not forwarded) */
  includeUsage: boolean;
  /**
   * forwarded OpenAI chat whose client asked for usage (`stream_options.include_usage`): an upstream `[DONE]` that no
   * top-level usage came before (llama-server and others ignore the option; Groq states it under `x_groq.usage` only)
   * is not written; the caller sends the usage chunk the client asked for, with the row's figures, then `[DONE]`
   * (RelayResult.heldDone)
   */
  holdUsagelessDone?: boolean;
  startedAt: number;
  /** the provider key sent upstream: redacted from any error text the provider streams back */
  secrets?: readonly (string | undefined)[];
  /**
   * with forwarding: events this calls `unread` (the decoder reads nothing from them) go out undecoded,
   * and once committed so do those it calls `plain` (nothing but content)
   */
  forwardKind?: (data: string) => ForwardKind;
  /** when set, the text written to the client is kept here too (body capture), up to `transcriptChars` and the piece that passes them */
  transcript?: string[] | undefined;
  transcriptChars?: number;
  /** the most bytes one SSE event may take before it completes (default 64 MB, see core/sse.ts) */
  maxEventBytes?: number;
  /** the most bytes the whole stream may bring (default 128 MB) */
  maxStreamBytes?: number;
  /** with forwarding: sees each upstream event before it is written to the client */
  onForwardedEvent?: (e: SseEvent) => void;
  /** same format: the data of a forwarded event that is not a plain delta, as the client gets it (InboundCodec.rewriteForwarded) */
  rewriteForwarded?: (data: string) => string;
  /** the proxy's count of the prompt (the usage row's when the provider reports none) */
  estimateInputTokens?: () => number;
  /** how long the client may read nothing while its socket is full before it is cut off (default CLIENT_STALL_MS) */
  clientStallMs?: number;
  /** called once, when the first content commits the stream to this provider */
  onCommit?: () => void;
  /**
   * the try's timeout_ms: by `at` the model must have begun its answer (content the client is shown, or
   * thinking it is shown nothing of) or be at work on it (a reasoning item or thinking block begun, a
   * server tool running: the decoder's `at-work`), else the stream fails as a `timeout` before anything
   * reached the client, and fails over. A role chunk, message_start, a ping or a keep-alive comment is the
   * provider's, not the model's: none of them is an answer begun
   */
  firstEventBy?: { at: number; timeoutMs: number };
  /**
   * translated: how long thinking the client is shown nothing of may hold the stream back before it commits
   * (failover then closed), and how far apart keep-alives go while it continues (default HIDDEN_THINKING_MS)
   */
  hiddenThinkingMs?: number;
  /**
   * once the stream is committed, the client is sent its API's keep-alive (the encoder's, else an SSE comment)
   * when nothing was written to it for this long: a server silent while it generates (absent: never)
   */
  silentKeepAliveMs?: number;
  /** the upstream idle timeout: once the answer began, the longest wait for an SSE event (comments are none), see idle-watch.ts */
  idleTimeoutMs?: number;
  /** measures what the model produced (default a fresh one): the caller's, to bill a try that fails over what it generated */
  output?: OutputMeter;
  /** a fault of Switchboard's own after the client's stream began (the encoder's end() threw): for the log, the stream ends with an error event */
  onOwnFault?: (err: unknown) => void;
}
