// How formats plug in: the request an upstream adapter builds and how it reads answers and streams, and
// what an inbound API's codec reads and writes. The shapes they carry are in canonical.ts (which re-exports these).
import type {
  InboundApi,
  UpstreamApi,
  CanonicalRequest,
  Translated,
  CanonicalEmbeddingRequest,
  CanonicalEmbeddingResponse,
  Usage,
  CanonicalResponse,
  StreamPart,
  UpstreamError,
  ToolNamesBack,
} from './canonical';
import type { RawJsonBody } from './forward-body';
import type { Capability } from '../shared/types';

/** The request an adapter builds; the node layer sends it. */
export interface UpstreamHttpRequest {
  url: string;
  method: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
  /** the body as bytes instead, when a forwarded body reuses the client's own (core/forward-body.ts) */
  bytes?: Uint8Array;
  /** fields of the canonical request this format has no place for (named in `x-switchboard-dropped`) */
  dropped?: string[];
  /**
   * the request asks the provider to go on from the prefill (CanonicalRequest.prefill); without it the prefill is
   * named dropped. `echoed`: the answer opens with that text again (Mistral), which the client's answer leaves out
   */
  prefill?: { echoed?: string };
}

export interface UpstreamTarget {
  baseUrl: string;
  /** the id the provider's API knows the model by */
  modelName: string;
  apiKey?: string;
  /** lets an adapter pick provider quirks (e.g. OpenAI's `max_completion_tokens`) */
  providerType?: import('../shared/types').ProviderType;
  /** max_tokens to send when the client gave none and the format requires one (Anthropic) */
  defaultMaxTokens?: number;
  /**
   * the model's output limit from the catalog, for a cloud model: a larger max_tokens is lowered to it
   * when translated, or forwarded to a model routing chose (providers/output-cap.ts)
   */
  maxOutputTokens?: number;
  /** false when the model cannot reason: no thinking or reasoning effort is sent to it */
  reasoning?: boolean;
}

/** Turns one upstream SSE stream into canonical parts. */
export interface StreamDecoder {
  /** one SSE event (its `event:` name, if any, and its `data:` text) */
  push(event: SseEvent): StreamPart[];
  /** the upstream closed the stream; emits an error part if it ended uncleanly */
  end(): StreamPart[];
  /**
   * The format's final event has been read (Anthropic's message_stop, Responses' response.completed or .incomplete
   * or .failed): nothing after it belongs to the answer, so the relay reads no further (a server may keep the
   * connection open after it) and drains the rest in the background. Absent: only the body's end (or chat's `[DONE]`,
   * which the relay sees itself) ends the stream. Gemini has none: grounding, usage and parts still come after the
   * chunk with the finishReason. Asked once an event.
   */
  ended?(): boolean;
  /**
   * The running figures the provider stated before its final usage (Anthropic's message_start, the
   * cumulative usageMetadata of Gemini's latest chunk, the last usage an OpenAI-format chunk carried): what
   * a stream cut short (the client left, the provider failed) is billed by, its output no less than the
   * proxy's estimate of what was relayed.
   */
  runningUsage?(): Usage | undefined;
  /**
   * A decoder for the events the relay forwarded undecoded (same format in and out), read after this
   * one has read the rest, for the output estimate: counts only what this one did not. Without it a
   * fresh decoder reads them.
   */
  forwardedDecoder?(): StreamDecoder;
  /**
   * Forwarded events went by since the last event this read, measured by their length alone, not held
   * (a long stream, node/proxy/forwarded-meter.ts): what they carry must not be counted from elsewhere too.
   */
  forwardedSpilled?(): void;
  /**
   * Output read but given as no part yet (a chat call's arguments held until its name comes): a stream cut while
   * it is held (the provider failed, the client left) was billed for it, so the relay's estimate counts it
   */
  heldOutput?(): string;
  /** parts of the answer so far the canonical parts have no place for (a Gemini image), named for x-switchboard-dropped */
  droppedParts?(): string[];
}

export interface SseEvent {
  event?: string;
  data: string;
}

/** Turns canonical parts into the inbound API's SSE text. */
export interface StreamEncoder {
  encode(part: StreamPart): string;
  /**
   * The stream ended cleanly (e.g. `data: [DONE]`). `estimated`: the proxy's own counts (those the usage
   * row gets), given when the provider reported no usable figures, for the final usage the client sees.
   */
  end(estimated?: Usage): string;
  /**
   * The stream fails after it began, framed with what the encoder knows (the Responses API numbers
   * its events and ends a failed stream with `response.failed`); absent: the codec's formatStreamError.
   */
  fail?(status: number, type: string, message: string): string;
  /**
   * Why the encoder took no more: past the text it may hold (the Responses encoder repeats the whole text
   * as it closes). The relay then reads no more of the upstream and ends the stream with fail().
   */
  cutOff?(): string | undefined;
  /**
   * What keeps the connection alive while the model does what this API shows nothing of (thinking an
   * Anthropic client has no place for): absent where the client's parsers may trip on anything but an answer
   */
  keepAlive?(): string;
}

