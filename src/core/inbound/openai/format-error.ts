// Errors in the OpenAI shape: `{"error":{"message","type","param","code"}}`.

/** the `code` the OpenAI API (or its SDKs' users) would expect for a status */
const CODE_BY_STATUS: Record<number, string> = {
  401: 'invalid_api_key',
  402: 'budget_exceeded',
  404: 'model_not_found',
  413: 'request_too_large',
  429: 'rate_limit_exceeded',
};

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function formatOpenAIError(status: number, type: string, message: string, code?: string, param?: string): OpenAIErrorBody {
  return { error: { message, type: type || 'api_error', param: param ?? null, code: code ?? CODE_BY_STATUS[status] ?? (type || null) } };
}

/** The OpenAI SDKs raise an APIError when a stream chunk carries `error`. */
export function formatOpenAIStreamError(status: number, type: string, message: string): string {
  return `data: ${JSON.stringify(formatOpenAIError(status, type, message))}\n\n`;
}
