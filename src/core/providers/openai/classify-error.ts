// OpenAI-style error bodies -> UpstreamError. Compatible servers vary the shape:
// OpenAI `{"error":{message,type,code}}`, Ollama `{"error":"text"}`, Mistral `{"message":{...},"type"}`,
// FastAPI/vLLM `{"detail":...}`, Gemini's compat layer `[{"error":{...}}]`, OpenRouter numeric `code`.
import { upstreamError } from '../errors';
import { overflowOf } from '../overflow-figures';
import { redactSecrets } from '../../redact';
import type { UpstreamError } from '../../canonical';
import { isJsonObject, ownValue, type JsonObject } from '../../json-object';

type Headers = Record<string, string | string[] | undefined>;

interface ErrorInfo {
  message: string;
  /** error.type and error.code, as a hint for classification */
  hint: string;
  /** a numeric HTTP status inside the body (OpenRouter) */
  status?: number;
  /** a moderation verdict on the input (OpenRouter's 403 `metadata.reasons` / `flagged_input`) */
  flagged?: boolean;
  /** the provider's own `code` (a string one: OpenRouter's numeric code is a status) and `param` */
  code?: string;
  param?: string;
  /** llama-server's `n_prompt_tokens` and `n_ctx` beside its context overflow: the figures its message may not name */
  sizes?: { prompt: unknown; has: unknown };
  /** what the provider behind OpenRouter said (`metadata.raw`, by `metadata.provider_name`): told, never classified on */
  behind?: string;
}

const STATUS_BY_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  invalid_api_key: 401,
  permission_error: 403,
  permission_denied: 403,
  not_found_error: 404,
  model_not_found: 404,
  rate_limit_error: 429,
  rate_limit_exceeded: 429,
  insufficient_quota: 429,
  tokens: 429,
  requests: 429,
  server_error: 500,
  api_error: 500,
  overloaded_error: 529,
};

const CONTENT_FILTER_CODES = /content_filter|content_policy_violation/;
const MAX_RAW_MESSAGE = 500;
const MAX_WIRE_NAME = 200;
/** the most of OpenRouter's `metadata.raw` read for the excerpt (redacted whole, then cut to MAX_RAW_MESSAGE) */
const MAX_RAW_READ = 4000;

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  return boundedJson(v) ?? '';
}

/**
 * OpenRouter's moderation refusal (openrouter.ai/docs/errors): a 403 whose `error.metadata` holds the
 * `reasons` the input was flagged for and the `flagged_input`. The request's content is at fault, not
 * our key: another model is no answer to it (and this model still serves other requests).
 */
function flaggedInput(metadata: unknown): boolean {
  return isJsonObject(metadata) && (Array.isArray(metadata.reasons) || typeof metadata.flagged_input === 'string');
}

function readErrorInfo(parsed: unknown): ErrorInfo | undefined {
  const root = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!isJsonObject(root)) return undefined;
  const err = root.error;
  if (typeof err === 'string') return { message: err, hint: '' };
  const src: JsonObject = isJsonObject(err) ? err : root;
  const message = text(src.message ?? src.detail ?? (isJsonObject(err) ? undefined : root.error));
  const type = typeof src.type === 'string' ? src.type : '';
  const code = src.code;
  const info: ErrorInfo = { message, hint: `${type} ${typeof code === 'string' ? code : ''}`.trim() };
  if (flaggedInput(src.metadata)) info.flagged = true;
  const behind = behindOpenRouter(src.metadata);
  if (behind !== undefined) info.behind = behind;
  if (typeof code === 'string' && code !== '') info.code = wireName(code);
  if (typeof src.param === 'string' && src.param !== '') info.param = wireName(src.param);
  if (src.n_prompt_tokens !== undefined && src.n_ctx !== undefined) info.sizes = { prompt: src.n_prompt_tokens, has: src.n_ctx };
  if (typeof code === 'number' && code >= 400 && code <= 599) info.status = code;
  else if (typeof src.status === 'number' && src.status >= 400 && src.status <= 599) info.status = src.status;
  return info;
}

