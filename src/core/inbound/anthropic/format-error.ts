// Errors in Anthropic's shape: `{"type":"error","error":{"type","message"}}`, status kept as given.
import { anthropicErrorTypeForStatus, isAnthropicErrorType } from '../../providers/anthropic/wire-types';

export interface AnthropicErrorOut {
  type: 'error';
  error: { type: string; message: string; details?: Record<string, unknown> };
}

/**
 * The caller's type when it is one Anthropic documents, else the type Anthropic pairs with the status;
 * `details` as the provider sent them (a message thread's error_code, which the SDK recovers by).
 */
export function formatAnthropicError(status: number, type: string, message: string, _code?: string, _param?: string, details?: Record<string, unknown>): AnthropicErrorOut {
  const error: AnthropicErrorOut['error'] = { type: isAnthropicErrorType(type) ? type : anthropicErrorTypeForStatus(status), message };
  if (details !== undefined) error.details = details;
  return { type: 'error', error };
}

export function formatAnthropicStreamError(status: number, type: string, message: string): string {
  return `event: error\ndata: ${JSON.stringify(formatAnthropicError(status, type, message))}\n\n`;
}
