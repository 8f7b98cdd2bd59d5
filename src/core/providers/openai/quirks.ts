// Where OpenAI-compatible providers differ from OpenAI on the request side.
// Mistral validates strictly (422 "Extra inputs are not permitted") and wants 9-character tool ids.
import type { ProviderType } from '../../../shared/types';
import { boundedUserId } from '../end-user-id';
import { GROQ_MESSAGE_FIELDS, GROQ_MESSAGE_RENAMES, MISTRAL_MESSAGE_FIELDS } from './message-fields';

/** OpenAI's limit on `user` (400 "Invalid 'user': string too long", string_above_max_length); OpenRouter's is 128. */
const MAX_USER_LENGTH = 64;

/**
 * The end-user id as a translated request sends it: a longer one as its SHA-256 (64 hex digits), the same
 * for the same id, so the provider still groups one user's (or one Claude Code session's) requests.
 */
export function upstreamUser(user: string): string {
  return boundedUserId(user, MAX_USER_LENGTH);
}

export interface OpenAIQuirks {
  /** OpenAI deprecated `max_tokens` (reasoning models reject it); most others only know `max_tokens` */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** accepts `stream_options: {include_usage: true}` (Mistral rejects it but reports usage anyway) */
  streamUsageOption: boolean;
  /**
   * documents the end-user id field `user` (OpenAI, OpenRouter, Groq, xAI); others get it left out and named:
   * Mistral refuses any field it does not list, and the rest never said they take it
   */
  acceptsUser: boolean;
  /** takes `prompt_cache_key` (OpenAI's Chat Completions); others never documented it, and Mistral refuses unknown fields */
  acceptsPromptCacheKey?: boolean;
  /** rewrites tool call ids the provider would refuse; the same input always gives the same id */
  toolCallId?: (id: string) => string;
  /** the provider refuses any other top-level field (Mistral: 422 "Extra inputs are not permitted") */
  onlyFields?: ReadonlySet<string>;
  /** per role, the only fields a message may hold (Mistral: 422 extra_forbidden; Groq: 400 "property ... is unsupported") */
  messageFields?: Readonly<Record<string, ReadonlySet<string>>>;
  /** per role, a field `messageFields` leaves out that goes under the provider's own name instead (Groq: reasoning_content as reasoning) */
  messageRenames?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * knows no `developer` role, so it goes as `system` (DeepSeek: "unknown variant `developer`, expected one of
   * `system`, `user`, `assistant`, `tool`"; Mistral, Groq, Together and local servers such as vLLM and Ollama
   * alike); only OpenAI and OpenRouter take it
   */
  developerAsSystem?: boolean;
  /**
   * refuses a user message right after a tool result (Mistral: 400 invalid_request_message_order "Unexpected role
   * 'user' after role 'tool'"), which Claude Code sends whenever text sits beside its tool results: an assistant
   * message with this text goes between them (an empty one Mistral refuses too)
   */
  assistantAfterTool?: string;
  /** top-level fields the provider answers 400 to, whatever their value (Groq: logprobs, top_logprobs, logit_bias) */
  refusesFields?: readonly string[];
  /** takes only n=1 (Groq: "if N is supplied, it must be equal to 1") */
  oneChoice?: boolean;
  /** the provider's name for `seed` */
  seedField: string;
  /** continues the conversation's closing assistant message marked `prefix: true`, which its answer repeats first (Mistral: providers/prefill.ts) */
  continuesPrefix?: boolean;
  /**
   * continues a closing assistant message as sent (OpenRouter's "Assistant Prefill": "supports asking models to
   * complete a partial response", https://openrouter.ai/docs/api-reference/overview); its answer is taken as it comes
   */
  continuesAssistant?: boolean;
  /** the provider's name for the embeddings' `dimensions` (Mistral: `output_dimension`) */
  dimensionsField?: string;
  /** embeddings: the provider refuses any other top-level field (Mistral: 422 extra_forbidden) */
  onlyEmbeddingFields?: ReadonlySet<string>;
  /** embeddings: the provider documents `encoding_format: base64` (OpenAI, OpenRouter): asked for, the answer is ~2.3x smaller than floats */
  base64Embeddings?: true;
  /**
   * The model caches a prompt only when asked (`cache_control`), and the provider takes one top-level
   * `cache_control` for "cache up to the last block" (OpenRouter, for Anthropic's models).
   */
  asksForCache?: (modelName: string) => boolean;
  /**
   * The model writes its thinking as `<think>` tags in the answer unless asked for `reasoning_format: "parsed"`
   * (Groq's default is "raw"; https://console.groq.com/docs/reasoning): asked for a translated request to a
   * reasoning model, so the thinking arrives in `reasoning` and is read as thinking, not as the answer.
   */
  parsedReasoning?: (modelName: string) => boolean;
  /**
   * refuses `response_format: {type: "json_object"}` (LM Studio: 400 "'response_format.type' must be 'json_schema'
   * or 'text'", lmstudio-bug-tracker#189) and takes the same ask as a json_schema of any object
   */
  jsonObjectAsSchema?: boolean;
  /**
   * How the model enforces a `json_schema`: `strict` where it takes `strict: true` (OpenAI's strict mode), `grammar`
   * where it constrains the answer to any schema it takes without the flag (a local server's grammar); else (left
   * out) best effort, and `strict: true` is not sent: Groq takes it only on its gpt-oss models, others may answer 400.
   */
  schemaEnforcement?: (modelName: string) => SchemaEnforcement | undefined;
  /**
   * The `service_tier` a translated request sends for the tier asked (a Responses client's, OpenAI's names), or
   * undefined where the provider does not list it and would answer 400: left out and named. Absent: the provider
   * never said it takes the field, so none is sent.
   */
  serviceTier?: (tier: string, modelName: string) => string | undefined;
}