/**
 * OpenRouter's error for a provider's refusal says only "Provider returned error"; the reason is in
 * `metadata.raw` (the provider's own body, often JSON) with `metadata.provider_name`. The provider's name and
 * an excerpt of what it said (its error's message when raw is an error body), redacted and bounded. One level
 * only: raw's own error message is read as it is, never as another error body (a raw nested in raw, however
 * deep, costs one parse).
 */
function behindOpenRouter(metadata: unknown): string | undefined {
  if (!isJsonObject(metadata) || metadata.raw === undefined || metadata.raw === null) return undefined;
  const raw = metadata.raw;
  let inner: unknown = raw;
  if (typeof raw === 'string') {
    try {
      inner = JSON.parse(raw);
    } catch {
      inner = undefined; // not JSON: the text as it came
    }
  }
  const said = rawMessage(inner) ?? (typeof raw === 'string' ? raw : boundedJson(raw));
  if (said === undefined) return undefined;
  const excerpt = redactSecrets(said.slice(0, MAX_RAW_READ)).trim().slice(0, MAX_RAW_MESSAGE);
  if (excerpt === '') return undefined;
  const name = typeof metadata.provider_name === 'string' ? redactSecrets(metadata.provider_name).slice(0, 100) : '';
  return name === '' ? excerpt : `${name}: ${excerpt}`;
}

/** The message of a provider's error body (`{error:{message}}`, `{error:"text"}`, `{message}`, `{detail}`, as an array's first): a string one, else undefined. */
function rawMessage(body: unknown): string | undefined {
  const root = Array.isArray(body) ? body[0] : body;
  if (!isJsonObject(root)) return undefined;
  if (typeof root.error === 'string') return root.error === '' ? undefined : root.error;
  const src: JsonObject = isJsonObject(root.error) ? root.error : root;
  const message = src.message ?? src.detail;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

/** A JSON value as text; undefined when it cannot be written (nested past the stack). */
function boundedJson(v: unknown): string | undefined {
  try {
    return JSON.stringify(v);
  } catch {
    return undefined;
  }
}

/** A code or parameter name as the provider wrote it, redacted and kept short: it reaches the client as is. */
function wireName(v: string): string {
  return redactSecrets(v).slice(0, MAX_WIRE_NAME);
}

function finish(status: number, info: ErrorInfo, headers: Headers): UpstreamError {
  const err = upstreamError(status, info.message, headers, info.hint);
  if (info.behind !== undefined) err.message = redactSecrets(`${err.message} (${info.behind})`).slice(0, 1000);
  if (info.code !== undefined) err.code = info.code;
  if (info.param !== undefined) err.param = info.param;
  if (err.kind === 'context_length' && err.overflow === undefined && info.sizes !== undefined) {
    const overflow = overflowOf(info.sizes.prompt, info.sizes.has);
    if (overflow) err.overflow = overflow;
  }
  if (CONTENT_FILTER_CODES.test(info.hint) || info.flagged === true) {
    err.kind = 'content_filter';
  }
  return err;
}

/** An HTTP error response from an OpenAI-compatible server. */
export function classifyOpenAIError(status: number, bodyText: string, headers: Headers): UpstreamError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  const info = readErrorInfo(parsed) ?? { message: bodyText.trim().slice(0, MAX_RAW_MESSAGE), hint: '' };
  return finish(status, info, headers);
}

/**
 * An error object that arrived with HTTP 200: a whole body or a stream chunk. The status comes
 * from the body (a numeric code or a known type), else `fallbackStatus`.
 */
export function errorFromOpenAIErrorBody(body: unknown, fallbackStatus: number): UpstreamError {
  const info = readErrorInfo(body) ?? { message: 'upstream returned an error', hint: '' };
  // the code (second word) is more specific than the type
  const typeStatus = info.hint.split(' ').reverse().map((w) => ownValue(STATUS_BY_TYPE, w)).find((s) => s !== undefined);
  return finish(info.status ?? typeStatus ?? fallbackStatus, info, {});
}
