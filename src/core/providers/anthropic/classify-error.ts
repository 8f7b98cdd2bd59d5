// Anthropic failures -> UpstreamError. The body is `{type:'error', error:{type, message}}`;
// 529 (overloaded_error) is Anthropic's own status for "busy, try elsewhere".
import type { UpstreamError } from '../../canonical';
import { redactSecrets } from '../../redact';
import { upstreamError } from '../errors';
import { ANTHROPIC_ERROR_STATUS, asAnthropicErrorBody, isAnthropicErrorType } from './wire-types';
import { isJsonObject } from '../../json-object';

type Headers = Record<string, string | string[] | undefined>;

export function classifyAnthropicError(status: number, bodyText: string, headers: Headers): UpstreamError {
  const json = tryParseJson(bodyText);
  const body = asAnthropicErrorBody(json);
  if (!body) {
    // not Anthropic's shape (an HTML page from a proxy, an empty body): keep a short excerpt
    return upstreamError(status, bodyText.trim().slice(0, 300), headers);
  }
  const err = upstreamError(status, body.error.message, headers, body.error.type);
  const details = threadDetails(json);
  // a message thread's refusal (thread_not_found: 404, the others 400) is the request's, whatever its
  // status: the SDK replays the conversation on it, which it can do only if it sees it; another model
  // would answer without the history the thread held, and the model is not unknown to the provider
  return details ? { ...err, kind: 'bad_request', detailed: { type: body.error.type, details } } : err;
}

/** `error.details` when it names a message thread's error_code (`thread_not_found`, `thread_fingerprint_mismatch`, ...), redacted. */
function threadDetails(json: unknown): Record<string, unknown> | undefined {
  const details = isJsonObject(json) && isJsonObject(json.error) ? json.error.details : undefined;
  if (!isJsonObject(details) || typeof details.error_code !== 'string' || !details.error_code.startsWith('thread_')) return undefined;
  if (JSON.stringify(details).length > 4_000) return { error_code: details.error_code.slice(0, 100) };
  return redactedStrings(details) as Record<string, unknown>;
}

/** Every string in a JSON value redacted (a key echoed back in details goes no further than in a message). */
function redactedStrings(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redactedStrings);
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactedStrings(v)]));
  return value;
}

/**
 * An error Anthropic reported without a meaningful HTTP status of its own: an `error` event
 * mid-stream or a 200 whose body is an error. The status is the one the type normally has.
 */
export function anthropicErrorFromType(type: string, message: string): UpstreamError {
  const status = isAnthropicErrorType(type) ? ANTHROPIC_ERROR_STATUS[type] : 500;
  return upstreamError(status, message || type, {}, type);
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
