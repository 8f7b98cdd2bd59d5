// The subset of Anthropic Messages wire shapes Switchboard reads and writes, in both directions.
// Field names follow https://docs.anthropic.com/en/api/messages exactly.
import { isJsonObject } from '../../json-object';

/** A prompt-cache breakpoint: Anthropic caches the prompt up to and including the block that carries it. */
export interface AnthropicCacheControl { type: 'ephemeral'; ttl?: '5m' | '1h' }

export interface AnthropicTextBlock { type: 'text'; text: string; cache_control?: AnthropicCacheControl }

export type AnthropicImageSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string };

export interface AnthropicImageBlock { type: 'image'; source: AnthropicImageSource; cache_control?: AnthropicCacheControl }

export interface AnthropicDocumentBlock {
  type: 'document';
  source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };
  title?: string;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | (AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock)[];
  is_error?: boolean;
  cache_control?: AnthropicCacheControl;
}

/** Claude's thinking, signed (or redacted whole), sent back as it came: never the last block of a turn, so never marked for the cache. */
export type AnthropicThinkingBlock =
  | { type: 'thinking'; thinking: string; signature: string; cache_control?: never }
  | { type: 'redacted_thinking'; data: string; cache_control?: never };

export type AnthropicContentBlock =
  | AnthropicThinkingBlock
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock;

export interface AnthropicMessageParam {
  role: 'user' | 'assistant';
  content: AnthropicContentBlock[];
}

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export interface AnthropicMessagesRequest {
  model: string;
  max_tokens: number;
  messages: AnthropicMessageParam[];
  system?: string | AnthropicTextBlock[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  thinking?: { type: 'enabled'; budget_tokens: number } | { type: 'adaptive' };
  /** effort: how hard a Claude 4.6+ model thinks; format: structured output (Claude 4.5+) */
  output_config?: { effort?: 'low' | 'medium' | 'high' | 'max'; format?: { type: 'json_schema'; schema: Record<string, unknown> } };
  metadata?: { user_id: string };
  stream?: boolean;
}

export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  /** cache_creation_input_tokens by cache lifetime */
  cache_creation?: { ephemeral_5m_input_tokens?: number | null; ephemeral_1h_input_tokens?: number | null } | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
  /** server tools run for the request: web searches are billed per search, web fetches by their tokens only */
  server_tool_use?: { web_search_requests?: number | null; web_fetch_requests?: number | null } | null;
  /** the speed that served the request (fast mode, beta fast-mode-2026-02-01): `standard` or `fast` */
  speed?: string | null;
  /** where the inference ran (request `inference_geo`, or the workspace's default): `global` or `us` */
  inference_geo?: string | null;
  /**
   * Per-iteration usage (server tool loops, compaction): a `compaction` entry's tokens are NOT in the figures
   * above, a `message` entry's are
   */
  iterations?: AnthropicIterationUsage[] | null;
}

export interface AnthropicIterationUsage {
  type?: string;
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_creation?: AnthropicUsage['cache_creation'];
}

export type AnthropicStopReason =
  | 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal'
  | 'model_context_window_exceeded';

/** The documented error types, with the HTTP status the API pairs each with. */
export const ANTHROPIC_ERROR_STATUS = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
} as const;

export type AnthropicErrorType = keyof typeof ANTHROPIC_ERROR_STATUS;

export function isAnthropicErrorType(type: unknown): type is AnthropicErrorType {
  return typeof type === 'string' && Object.hasOwn(ANTHROPIC_ERROR_STATUS, type);
}

/** The error type the API would send with this status. */
export function anthropicErrorTypeForStatus(status: number): AnthropicErrorType {
  switch (status) {
    case 400: case 422: return 'invalid_request_error';
    case 401: return 'authentication_error';
    case 402: return 'billing_error';
    case 403: return 'permission_error';
    case 404: return 'not_found_error';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit_error';
    case 504: return 'timeout_error';
    case 503: case 529: return 'overloaded_error';
    default: return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

/** `{type:'error', error:{type, message}}`, or undefined when the value is something else. */
export function asAnthropicErrorBody(value: unknown): AnthropicErrorBody | undefined {
  if (!isJsonObject(value) || value.type !== 'error' || !isJsonObject(value.error)) return undefined;
  const { type, message } = value.error;
  return {
    type: 'error',
    error: { type: typeof type === 'string' ? type : 'api_error', message: typeof message === 'string' ? message : '' },
  };
}
