// Errors in Anthropic's shape: `{"type":"error","error":{"type","message"}}`, status kept as given.
import { anthropicErrorTypeForStatus, isAnthropicErrorType } from '../../providers/anthropic/wire-types';

export interface AnthropicErrorOut {
  type: 'error';
  error: { type: string; message: string };
}

/** The caller's type when it is one Anthropic documents, else the type Anthropic pairs with the status. */
export function formatAnthropicError(status: number, type: string, message: string): AnthropicErrorOut {
  return { type: 'error', error: { type: isAnthropicErrorType(type) ? type : anthropicErrorTypeForStatus(status), message } };
}

export function formatAnthropicStreamError(status: number, type: string, message: string): string {
  return `event: error\ndata: ${JSON.stringify(formatAnthropicError(status, type, message))}\n\n`;
}
