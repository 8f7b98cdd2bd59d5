// A chat client that asked for usage in the stream (`stream_options.include_usage`) is owed a last chunk with
// `choices: []` and `usage` before `[DONE]`, as OpenAI sends it: Continue, aider and LiteLLM meter from it. An
// upstream forwarded as is may send none (llama-server and other local servers ignore the option): the chunk is
// Switchboard's, with the figures its usage row records (the provider's, or its own estimate). Groq states its
// figures only under `x_groq.usage`, which no OpenAI client reads: its client gets this chunk too, with Groq's figures.
import type { Usage } from '../../core/canonical';
import { isJsonObject, jsonObjectOf } from '../../core/json-object';
import { formatSse } from '../../core/sse';

/**
 * Whether a forwarded chunk (`data`, as the client got it) states usage where a chat client reads it: a top-level
 * `usage`. Groq states it only under `x_groq.usage`, which Switchboard records but no OpenAI client reads.
 */
export function showsUsage(data: string): boolean {
  return isJsonObject(jsonObjectOf(data)?.usage);
}

/** The chunk's fields that name the answer, from `lastChunk` (the stream's last chunk before `[DONE]`), as its other chunks give them. */
const NAMING = ['id', 'object', 'created', 'model', 'system_fingerprint'] as const;

/** The SSE event of the usage chunk, named as the stream's other chunks (`lastChunk`: one of them, as sent). */
export function closingUsageChunk(lastChunk: string, usage: Pick<Usage, 'inputTokens' | 'outputTokens'>): string {
  // not a chunk (an upstream that sent none before [DONE]): the usage goes without its names
  const named: Record<string, unknown> = jsonObjectOf(lastChunk) ?? {};
  const chunk: Record<string, unknown> = {};
  for (const key of NAMING) {
    const value = named[key] ?? (key === 'object' ? 'chat.completion.chunk' : undefined);
    if (value !== undefined) chunk[key] = value;
  }
  chunk.choices = [];
  chunk.usage = { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens };
  return formatSse(JSON.stringify(chunk));
}