export type SchemaEnforcement = 'strict' | 'grammar';
const STRICT = (): SchemaEnforcement => 'strict';
const GRAMMAR = (): SchemaEnforcement => 'grammar';
/** https://console.groq.com/docs/structured-outputs: strict: true on openai/gpt-oss-20b and -120b only */
const GROQ_STRICT = /(?:^|\/)gpt-oss-(?:20b|120b)$/i;

/** JSON mode said as a JSON schema: any object, which is what `json_object` asks for */
export const ANY_OBJECT_FORMAT = { type: 'json_schema', json_schema: { name: 'json_object', schema: { type: 'object' } } } as const;

/**
 * OpenAI's tiers as sent, but Flex only to the models that have it (o3, o4-mini, the GPT-5 family): others answer
 * 400 "Unsupported service_tier: flex" (gpt-4o, gpt-4.1).
 */
function openAITier(tier: string, modelName: string): string | undefined {
  return tier !== 'flex' || /^(?:o\d|gpt-5)/i.test(modelName) ? tier : undefined;
}
/** https://console.groq.com/docs/service-tiers: auto, on_demand (OpenAI's default), flex, performance; others are a 400 */
const GROQ_TIERS = new Set(['auto', 'on_demand', 'flex', 'performance']);
const groqTier = (tier: string): string | undefined => (tier === 'default' ? 'on_demand' : GROQ_TIERS.has(tier) ? tier : undefined);
/** xAI documents default and priority */
const xaiTier = (tier: string): string | undefined => (tier === 'default' || tier === 'priority' ? tier : undefined);

const DEFAULT_QUIRKS: OpenAIQuirks = { maxTokensField: 'max_tokens', streamUsageOption: true, acceptsUser: false, seedField: 'seed', developerAsSystem: true };
const OPENAI_QUIRKS: OpenAIQuirks = {
  maxTokensField: 'max_completion_tokens', streamUsageOption: true, acceptsUser: true, acceptsPromptCacheKey: true, seedField: 'seed',
  schemaEnforcement: STRICT, serviceTier: openAITier, base64Embeddings: true,
};
/** https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post */
const MISTRAL_FIELDS = new Set([
  'model', 'messages', 'temperature', 'top_p', 'max_tokens', 'stream', 'stop', 'random_seed', 'response_format', 'tools',
  'tool_choice', 'presence_penalty', 'frequency_penalty', 'n', 'prediction', 'parallel_tool_calls', 'safe_prompt',
  // the adjustable models' (model-effort.ts mistralEffort says which, and which values)
  'reasoning_effort',
]);
/** https://docs.mistral.ai/api/endpoint/embeddings */
const MISTRAL_EMBEDDING_FIELDS = new Set(['model', 'input', 'metadata', 'output_dimension', 'output_dtype', 'encoding_format']);
const MISTRAL_QUIRKS: OpenAIQuirks = {
  maxTokensField: 'max_tokens', streamUsageOption: false, acceptsUser: false, toolCallId: mistralToolCallId,
  onlyFields: MISTRAL_FIELDS, messageFields: MISTRAL_MESSAGE_FIELDS, developerAsSystem: true, assistantAfterTool: 'ok', seedField: 'random_seed', dimensionsField: 'output_dimension', onlyEmbeddingFields: MISTRAL_EMBEDDING_FIELDS,
  // https://docs.mistral.ai/capabilities/structured-output/custom_structured_output/: json_schema with strict
  schemaEnforcement: STRICT,
  continuesPrefix: true,
};

