import { describe, expect, it } from 'vitest';
import type { RequestAttempt } from '../../../shared/activity-types';
import { attemptBadge, resultTone, statusBadge } from './status-badge';

const served: RequestAttempt[] = [{ model: 'fo/gpt-fake', error_kind: null, status: 200, latency_ms: 5, message: null }];

describe('statusBadge', () => {
  it('a request cut short is neutral, not red: the client hung up or Switchboard shut down', () => {
    expect(statusBadge({ status: 200, error_kind: 'client_closed', attempts: served })).toEqual({
      tone: 'neutral', text: '200 client hung up', title: 'client_closed: cut short (the client hung up), not an error',
    });
    expect(statusBadge({ status: 200, error_kind: 'shutdown', attempts: served })).toMatchObject({ tone: 'neutral', text: '200 Switchboard shut down' });
    // cut short before any provider was called: still no error, and not a refusal
    expect(statusBadge({ status: 499, error_kind: 'client_closed', attempts: [] })).toMatchObject({ tone: 'neutral', text: '499 client hung up' });
  });

  it('a served request is ok, a failed one bad, one refused before routing says so', () => {
    expect(statusBadge({ status: 200, error_kind: null, attempts: served })).toEqual({ tone: 'ok', text: '200' });
    expect(statusBadge({ status: 502, error_kind: 'server', attempts: served })).toEqual({ tone: 'bad', text: '502 provider error', title: 'server' });
    expect(statusBadge({ status: 402, error_kind: 'budget_exhausted', attempts: [] })).toEqual({
      tone: 'bad', text: '402 budget used up', title: 'budget_exhausted: refused before routing',
    });
  });

  it('says the codes the hunt found in plain words, keeping each code in the title', () => {
    expect(statusBadge({ status: 404, error_kind: 'unknown_model', attempts: [] })).toEqual({
      tone: 'bad', text: '404 unknown model', title: 'unknown_model: refused before routing',
    });
    expect(statusBadge({ status: 400, error_kind: 'no_candidate', attempts: [] })).toMatchObject({ text: '400 no model available' });
    expect(statusBadge({ status: 504, error_kind: 'timeout', attempts: served })).toMatchObject({ text: '504 timed out', title: 'timeout' });
    // a kind this list does not know yet reads as its words
    expect(statusBadge({ status: 500, error_kind: 'some_new_kind', attempts: served })).toMatchObject({ text: '500 some new kind', title: 'some_new_kind' });
  });
});

describe('attemptBadge', () => {
  it('says an attempt\'s result in plain words, its code in the title', () => {
    expect(attemptBadge(null)).toEqual({ tone: 'ok', text: 'served' });
    expect(attemptBadge('server')).toEqual({ tone: 'bad', text: 'provider error', title: 'server' });
    expect(attemptBadge('rate_limit')).toEqual({ tone: 'bad', text: 'rate limited', title: 'rate_limit' });
    expect(attemptBadge('client_closed')).toEqual({ tone: 'neutral', text: 'client hung up', title: 'client_closed' });
  });
});

describe('resultTone', () => {
  it('an attempt cut short is neutral', () => {
    expect(resultTone(null)).toBe('ok');
    expect(resultTone('client_closed')).toBe('neutral');
    expect(resultTone('shutdown')).toBe('neutral');
    expect(resultTone('timeout')).toBe('bad');
  });
});
