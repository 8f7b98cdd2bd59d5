import { describe, expect, it } from 'vitest';
import { classifyGeminiError } from './errors';

const body = (code: number, status: string, message: string, details?: unknown[]) =>
  JSON.stringify({ error: { code, message, status, ...(details ? { details } : {}) } });

describe('classifyError', () => {
  it('reads RESOURCE_EXHAUSTED as a rate limit with the RetryInfo delay', () => {
    const e = classifyGeminiError(429, body(429, 'RESOURCE_EXHAUSTED', 'quota', [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' }]), {});
    expect(e).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 37_000 });
    expect(e.message).toBe('RESOURCE_EXHAUSTED: quota');
  });

  it('prefers a retry-after header over RetryInfo', () => {
    const e = classifyGeminiError(429, body(429, 'RESOURCE_EXHAUSTED', 'quota', [{ retryDelay: '37s' }]), { 'retry-after': '2' });
    expect(e.retryAfterMs).toBe(2000);
  });

  it('reads UNAVAILABLE as overloaded or server, both retryable', () => {
    expect(classifyGeminiError(503, body(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'), {}))
      .toMatchObject({ kind: 'overloaded' });
    expect(classifyGeminiError(503, body(503, 'UNAVAILABLE', 'The service is currently unavailable.'), {}))
      .toMatchObject({ kind: 'server' });
  });

  it('reads INVALID_ARGUMENT as the request\'s fault', () => {
    expect(classifyGeminiError(400, body(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Unknown name "foo"'), {}))
      .toMatchObject({ kind: 'bad_request', status: 400 });
  });

  it('reads a too-long prompt as context_length', () => {
    const msg = 'The input token count (1310720) exceeds the maximum number of tokens allowed (1048576).';
    expect(classifyGeminiError(400, body(400, 'INVALID_ARGUMENT', msg), {})).toMatchObject({ kind: 'context_length' });
  });

  it('reads an invalid key (400 INVALID_ARGUMENT, API_KEY_INVALID) as auth', () => {
    const e = classifyGeminiError(400, body(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
    ]), {});
    expect(e).toMatchObject({ kind: 'auth', status: 400 });
  });

  it.each([
    [403, 'PERMISSION_DENIED', 'auth'],
    [401, 'UNAUTHENTICATED', 'auth'],
    [400, 'FAILED_PRECONDITION', 'auth'],
    [404, 'NOT_FOUND', 'not_found'],
    [500, 'INTERNAL', 'server'],
    [504, 'DEADLINE_EXCEEDED', 'timeout'],
  ] as const)('%i %s -> %s', (status, rpc, kind) => {
    expect(classifyGeminiError(status, body(status, rpc, 'x'), {}).kind).toBe(kind);
  });

  it('never leaks a key echoed in the message', () => {
    const key = 'AIzaSyD3xampleKey_0123456789abcdefghijk';
    const e = classifyGeminiError(400, body(400, 'INVALID_ARGUMENT', `API key not valid: ${key}. Please pass a valid API key.`), {});
    expect(e.message).not.toContain(key);
    expect(e.message).toContain('[REDACTED]');
    expect(e.kind).toBe('auth');
  });

  it('handles the error wrapped in an array and non-JSON bodies', () => {
    expect(classifyGeminiError(429, JSON.stringify([{ error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'q' } }]), {}).kind).toBe('rate_limit');
    const html = classifyGeminiError(502, '<html><body>Bad Gateway</body></html>', {});
    expect(html).toMatchObject({ kind: 'server', status: 502 });
  });
});
