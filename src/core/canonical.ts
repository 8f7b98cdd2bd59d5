// The canonical request/response/stream shapes every inbound API parses into and every
// upstream adapter builds from. Modelled on the union of OpenAI Chat and Anthropic Messages.

export type { WireFormat } from '../shared/provider-types';
import type { WireFormat } from '../shared/provider-types';
export type InboundApi = 'openai' | 'anthropic';

export type ImageSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string };

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image'; source: ImageSource };

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text, as the model produced it */
  arguments: string;
}

export type CanonicalMessage =
  | { role: 'user'; content: ContentPart[] }
  | { role: 'assistant'; content: ContentPart[]; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: ContentPart[]; isError?: boolean };

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments */
  parameters: Record<string, unknown>;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean };

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
  /** reasoning effort / thinking budget where the client asked for one */
  reasoningEffort?: 'low' | 'medium' | 'high';
  thinkingBudgetTokens?: number;
  user?: string;
  /** headers to pass through to the upstream (e.g. `anthropic-beta`) */
  passHeaders?: Record<string, string>;
}

export interface CanonicalEmbeddingRequest {
  model: string;
  input: string[];
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
}

export interface CanonicalResponse {
  id: string;
  /** the upstream's model name as it reported it */
  model: string;
  text: string;
  reasoning?: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  /** absent when the upstream reported none */
  usage?: Usage;
}

export type StreamPart =
  | { type: 'start'; id: string; model: string }
  | { type: 'text-delta'; text: string }
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
  | 'unknown';

export interface UpstreamError {
  kind: UpstreamErrorKind;
  /** may the router try the next candidate? */
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  /** already redacted: never contains a key */
  message: string;
}

/** The request an adapter builds; the node layer sends it. */
export interface UpstreamHttpRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
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
}

/** Turns one upstream SSE stream into canonical parts. */
export interface StreamDecoder {
  /** one SSE event (its `event:` name, if any, and its `data:` text) */
  push(event: SseEvent): StreamPart[];
  /** the upstream closed the stream; emits an error part if it ended uncleanly */
  end(): StreamPart[];
}

export interface SseEvent {
  event?: string;
  data: string;
}

/** Turns canonical parts into the inbound API's SSE text. */
export interface StreamEncoder {
  encode(part: StreamPart): string;
  /** the stream ended cleanly (e.g. `data: [DONE]`) */
  end(): string;
}

export interface UpstreamAdapter {
  format: WireFormat;
  buildChatRequest(req: CanonicalRequest, target: UpstreamTarget): UpstreamHttpRequest;
  parseChatResponse(body: unknown): CanonicalResponse;
  createStreamDecoder(): StreamDecoder;
  buildEmbeddingsRequest(req: CanonicalEmbeddingRequest, target: UpstreamTarget): UpstreamHttpRequest;
  parseEmbeddingsResponse(body: unknown): CanonicalEmbeddingResponse;
  buildListModelsRequest(target: Omit<UpstreamTarget, 'modelName'>): UpstreamHttpRequest;
  parseListModels(body: unknown): string[];
  classifyError(status: number, bodyText: string, headers: Record<string, string | string[] | undefined>): UpstreamError;
}

export interface InboundCodec {
  api: InboundApi;
  /** throws RequestValidationError on bad input */
  parseRequest(body: unknown): CanonicalRequest;
  formatResponse(res: CanonicalResponse, servedModel: string): unknown;
  createStreamEncoder(ctx: { id: string; servedModel: string; includeUsage: boolean }): StreamEncoder;
  /** the error body in this API's shape */
  formatError(status: number, type: string, message: string): unknown;
  /** an error event mid-stream, in this API's SSE framing */
  formatStreamError(status: number, type: string, message: string): string;
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
