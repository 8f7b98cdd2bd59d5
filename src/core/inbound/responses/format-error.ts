// Errors of the Responses API: the same `{"error":{message,type,param,code}}` body as the rest of
// OpenAI's API; mid-stream, an `error` event and `response.failed`, as OpenAI ends a failed stream.
export { formatOpenAIError as formatResponsesError } from '../openai/format-error';

/** the `code` a failed response carries (ResponseError.code has no room for most of ours) */
export function failedCode(type: string): string {
  return type === 'rate_limit_error' ? 'rate_limit_exceeded' : 'server_error';
}

/**
 * Stateless, for a forwarded stream (the upstream numbered its events; the encoder of a translated
 * one numbers its own, see the stream encoder's `fail`).
 */
export function formatResponsesStreamError(_status: number, type: string, message: string): string {
  const code = failedCode(type);
  const error = `event: error\ndata: ${JSON.stringify({ type: 'error', code, message, param: null })}\n\n`;
  const failed = { type: 'response.failed', response: { object: 'response', status: 'failed', error: { code, message }, output: [] } };
  return `${error}event: response.failed\ndata: ${JSON.stringify(failed)}\n\n`;
}
