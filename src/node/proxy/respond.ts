// Writing responses: JSON, errors in the inbound API's own shape, the headers every response carries.
import type { ServerResponse } from 'node:http';
import type { InboundCodec, RequestValidationError } from '../../core/canonical';
import { contextOverflowMessage, type ContextOverflow } from '../../core/inbound/context-overflow';
import { headerText } from '../../core/header-text';
import { redactSecrets } from '../../core/redact';

const ERROR_TYPES = [
  'invalid_request_error', 'authentication_error', 'permission_error', 'not_found_error', 'budget_exceeded', 'request_too_large',
  'unsupported_media_type', 'rate_limit_error', 'api_error', 'overloaded_error', 'timeout_error',
] as const;

export type ErrorType = (typeof ERROR_TYPES)[number];

export const isErrorType = (type: string): type is ErrorType => (ERROR_TYPES as readonly string[]).includes(type);

/**
 * The headers every answer carries. The model id's name part is the provider's own (a vLLM
 * `--served-model-name` may be any text): it goes out percent-encoded beyond printable ASCII (headerText).
 */
export function idHeaders(requestId: string, servedModel?: string | null): Record<string, string> {
  const h: Record<string, string> = {
    'x-switchboard-request-id': requestId,
    'x-request-id': requestId,
    'request-id': requestId,
  };
  if (servedModel) h['x-switchboard-model'] = headerText(servedModel);
  return h;
}

export function sendJson(
  res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, replacer?: (key: string, value: unknown) => unknown,
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body, replacer);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export class ProxyError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    message: string,
    readonly headers: Record<string, string> = {},
    /** what the usage row records as the error kind */
    readonly kind: string = type,
    /** a machine-readable code for APIs that carry one (OpenAI `code`), e.g. `context_length_exceeded` */
    readonly code?: string,
    /** the prompt is too long for every model that could serve it: worded as the client's API words it */
    readonly overflow?: ContextOverflow,
    /** the parameter at fault, for APIs that name it (OpenAI `param`), e.g. `limit`, `input[0].content[0].text` */
    readonly param?: string,
    /** the provider's own error details (Anthropic's `error.details`, a message thread's error_code), for APIs that carry them */
    readonly details?: Record<string, unknown>,
  ) {
    super(redactSecrets(message));
    this.name = 'ProxyError';
  }
}

/** The status the client is sent for `err`: a final answer (x-should-retry false) as its API wants it (Gemini: 400 for 503). */
export function sentStatus(codec: InboundCodec, err: ProxyError): number {
  return err.headers['x-should-retry'] === 'false' ? codec.finalErrorStatus?.(err.status) ?? err.status : err.status;
}

export function sendProxyError(res: ServerResponse, codec: InboundCodec, err: ProxyError, base: Record<string, string>): void {
  const message = err.overflow ? `${contextOverflowMessage(codec.api, err.overflow)} (Switchboard: ${err.message})` : err.message;
  const status = sentStatus(codec, err);
  sendJson(res, status, codec.formatError(status, err.type, message, err.code, err.param, err.details), { ...base, ...err.headers });
}

/** The client's request is malformed: a 400 naming the parameter at fault, in the text and as `param` (OpenAI SDKs read err.param). */
export function invalidRequestError(err: RequestValidationError, headers: Record<string, string> = {}): ProxyError {
  const message = err.param ? `${err.message} (param: ${err.param})` : err.message;
  return new ProxyError(400, 'invalid_request_error', message, headers, 'bad_request', undefined, undefined, err.param);
}
