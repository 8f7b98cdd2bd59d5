// Errors in Google's shape, `{"error":{"code","message","status"}}`, with the google.rpc status the
// HTTP status stands for: the SDKs and Gemini CLI decide on retries from `code` (429, 503, ...).

const RPC_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  // a spent budget is a quota, as Google names one; the message says which
  402: 'RESOURCE_EXHAUSTED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'UNIMPLEMENTED',
  408: 'DEADLINE_EXCEEDED',
  409: 'ABORTED',
  413: 'INVALID_ARGUMENT',
  415: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function rpcStatusFor(status: number): string {
  return RPC_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : status >= 400 ? 'FAILED_PRECONDITION' : 'UNKNOWN');
}

export interface GeminiErrorOut {
  error: { code: number; message: string; status: string };
}

/**
 * Gemini CLI retries every 503 (ten times, over minutes), whatever x-should-retry says: a 503 that waiting
 * will not mend (nothing set up yet, a local server not running) goes out as 400 FAILED_PRECONDITION, with
 * the same message saying what to do. A 503 worth waiting for (cooling down, overloaded) stays one.
 */
export function geminiFinalErrorStatus(status: number): number {
  return status === 503 ? 400 : status;
}

export function formatGeminiError(status: number, type: string, message: string): GeminiErrorOut {
  // a 400 that does not blame the request (typed api_error, not invalid_request_error): the setup is not ready
  const rpc = status === 400 && type === 'api_error' ? 'FAILED_PRECONDITION' : rpcStatusFor(status);
  return { error: { code: status, message, status: rpc } };
}

/** Mid-stream, Google sends the error object as one more event; the SDKs throw on it. */
export function formatGeminiStreamError(status: number, type: string, message: string): string {
  return `data: ${JSON.stringify(formatGeminiError(status, type, message))}\n\n`;
}
