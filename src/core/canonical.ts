// The canonical request/response/stream shapes used where a request crosses formats: an inbound
// API translates into them and an upstream adapter builds from them. Same format in and out never
// goes through them (the client's body is forwarded). Modelled on the union of the four APIs.

export type { WireFormat } from '../shared/provider-types';
import type { RawJsonBody } from './forward-body';
import type { Capability } from '../shared/types';

/**
 * The four APIs clients speak and providers serve: OpenAI Chat Completions, Anthropic Messages,
 * OpenAI Responses, Gemini generateContent. The names double as upstream APIs, so "same format in
 * and out" is plain equality.
 */
export type InboundApi = 'chat' | 'messages' | 'responses' | 'gemini';
export type UpstreamApi = InboundApi;

export type ImageSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string };

/** A file the model reads whole (a PDF): base64 data or a URL, with its media type. */
export type DocumentSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string; mediaType?: string };

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image'; source: ImageSource }
  | { type: 'document'; source: DocumentSource; filename?: string }
  /** spoken input (OpenAI `input_audio`, Gemini inlineData audio/*): base64 with its format */
  | { type: 'audio'; data: string; format: string };

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text, as the model produced it */
  arguments: string;
}

export type CanonicalMessage =
  /** a system message in the middle of the conversation (leading ones are `CanonicalRequest.system`) */
  | { role: 'system'; content: ContentPart[] }
  | { role: 'user'; content: ContentPart[] }
  /**
   * `reasoning`: the model's thinking the client sent back with the turn (Anthropic thinking blocks' text,
   * Responses reasoning summaries), for a provider that wants it back (DeepSeek, on turns with tool calls)
   */
  | { role: 'assistant'; content: ContentPart[]; toolCalls?: ToolCall[]; reasoning?: string }
  | { role: 'tool'; toolCallId: string; content: ContentPart[]; isError?: boolean };

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments */
  parameters: Record<string, unknown>;
  /** the client asked for arguments that always match the schema (OpenAI `strict`); absent: it did not say */
  strict?: boolean;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  /** `description`: what the format is for, which the model reads to decide how to answer */
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean; description?: string };

