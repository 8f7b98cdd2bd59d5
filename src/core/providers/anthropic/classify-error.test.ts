import { describe, expect, it } from 'vitest';
import { anthropicFixture } from '../../../../test/fixtures/anthropic/load-fixture';
import { anthropicAdapter } from './index';

const classify = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  anthropicAdapter.classifyError(status, typeof body === 'string' ? body : JSON.stringify(body), headers);

const err = (type: string, message = 'm') => ({ type: 'error', error: { type, message } });

describe('anthropic classifyError', () => {
  it('reads the Anthropic error body and status', () => {
    expect(classify(529, anthropicFixture('overloaded.error.json'))).toEqual({ kind: 'overloaded', status: 529, message: 'Overloaded' });
    expect(classify(429, anthropicFixture('rate-limit.error.json'), { 'retry-after': '7' }))
      .toMatchObject({ kind: 'rate_limit', retryAfterMs: 7000 });
    expect(classify(400, anthropicFixture('context-length.error.json'))).toMatchObject({ kind: 'context_length' });
    expect(classify(400, err('invalid_request_error', 'messages: bad'))).toMatchObject({ kind: 'bad_request', message: 'messages: bad' });
    // too big for this model, not for every model: these fail over
    expect(classify(400, err('invalid_request_error', 'input length and `max_tokens` exceed context limit: 197000 + 8192 > 200000, decrease input length or `max_tokens` and try again'))).toMatchObject({ kind: 'context_length' });
    expect(classify(400, err('invalid_request_error', 'max_tokens: 64000 > 32000, which is the maximum allowed number of output tokens for claude-opus-4-1-20250805'))).toMatchObject({ kind: 'context_length' });
    expect(classify(400, err('invalid_request_error', 'max_tokens: must be at least 1'))).toMatchObject({ kind: 'bad_request' });
    expect(classify(401, err('authentication_error', 'invalid x-api-key'))).toMatchObject({ kind: 'auth' });
    expect(classify(403, err('permission_error'))).toMatchObject({ kind: 'auth' });
    expect(classify(404, err('not_found_error'))).toMatchObject({ kind: 'not_found' });
    expect(classify(413, err('request_too_large'))).toMatchObject({ kind: 'payload_too_large' });
    expect(classify(500, err('api_error'))).toMatchObject({ kind: 'server' });
    // an overloaded_error under a plain 500 or 503 is still "overloaded"
    expect(classify(500, err('overloaded_error', 'Overloaded'))).toMatchObject({ kind: 'overloaded' });
  });

  it('a model refusing a combination the request asked is the request\'s: bad_request, not a model that cannot serve', () => {
    expect(classify(400, err('invalid_request_error', 'claude-3-5-haiku-20241022 does not support thinking.'))).toMatchObject({ kind: 'bad_request' });
    expect(classify(400, err('invalid_request_error', "'claude-3-opus-20240229' does not support thinking"))).toMatchObject({ kind: 'bad_request' });
  });

  it("an account out of credit is our key's problem, not the request's: it fails over (auth), whatever the status", () => {
    expect(classify(400, err('invalid_request_error', 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.')))
      .toMatchObject({ kind: 'auth', status: 400 });
    expect(classify(402, err('billing_error', 'payment required'))).toMatchObject({ kind: 'auth', status: 402 });
  });

  it("a message thread's refusal is the request's, kept with its type and details, whatever its status", () => {
    const thread = (type: string, code: string, extra: Record<string, unknown> = {}) =>
      ({ type: 'error', error: { type, message: `${code} here`, details: { error_code: code, ...extra } } });
    // not an unknown model (404 not_found fails over and puts the model last): the SDK replays on it
    expect(classify(404, thread('not_found_error', 'thread_not_found'))).toEqual({
      kind: 'bad_request', status: 404, message: 'thread_not_found here',
      detailed: { type: 'not_found_error', details: { error_code: 'thread_not_found' } },
    });
    expect(classify(400, thread('invalid_request_error', 'thread_unsupported_request', { unsupported: ['context_management'] })))
      .toMatchObject({ kind: 'bad_request', detailed: { details: { error_code: 'thread_unsupported_request', unsupported: ['context_management'] } } });
    // a conflict status is not a busy provider here: no retry, no other model
    expect(classify(409, thread('invalid_request_error', 'thread_continue_in_flight'))).toMatchObject({ kind: 'bad_request', status: 409 });
    const leaked = classify(400, thread('invalid_request_error', 'thread_fingerprint_mismatch', { note: 'key sk-ant-api03-abcdefghijklmnopqrstu' }));
    expect(JSON.stringify(leaked)).not.toContain('abcdefghijklmnop');
    // other details are not carried, and change nothing
    expect(classify(404, { type: 'error', error: { type: 'not_found_error', message: 'm', details: { error_code: 'model_gone' } } }))
      .toEqual({ kind: 'not_found', status: 404, message: 'm' });
  });

  it('copes with bodies that are not Anthropic JSON and never leaks a key', () => {
    expect(classify(502, '<html>Bad Gateway</html>')).toMatchObject({ kind: 'server', status: 502, message: '<html>Bad Gateway</html>' });
    expect(classify(503, '')).toMatchObject({ kind: 'server', message: 'upstream returned HTTP 503' });
    const leaked = classify(401, err('authentication_error', 'invalid x-api-key: sk-ant-api03-abcdefghijklmnop'));
    expect(leaked.message).not.toContain('abcdefghijklmnop');
  });
});
