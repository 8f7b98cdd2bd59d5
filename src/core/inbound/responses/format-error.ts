// Errors of the Responses API: the same `{"error":{message,type,param,code}}` body as the rest of
// OpenAI's API; mid-stream, an `error` event and `response.failed`, as OpenAI ends a failed stream.
import type { ForwardedSoFar } from '../../canonical';
import { isJsonObject } from '../../json-object';

export { formatOpenAIError as formatResponsesError } from '../openai/format-error';

/** the `code` a failed response carries (ResponseError.code has no room for most of ours) */
export function failedCode(type: string): string {
  return type === 'rate_limit_error' ? 'rate_limit_exceeded' : 'server_error';
}

const SEQUENCE = /"sequence_number"\s*:\s*(\d+)/;

/** The response a forwarded stream's first event (response.created) announced, if it did. */
function announced(data: string | undefined): Record<string, unknown> | undefined {
  if (data === undefined) return undefined;
  try {
    const event: unknown = JSON.parse(data);
    const response = isJsonObject(event) && event.type === 'response.created' ? event.response : undefined;
    return isJsonObject(response) ? response : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The failed response a forwarded stream that failed after it began ends with: the one response.created announced
 * (`forwarded.first`), failed, with `output` (the items its client was streamed, forwarded-output.ts).
 */
export function failedForwardedResponse(type: string, message: string, forwarded?: ForwardedSoFar, output: unknown[] = []): Record<string, unknown> {
  return {
    ...(announced(forwarded?.first) ?? { object: 'response' }),
    status: 'failed', error: { code: failedCode(type), message }, incomplete_details: null, output,
  };
}

/**
 * The end of a forwarded stream that failed after it began (the upstream numbered its events; the
 * encoder of a translated one numbers its own, see the stream encoder's `fail`): an `error` event and
 * `response.failed`, numbered on from the last event forwarded, the failed response being `response` (by
 * default the one response.created announced, with no output). Clients check both (the Vercel AI SDK
 * refuses an event without its number).
 */
export function formatResponsesStreamError(
  _status: number, type: string, message: string, forwarded?: ForwardedSoFar, response = failedForwardedResponse(type, message, forwarded),
): string {
  const code = failedCode(type);
  const last = forwarded ? SEQUENCE.exec(forwarded.last) : null;
  const seq = last ? Number(last[1]) + 1 : 0;
  const error = { type: 'error', sequence_number: seq, code, message, param: null };
  const failed = { type: 'response.failed', sequence_number: seq + 1, response };
  return `event: error\ndata: ${JSON.stringify(error)}\n\nevent: response.failed\ndata: ${JSON.stringify(failed)}\n\n`;
}
