// Anthropic failures -> UpstreamError. The body is `{type:'error', error:{type, message}}`;
// 529 (overloaded_error) is Anthropic's own status for "busy, try elsewhere".
import type { UpstreamError } from '../../canonical';
import { upstreamError } from '../errors';
import { ANTHROPIC_ERROR_STATUS, asAnthropicErrorBody, isAnthropicErrorType } from './wire-types';

type Headers = Record<string, string | string[] | undefined>;

export function classifyAnthropicError(status: number, bodyText: string, headers: Headers): UpstreamError {
  const body = asAnthropicErrorBody(tryParseJson(bodyText));
  if (body) return upstreamError(status, body.error.message, headers, body.error.type);
  // not Anthropic's shape (an HTML page from a proxy, an empty body): keep a short excerpt
  return upstreamError(status, bodyText.trim().slice(0, 300), headers);
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