/** Same format in and out: what the proxy owns in the forwarded body and headers. */
export interface ForwardContext {
  stream: boolean;
  /** client headers that change what the upstream does (`anthropic-beta`, `anthropic-version`) */
  passHeaders?: Record<string, string>;
  /** the bytes the body was parsed from, when it is the client's body as received: unchanged fields are copied from them */
  raw?: RawJsonBody;
  /** routing chose the model (a level, an alias, a fallback): the body was written for the one the client named */
  routed?: boolean;
  /** whether the body's read found Claude's thinking Switchboard sealed in it (InboundRead.sealedThinking); absent: not known, looked for */
  sealedThinking?: boolean;
  /** whether the body's read found search blocks Switchboard wrote (InboundRead.ownSearch); absent: not known, looked for */
  ownSearch?: boolean;
  /** whether the body's read found a tool_use named "" (InboundRead.namelessCall); absent: not known, looked for */
  namelessCall?: boolean;
}

/** How an upstream answer is read. */
export interface AnswerReadOptions {
  /**
   * the answer goes to the client as sent (same format in and out): a refusal the API states as a
   * 200 answer (Gemini's blocked prompt) is read as an answer, not raised as a failure
   */
  forwarded?: boolean;
}

export interface UpstreamAdapter {
  /** the upstream API this adapter speaks */
  api: UpstreamApi;
  buildChatRequest(req: CanonicalRequest, target: UpstreamTarget): UpstreamHttpRequest;
  /**
   * The client's own body (already in this API's format) with only what the proxy owns changed:
   * `model`, the usage options it needs, and the provider type's known quirks.
   */
  buildForwardRequest(body: Record<string, unknown>, target: UpstreamTarget, ctx: ForwardContext): UpstreamHttpRequest;
  parseChatResponse(body: unknown, opts?: AnswerReadOptions): CanonicalResponse;
  createStreamDecoder(opts?: AnswerReadOptions): StreamDecoder;
  buildEmbeddingsRequest(req: CanonicalEmbeddingRequest, target: UpstreamTarget): UpstreamHttpRequest;
  /** the most inputs one embeddings request takes (more are sent in batches); unset: no limit of its own */
  maxEmbeddingInputs?: number;
  parseEmbeddingsResponse(body: unknown): CanonicalEmbeddingResponse;
  buildListModelsRequest(target: Omit<UpstreamTarget, 'modelName'>): UpstreamHttpRequest;
  parseListModels(body: unknown): string[];
  classifyError(status: number, bodyText: string, headers: Record<string, string | string[] | undefined>): UpstreamError;
}

/**
 * What routing needs from a request, read leniently: never refused for holding something unknown
 * (an unknown block counts as text by the strings it holds).
 */
export interface InboundRead {
  model: string;
  stream: boolean;
  /** the client asked for usage in the stream (OpenAI `stream_options.include_usage`) */
  includeUsage: boolean;
  maxOutputTokens?: number;
  /** 'chat' plus what the request uses: tools, vision, json, documents, ... */
  capabilities: Capability[];
  /** every text a model reads (system, messages, tool calls and results), for the estimate and the privacy guard */
  texts: string[];
  /** characters of tool definitions and schemas: counted in the estimate, not scanned for secrets */
  schemaChars: number;
  /** messages (each costs framing tokens) */
  messageCount: number;
  /** images, documents, audio and video parts */
  mediaCount: number;
  /** prompt tokens the media parts take (images at a flat rate, documents, audio and video by size) */
  mediaTokens?: number;
  /**
   * Features only an upstream of the client's own API carries (`cache_control`, signed thinking,
   * server tools, ...): when present, candidates of that API are tried first.
   */
  nativeFeatures: string[];
  /** the upstream APIs that can serve the request without changing its meaning; absent: any */
  servableBy?: UpstreamApi[];
  /** what in the request holds it to `servableBy` (`n > 1`, `audio output`), for the refusal; absent: not said */
  servableWhy?: string;
  /** the provider (and kind of key) holding the conversation the request continues: only its models can serve it (RequestNeeds.heldBy) */
  heldBy?: { providerId: string; ownKey?: boolean };
  /** the request stands on a web search the provider runs (Anthropic's server tool): a Gemini model must ground */
  webSearch?: true;
  /** client headers passed upstream when the format is the same */
  passHeaders?: Record<string, string>;
  /** answers asked for (OpenAI chat `n`, Gemini `candidateCount`) when more than one: each may write the output limit */
  choices?: number;
  /** the client asked to see the model's thoughts (Gemini `thinkingConfig.includeThoughts`) */
  includeThoughts?: boolean;
  /** OpenAI chat's deprecated `functions` (no `tools`): a tool call goes back as `function_call` */
  legacyFunctions?: boolean;
  /** a Gemini body holds Claude's thinking Switchboard sealed in a thoughtSignature: forwarded to Gemini, it goes as the sentinel */
  sealedThinking?: true;
  /** a Messages body holds search blocks Switchboard wrote (srvtoolu_sb ids): forwarded to Anthropic, they go as text */
  ownSearch?: true;
  /** a Messages body holds a tool_use named "" (core/nameless-call.ts): forwarded to Anthropic, it goes under the placeholder */
  namelessCall?: true;
}