export interface CanonicalRequest {
  /** the model name the client sent (an alias, a power level, `provider/model`, ...) */
  model: string;
  /** system prompt(s), in order */
  system: string[];
  messages: CanonicalMessage[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  responseFormat?: ResponseFormat;
  stream: boolean;
  /** the client asked for usage in the stream (OpenAI `stream_options.include_usage`) */
  includeUsage: boolean;
  topK?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** return log probabilities of the output tokens (and the top N alternatives) */
  logprobs?: boolean;
  topLogprobs?: number;
  /** reasoning effort / thinking budget where the client asked for one; a budget of 0: the client turned thinking off */
  reasoningEffort?: ReasoningEffort;
  thinkingBudgetTokens?: number;
  /** the client wants the model's thoughts (summaries) back where the provider offers them */
  includeThoughts?: boolean;
  user?: string;
  /** OpenAI's `prompt_cache_key`: requests sharing it are routed to the same prompt cache (Codex sends its session id) */
  promptCacheKey?: string;
  /** headers to pass through to the upstream (e.g. `anthropic-beta`) */
  passHeaders?: Record<string, string>;
}

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/** A canonical request and what the client sent that it could not carry (named in `x-switchboard-dropped`). */
export interface Translated {
  request: CanonicalRequest;
  /** field names, e.g. `cache_control`, `logit_bias`, `messages.content[type=container_upload]` */
  dropped: string[];
}

export interface CanonicalEmbeddingRequest {
  model: string;
  /** the texts; empty when the client sent token ids (`tokens`) instead */
  input: string[];
  /**
   * OpenAI's token-id input (an array of tokens, or an array of token arrays), kept as sent: only an
   * OpenAI-format upstream takes it (routing keeps the request there), nothing translates it to text
   */
  tokens?: number[] | number[][];
  dimensions?: number;
  encodingFormat?: 'float' | 'base64';
  user?: string;
}

export interface CanonicalEmbeddingResponse {
  model: string;
  data: number[][];
  usage: Usage;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error';

export interface Usage {
  /** all prompt tokens, cached ones included (OpenAI's `prompt_tokens`) */
  inputTokens: number;
  outputTokens: number;
  /** prompt tokens read from the provider's cache (part of inputTokens) */
  cachedInputTokens?: number;
  /** prompt tokens written to the cache (Anthropic `cache_creation_input_tokens`, part of inputTokens) */
  cacheCreationInputTokens?: number;
  /**
   * The cache writes by lifetime (Anthropic `cache_creation.ephemeral_5m_input_tokens` / `ephemeral_1h_input_tokens`),
   * billed at different rates; absent when the provider did not split them.
   */
  cacheWrite5mInputTokens?: number;
  cacheWrite1hInputTokens?: number;
  /** reasoning tokens (part of outputTokens) */
  reasoningTokens?: number;
  /** what the provider billed for the request, USD (OpenRouter `usage.cost`): it wins over the catalog estimate */
  providerCostUsd?: number;
  /**
   * Paid web searches the provider ran for the request (Anthropic `server_tool_use.web_search_requests`, OpenAI
   * Responses `web_search_call` output items), billed per call on top of the tokens
   */
  webSearchCalls?: number;
  /** the tier that served the request as the provider reported it (OpenAI's top-level `service_tier`, Gemini's `usageMetadata.trafficType`) */
  serviceTier?: string;
  /** the speed that served the request as the provider reported it (Anthropic's `usage.speed`: `fast` costs more) */
  speed?: string;
  /** where the provider ran the inference as it reported it (Anthropic's `usage.inference_geo`: `us` costs more on recent models) */
  inferenceGeo?: string;
  /**
   * Server-side compactions the provider ran for the request (Anthropic's `usage.iterations` of type `compaction`),
   * one entry each: billed on top of the figures above, which leave them out, each priced as a request of its own
   */
  compactions?: Usage[];
}

export interface CanonicalResponse {
  id: string;
  /** the upstream's model name as it reported it */
  model: string;
  text: string;
  /**
   * The model's refusal (OpenAI's `refusal` field, a Responses `refusal` part): the end of `text`, which holds it
   * too for the formats with no place for it (their clients read it from the finish, content_filter)
   */
  refusal?: string;
  reasoning?: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  /** absent when the upstream reported none */
  usage?: Usage;
  /** the provider is still working on it (a Responses `background` answer, queued): what it uses comes later */
  answeredLater?: true;
}

export type StreamPart =
  /** `inputTokens`: the prompt's size when the provider states it before the end (Gemini does) */
  | { type: 'start'; id: string; model: string; inputTokens?: number; cachedInputTokens?: number }
  /** `refusal`: the text is the model's refusal (chat's delta.refusal, a Responses refusal part), answer text to formats with no place for it */
  | { type: 'text-delta'; text: string; refusal?: true }
  | { type: 'reasoning-delta'; text: string }
  /** a new tool call; `index` counts tool calls within this response from 0 */
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; finishReason: FinishReason }
  | { type: 'error'; error: UpstreamError };

export type UpstreamErrorKind =
  | 'connect'        // could not connect / reset before the response
  | 'timeout'        // connect, first-byte or idle timeout
  | 'rate_limit'     // 429
  | 'overloaded'     // 529, or an "overloaded" body
  | 'server'         // 5xx
  | 'conflict'       // 408 / 409
  | 'auth'           // 401 / 403: our key is wrong
  | 'not_found'      // 404: model gone upstream
  | 'bad_request'    // 400 / 422 caused by the request itself
  | 'context_length' // the prompt is too long for the model
  | 'content_filter'
  | 'payload_too_large'
  | 'stream'         // malformed or broken stream after the response began
  | 'unknown'        // an answer that is not what the provider's API documents
  // the proxy's own failures: never the provider's fault, so they never cool it down
  | 'internal'       // a bug here (an adapter threw)
  | 'key_unavailable' // the key store could not be read (locked keychain): another provider may serve
  | 'refused_url'    // the provider's URL is refused (SSRF rules)
  | 'untranslatable' // the request cannot be carried to this provider's format without changing its meaning
  | 'pool_busy';     // no upstream connection free within the request's time

/** What went wrong with one attempt. Whether to retry, fail over or cool down follows from `kind` (error-policy.ts). */
export interface UpstreamError {
  kind: UpstreamErrorKind;
  status?: number;
  retryAfterMs?: number;
  /**
   * the provider's headers came before it failed (a JSON body or a stream's first event too late): it is
   * reachable, so the failure counts against this model alone, never against every model of the provider
   */
  reachable?: boolean;
  /** already redacted: never contains a key */
  message: string;
  /**
   * the provider's own error code and offending parameter (OpenAI's `code`, `param`), in the terms of the
   * body it was sent: the client's own only when that body was the client's, forwarded (same format)
   */
  code?: string;
  param?: string;
}

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
   * The running figures the provider stated before its final usage (Anthropic's message_start, the
   * cumulative usageMetadata of Gemini's latest chunk): what a stream cut short (the client left, the
   * provider failed) is billed by, its output no less than the proxy's estimate of what was relayed.
   */
  runningUsage?(): Usage | undefined;
  /**
   * A decoder for the events the relay forwarded undecoded (same format in and out), read after this
   * one has read the rest, for the output estimate: counts only what this one did not. Without it a
   * fresh decoder reads them.
   */
  forwardedDecoder?(): StreamDecoder;
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
  /** client headers passed upstream when the format is the same */
  passHeaders?: Record<string, string>;
  /** the client asked to see the model's thoughts (Gemini `thinkingConfig.includeThoughts`) */
  includeThoughts?: boolean;
  /** OpenAI chat's deprecated `functions` (no `tools`): a tool call goes back as `function_call` */
  legacyFunctions?: boolean;
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
  formatResponse(res: CanonicalResponse, servedModel: string, ctx?: Pick<StreamEncoderContext, 'includeThoughts' | 'legacyFunctions'>): unknown;
  createStreamEncoder(ctx: StreamEncoderContext): StreamEncoder;
  /** the error body in this API's shape; `code` and `param` where the API carries them (OpenAI `code`, `param`) */
  formatError(status: number, type: string, message: string, code?: string, param?: string): unknown;
  /**
   * An error event mid-stream, in this API's SSE framing. `forwarded`: the data of the first and the
   * last event of a forwarded stream so far, for an API whose events carry state (the Responses API
   * numbers them and names its response).
   */
  formatStreamError(status: number, type: string, message: string, forwarded?: ForwardedSoFar): string;
  /** a stream framed other than as SSE (Gemini's JSON-array stream); absent: SSE */
  createStreamFraming?(): StreamFraming;
  /**
   * Same format in and out (the upstream's answer is forwarded, not formatted here): sees that answer
   * on its way to the client, the whole body, or each SSE event before it is written. The Responses
   * API keeps what it answered, for `previous_response_id`.
   */
  observeForwarded?: { body(json: unknown): void; event(e: SseEvent): void };
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

/** Thrown by an adapter's parse* when a 200 body is really an error. */
export class UpstreamFailure extends Error {
  readonly error: UpstreamError;
  constructor(error: UpstreamError) {
    super(error.message);
    this.name = 'UpstreamFailure';
    this.error = error;
  }
}

export class RequestValidationError extends Error {
  readonly param: string | undefined;
  constructor(message: string, param?: string) {
    super(message);
    this.name = 'RequestValidationError';
    this.param = param;
  }
}
