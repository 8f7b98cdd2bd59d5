// The canonical request/response/stream shapes used where a request crosses formats: an inbound
// API translates into them and an upstream adapter builds from them. Same format in and out never
// goes through them (the client's body is forwarded). Modelled on the union of the four APIs.

export type { WireFormat } from '../shared/provider-types';
import type { ContextOverflow } from './inbound/context-overflow';

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
  /** `detail`: OpenAI's resolution hint (`low`, `high`, `auto`) as the client sent it; only OpenAI's APIs take it */
  | { type: 'image'; source: ImageSource; detail?: string }
  | { type: 'document'; source: DocumentSource; filename?: string }
  /** spoken input (OpenAI `input_audio`, Gemini inlineData audio/*): base64 with its format */
  | { type: 'audio'; data: string; format: string };

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text, as the model produced it */
  arguments: string;
  /**
   * Opaque state the provider put on the call (Gemini 3's thoughtSignature), never shown to a client of
   * another API: it goes back with the call to the model that made it (node/proxy/thought-signatures.ts)
   */
  signature?: string;
  /**
   * Claude's thinking that came right before this call in an Anthropic answer (its signed blocks, as sent:
   * the first call of a turn carries those before it, a later call those between it and the one before; `[]`
   * none of its own). Anthropic takes a tool loop on with thinking only when the turn's calls come back after their
   * blocks, so it goes back to the model that made it: kept by the proxy (node/proxy/kept-thinking.ts) and held by a
   * Responses or Gemini client sealed, authenticated, in a field it sends back (switchboard-thinking.ts)
   */
  thinking?: SignedThinking[];
  /** the model id (`provider/model`) that did `thinking`, when the client brought it back (switchboard-thinking.ts): only that model is sent it */
  thinkingBy?: string;
  /**
   * OpenAI's encrypted reasoning that came right before this call in a Responses answer to a request of another
   * API (sent with store false, so only the encrypted part carries it): it goes back before the call to that model
   */
  reasoningItem?: EncryptedReasoning;
  /**
   * OpenRouter's `reasoning_details` of the answer that made this call (every call of the answer holds the same
   * list): Gemini 3's thought signatures ride there, and OpenRouter wants them back on the assistant message with
   * the calls. Kept by the proxy for a client of another API (node/proxy/thought-signatures.ts)
   */
  reasoningDetails?: ReasoningDetail[];
}

/** One item of OpenRouter's `reasoning_details` (reasoning.text, reasoning.summary, reasoning.encrypted), as it came. */
export type ReasoningDetail = Record<string, unknown>;

/** A Responses reasoning item's id and encrypted content, as OpenAI returned them. */
export interface EncryptedReasoning { id: string; encryptedContent: string }

/** A thinking block as Anthropic answered it: the text with its signature, or redacted (encrypted) whole. */
export type SignedThinking = { type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string };

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

/**
 * A web search the provider runs itself (Anthropic's `web_search_...` server tool): an upstream with a search
 * of its own (Gemini's Google Search grounding) runs it with that; the others name it dropped (web-search.ts).
 */
export interface WebSearchTool {
  /** the client's tool type (`web_search_20250305`), in the names of what is dropped */
  type: string;
  /** the client's settings of it (`max_uses`, `user_location`, `allowed_domains`, ...), by their Anthropic names */
  settings: Record<string, unknown>;
}

/** What a provider's own web search found for the answer: the queries it ran and the sources it read. */
export interface WebSearchFound {
  queries: string[];
  sources: { url: string; title: string }[];
}