export interface StreamEncoderContext {
  id: string;
  servedModel: string;
  includeUsage: boolean;
  /** the proxy's own count of prompt tokens, for formats that announce them before the provider does */
  estimatedInputTokens: number;
  /** the client asked to see thoughts (Gemini `includeThoughts`) */
  includeThoughts?: boolean;
  /** the client offered OpenAI's deprecated `functions`: it reads `function_call`, not `tool_calls` */
  legacyFunctions?: boolean;
  /** the translation offered tools under other names (Translated.toolNames): calls go back under the client's */
  toolNames?: ToolNamesBack;
  /**
   * told the name of what of the answer the client's API has no place for (a legacy `functions` client's calls past
   * the first), for x-switchboard-dropped and the usage row
   */
  onDropped?: (name: string) => void;
  /**
   * the client asked how many of the output tokens were thinking (Anthropic's beta `thinking-token-count-2026-05-13`,
   * which Claude Code sends): the answer's usage says so when the provider counted its reasoning tokens
   */
  thinkingTokenCount?: boolean;
}

/** What a forwarded stream has sent so far, for a stateful error event after it (formatStreamError). */
export interface ForwardedSoFar {
  first: string;
  last: string;
}

export interface InboundCodec {
  api: InboundApi;
  /** false: a request is always translated, even for an upstream of `api` (its answer is in another API's shape) */
  forwards?: false;
  /** lenient: throws RequestValidationError only for what is truly malformed (not an object, no model, ...) */
  read(body: Record<string, unknown>): InboundRead;
  /** for crossing formats; throws RequestValidationError when a part it must carry is malformed */
  toCanonical(body: Record<string, unknown>): Translated;
  formatResponse(res: CanonicalResponse, servedModel: string, ctx?: Pick<StreamEncoderContext, 'includeThoughts' | 'legacyFunctions' | 'toolNames' | 'thinkingTokenCount' | 'onDropped'>): unknown;
  createStreamEncoder(ctx: StreamEncoderContext): StreamEncoder;
  /** the error body in this API's shape; `code` and `param` where the API carries them (OpenAI `code`, `param`) */
  /** `details`: the provider's error details, for an API whose errors carry them (Anthropic's `error.details`) */
  formatError(status: number, type: string, message: string, code?: string, param?: string, details?: Record<string, unknown>): unknown;
  /**
   * An error event mid-stream, in this API's SSE framing. `forwarded`: the data of the first and the
   * last event of a forwarded stream so far, for an API whose events carry state (the Responses API
   * numbers them and names its response).
   */
  formatStreamError(status: number, type: string, message: string, forwarded?: ForwardedSoFar): string;
  /**
   * The status an error not to be retried (x-should-retry: false) goes out with, for an API whose clients
   * retry the proxy's status whatever that header says (Gemini CLI retries every 503). Absent: the proxy's.
   */
  finalErrorStatus?(status: number): number;
  /** a stream framed other than as SSE (Gemini's JSON-array stream); absent: SSE */
  createStreamFraming?(): StreamFraming;
  /**
   * Same format in and out (the upstream's answer is forwarded, not formatted here): sees that answer
   * on its way to the client, the whole body, or each SSE event before it is written. The Responses
   * API keeps what it answered, for `previous_response_id`.
   */
  observeForwarded?: { body(json: unknown): void; event(e: SseEvent): void };
  /**
   * Same format in and out: whether an upstream event that fails the stream is this API's own end of a failed
   * stream, which its client reads as it came (the Responses API's `response.failed`, the provider's failed response
   * with the output it streamed). Once the stream is the client's, it is forwarded (and observed) unchanged instead
   * of formatStreamError's events; before, the stream fails over as any failure does.
   */
  failedEnd?(e: SseEvent): boolean;
  /**
   * Same format in and out: what the codec changes in the forwarded answer, as text (the whole JSON
   * body; the data of each SSE event that is not a plain delta). A Responses turn continued here was
   * sent without its previous_response_id, and gets it back.
   */
  rewriteForwarded?: { body(text: string): string; event(data: string): string };
  /**
   * Same format in and out: the body a candidate of this provider is forwarded instead of the one
   * given, and what that leaves out (named dropped); undefined: the one given. A Responses turn
   * continued here carries reasoning only the provider that made it can resolve.
   */
  forwardBodyFor?(providerId: string): { body: Record<string, unknown>; dropped: string[] } | undefined;
  /**
   * Same format in and out, but the body forwarded is not the client's own (a Responses turn continued
   * here carries the turns before it): a provider's `param` names a place the client never wrote.
   */
  rebuilt?: true;
}

/** Rewrites the SSE text a stream relay writes into another framing, event by event. */
export interface StreamFraming {
  contentType: string;
  /** whole SSE events -> the same events in this framing */
  frame(sse: string): string;
  /** what closes the stream, after its last event (an error event included) */
  close(): string;
}
