// The OpenAI Chat Completions wire shapes we build and read (the documented subset we use).

export type OpenAIContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: string } }
  | { type: 'file'; file: { file_data: string; filename?: string } }
  | { type: 'input_audio'; input_audio: { data: string; format: string } };

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type OpenAIMessage =
  | { role: 'system' | 'developer'; content: string }
  | { role: 'user'; content: string | OpenAIContentPart[] }
  /**
   * `reasoning_content`: DeepSeek's thinking, given back on turns with tool calls; `reasoning_details`: OpenRouter's,
   * given back the same way; `prefix`: Mistral's, to go on from it
   */
  | { role: 'assistant'; content: string | null; tool_calls?: OpenAIToolCall[]; reasoning_content?: string; reasoning_details?: Record<string, unknown>[]; prefix?: true }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface OpenAITool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown>; strict?: boolean };
}

export type OpenAIToolChoice =
  | 'auto' | 'none' | 'required'
  | { type: 'function'; function: { name: string } };

export type OpenAIResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; description?: string; schema: Record<string, unknown>; strict?: boolean } };

export interface OpenAIChatRequest {
  model: string;
  messages: OpenAIMessage[];
  tools?: OpenAITool[];
  tool_choice?: OpenAIToolChoice;
  parallel_tool_calls?: boolean;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  response_format?: OpenAIResponseFormat;
  max_tokens?: number;
  max_completion_tokens?: number;
  reasoning_effort?: string;
  /** OpenRouter: a thinking budget (`max_tokens`) or level (`effort`) */
  reasoning?: { effort?: string; max_tokens?: number };
  /** Groq: where a think-tag model's thinking goes ("parsed": the message's `reasoning` field) */
  reasoning_format?: 'parsed';
  stream?: boolean;
  stream_options?: { include_usage: boolean };
  /** OpenRouter, for Anthropic models: cache the prompt up to its last block */
  cache_control?: { type: 'ephemeral' };
  user?: string;
  prompt_cache_key?: string;
  seed?: number;
  random_seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  logprobs?: boolean;
  top_logprobs?: number;
  verbosity?: string;
  /** the tier asked for (OpenAI: auto, default, flex, priority); the answer's says which served it */
  service_tier?: string;
}

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
  /** OpenRouter: USD billed for the request */
  cost?: number;
  is_byok?: boolean;
  cost_details?: { upstream_inference_cost?: number | null };
}

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export function joinUrl(baseUrl: string, path: string): string {
  let end = baseUrl.length;
  while (end > 0 && baseUrl.charCodeAt(end - 1) === 47 /* / */) end--;
  return baseUrl.slice(0, end) + path;
}