/** A choice that asks for a call (required, or a named tool): with no tools to call it cannot be carried, only dropped and named. */
export function forcesToolCall(choice: ToolChoice | undefined): boolean {
  return choice === 'required' || (typeof choice === 'object' && choice !== null);
}

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
  /** a web search the client asked the provider to run (not among `tools`, which the client runs) */
  webSearch?: WebSearchTool;
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  /**
   * `parallelToolCalls: false` is what the client's API implies (OpenAI chat's legacy `functions`: one call a turn),
   * not a parallel_tool_calls it sent: a provider with no switch for it does not name it (the calls past the first
   * are named when the answer has them)
   */
  parallelToolCallsImplied?: boolean;
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
  /** the end-user id came as OpenAI's newer `safety_identifier`: the name a builder that cannot carry it gives it */
  userField?: 'safety_identifier';
  /** OpenAI's `prompt_cache_key`: requests sharing it are routed to the same prompt cache (Codex sends its session id) */
  promptCacheKey?: string;
  /**
   * OpenAI options the Responses API takes too (Chat Completions `verbosity`, Responses `text.verbosity`;
   * `service_tier`, which sets the price; `metadata`); other formats have no place for them
   */
  verbosity?: string;
  serviceTier?: string;
  metadata?: Record<string, unknown>;
  /** headers to pass through to the upstream (e.g. `anthropic-beta`) */
  passHeaders?: Record<string, string>;
  /** the last message is the assistant's text for the answer to go on from (Anthropic's prefill: providers/prefill.ts) */
  prefill?: boolean;
}

/** least first; ultra (Codex's newest OpenAI models) is max with the model delegating parts of the task */
export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max' | 'ultra';

/** A canonical request and what the client sent that it could not carry (named in `x-switchboard-dropped`). */
export interface Translated {
  request: CanonicalRequest;
  /** field names, e.g. `cache_control`, `logit_bias`, `messages.content[type=container_upload]` */
  dropped: string[];
  /** tools that went under other names than the client's (inbound/safe-tool-name.ts): a call comes back under the client's */
  toolNames?: ToolNamesBack;
  /** canonical field names this request's client spelled its own way, over its API's usual ones (dropped-names.ts) */
  clientTerms?: Record<string, string>;
}

/** The name a client declared a tool by, for the name the model was offered it under. */
export interface ToolNamesBack {
  toClient(name: string): string;
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
  /**
   * audio prompt tokens, cached ones included (part of inputTokens; Gemini's `promptTokensDetails` AUDIO, OpenAI's
   * `prompt_tokens_details.audio_tokens`), dearer on some models
   */
  audioInputTokens?: number;
  /** of cachedInputTokens, the audio ones (Gemini's `cacheTokensDetails` AUDIO) */
  cachedAudioInputTokens?: number;
  /** audio the model spoke (part of outputTokens; OpenAI's `completion_tokens_details.audio_tokens`, Gemini's `candidatesTokensDetails` AUDIO) */
  audioOutputTokens?: number;
  /** image tokens the model drew (part of outputTokens; Gemini's `candidatesTokensDetails` IMAGE), dearer than its text */
  imageOutputTokens?: number;
  /** what the provider billed for the request, USD (OpenRouter `usage.cost`): it wins over the catalog estimate */
  providerCostUsd?: number;
  /**
   * Paid web searches the provider ran for the request (Anthropic `server_tool_use.web_search_requests`, OpenAI
   * Responses `web_search_call` output items, Gemini's `groundingMetadata.webSearchQueries`), billed on top of the tokens
   */
  webSearchCalls?: number;
  /** OpenAI Responses `file_search_call` output items: hosted file searches, billed per call on top of the tokens */
  fileSearchCalls?: number;
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
  /** parts of the provider's answer this form has no place for (a Gemini image), named for x-switchboard-dropped */
  dropped?: string[];
  /** the web search the provider ran for the answer (Gemini's grounding), when the request asked for one */
  webSearch?: WebSearchFound;
}