/**
 * https://openrouter.ai/docs: a top-level `cache_control` sets Anthropic's breakpoint on the last cacheable block;
 * structured outputs (https://openrouter.ai/docs/structured-outputs) take json_schema with strict: true
 */
const OPENROUTER_QUIRKS: OpenAIQuirks = {
  ...DEFAULT_QUIRKS, acceptsUser: true, developerAsSystem: false, asksForCache: (modelName) => modelName.startsWith('anthropic/'), schemaEnforcement: STRICT,
  continuesAssistant: true, base64Embeddings: true,
};
/** Groq's and xAI's chat completions list `user` (the end-user's id), as OpenAI's does */
const USER_QUIRKS: OpenAIQuirks = { ...DEFAULT_QUIRKS, acceptsUser: true };
/** xAI's structured outputs take OpenAI's json_schema, strict included (https://docs.x.ai/docs/guides/structured-outputs) */
const XAI_QUIRKS: OpenAIQuirks = { ...USER_QUIRKS, schemaEnforcement: STRICT, serviceTier: xaiTier };
/**
 * Groq's gpt-oss models take `include_reasoning` instead and refuse `reasoning_format`. "The following fields are
 * currently not supported and will result in a 400 error: logprobs, logit_bias, top_logprobs, messages[].name; if N
 * is supplied, it must be equal to 1" (https://console.groq.com/docs/openai); a message's other fields it does not
 * list are a 400 too (message-fields.ts).
 */
const GROQ_QUIRKS: OpenAIQuirks = {
  ...USER_QUIRKS, parsedReasoning: (modelName) => !modelName.toLowerCase().includes('gpt-oss'),
  refusesFields: ['logprobs', 'top_logprobs', 'logit_bias'], messageFields: GROQ_MESSAGE_FIELDS, messageRenames: GROQ_MESSAGE_RENAMES, oneChoice: true,
  schemaEnforcement: (modelName) => (GROQ_STRICT.test(modelName) ? 'strict' : undefined), serviceTier: groqTier,
};

/** LM Studio and Ollama constrain the answer to a json_schema by grammar, strict or not */
const LMSTUDIO_QUIRKS: OpenAIQuirks = { ...DEFAULT_QUIRKS, jsonObjectAsSchema: true, schemaEnforcement: GRAMMAR };
const OLLAMA_QUIRKS: OpenAIQuirks = { ...DEFAULT_QUIRKS, schemaEnforcement: GRAMMAR };

export function quirksFor(providerType: ProviderType | undefined): OpenAIQuirks {
  if (providerType === 'openai') return OPENAI_QUIRKS;
  if (providerType === 'mistral') return MISTRAL_QUIRKS;
  if (providerType === 'openrouter') return OPENROUTER_QUIRKS;
  if (providerType === 'groq') return GROQ_QUIRKS;
  if (providerType === 'xai') return XAI_QUIRKS;
  if (providerType === 'lmstudio') return LMSTUDIO_QUIRKS;
  if (providerType === 'ollama') return OLLAMA_QUIRKS;
  return DEFAULT_QUIRKS;
}

/**
 * Whether to ask the provider to cache the prompt: a conversation or an agent's request (more than one
 * message, or tools) to a model that caches only when asked, from a client that marked nothing itself.
 * A lone question is left alone: a cache write costs more than plain input, and nothing would read it.
 */
export function wantsCache(
  quirks: OpenAIQuirks, modelName: string, body: { messages?: unknown; tools?: unknown },
  /** asked last, only when the rest says yes: the client's own marks, which may take a scan of its messages */
  marked: () => boolean,
): boolean {
  if (!quirks.asksForCache?.(modelName)) return false;
  const conversation = (Array.isArray(body.tools) && body.tools.length > 0) || turnsOf(body.messages) > 1;
  return conversation && !marked();
}

/** Messages other than system or developer instructions. */
function turnsOf(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  return messages.filter((m) => {
    const role = m !== null && typeof m === 'object' ? (m as { role?: unknown }).role : undefined;
    return role !== 'system' && role !== 'developer';
  }).length;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const MISTRAL_ID = /^[A-Za-z0-9]{9}$/;

/** Mistral accepts only `[A-Za-z0-9]{9}`; its own ids pass unchanged, others are hashed (FNV-1a). */
export function mistralToolCallId(id: string): string {
  if (MISTRAL_ID.test(id)) return id;
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let out = '';
  for (let i = 0; i < 9; i++) {
    h = (h ^ (h >>> 15)) >>> 0;
    h = Math.imul(h, 0x2c1b3c6d) >>> 0;
    h = (h ^ (h >>> 12)) >>> 0;
    out += ALNUM.charAt(h % 62);
  }
  return out;
}