export type StreamPart =
  /** `inputTokens`: the prompt's size when the provider states it before the end (Gemini does) */
  | { type: 'start'; id: string; model: string; inputTokens?: number; cachedInputTokens?: number }
  /** `refusal`: the text is the model's refusal (chat's delta.refusal, a Responses refusal part), answer text to formats with no place for it */
  | { type: 'text-delta'; text: string; refusal?: true }
  | { type: 'reasoning-delta'; text: string }
  /**
   * the model is at work on its answer though none of it came yet: a reasoning item or thinking block
   * begun (`thinking`), a tool running at the provider (a web search, code execution). Not content: encoders
   * write nothing for it; it only ends the try's wait for the answer to begin (timeout_ms)
   */
  | { type: 'at-work'; thinking: boolean }
  /** a new tool call; `index` counts tool calls within this response from 0 */
  | { type: 'tool-call-start'; index: number; id: string; name: string; signature?: string; thinking?: SignedThinking[]; reasoningItem?: EncryptedReasoning }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'usage'; usage: Usage }
  /** the web search the provider ran (Gemini's grounding metadata, which comes with the last chunks) */
  | { type: 'web-search'; search: WebSearchFound }
  /**
   * `reasoningDetails`: OpenRouter's reasoning_details the answer streamed (they may come after its calls began),
   * with the ids of the calls they go back with; only when it made calls
   */
  | { type: 'finish'; finishReason: FinishReason; reasoningDetails?: { callIds: string[]; details: ReasoningDetail[] } }
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
  | 'invalid_output' // a well provider's model answered what cannot be used (Gemini's malformed function call): another try may do better
  // the proxy's own failures: never the provider's fault, so they never cool it down
  | 'internal'       // a bug here (an adapter threw)
  | 'key_unavailable' // the key store could not be read (locked keychain): another provider may serve
  | 'refused_url'    // the provider's URL is refused (SSRF rules)
  | 'untranslatable' // the request cannot be carried to this provider's format without changing its meaning, or this model cannot do what it asks (Ollama's "does not support tools")
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
  /**
   * the whole request had been sent to the provider when it failed: it may have been at work on the answer
   * (Ollama sends no headers while it generates a tool call)
   */
  sent?: boolean;
  /** already redacted: never contains a key */
  message: string;
  /**
   * the provider's own error code and offending parameter (OpenAI's `code`, `param`), in the terms of the
   * body it was sent: the client's own only when that body was the client's, forwarded (same format)
   */
  code?: string;
  param?: string;
  /**
   * the provider's error type and `details` (Anthropic's `error.details`), for a fault of the request the
   * client's SDK acts on by them (a message thread's `thread_*` error_code: it replays the conversation):
   * the client gets them as the provider sent them, with its status. Already redacted.
   */
  detailed?: { type: string; details: Record<string, unknown> };
  /**
   * what the provider said it used for an answer it gave but that could not be used (Gemini's malformed
   * function call): billed all the same, so the request's usage row counts it
   */
  billed?: Usage;
  /** `billed` is Switchboard's estimate (the provider stated no figures for it): the row is marked estimated */
  billedEstimated?: boolean;
  /**
   * the model stopped for a reason it would meet again on the same request (Gemini's LANGUAGE,
   * TOO_MANY_TOOL_CALLS): no second try on that model, whatever its kind's policy says (each try bills the
   * prompt); another candidate may serve
   */
  repeats?: boolean;
  /**
   * a context_length failure whose message named the sizes (prompt and output room asked, the model's
   * context): the client is told them in its own API's words (providers/overflow-figures.ts)
   */
  overflow?: ContextOverflow;
  /**
   * a context_length failure worded as an overflow without sizes (OpenAI Responses' "Your input exceeds the context
   * window of this model"): the proxy fills `overflow` from its own estimate and the model's context_length
   */
  sizelessOverflow?: boolean;
}

export type {
  UpstreamHttpRequest,
  UpstreamTarget,
  StreamDecoder,
  SseEvent,
  StreamEncoder,
  ForwardContext,
  AnswerReadOptions,
  UpstreamAdapter,
  InboundRead,
  StreamEncoderContext,
  ForwardedSoFar,
  InboundCodec,
  StreamFraming,
} from './adapter-contracts';

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
